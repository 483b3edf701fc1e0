import {
  Cast,
  type CastAttrs,
  type CastInputs,
  Identity,
  type IdentityInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { runStock } from './stock.js';
import type { WasmBackend } from './wasm-heap.js';

/**
 * Identity without a copy: the output shares the input's data, counted by the backend's
 * reference count (as the cpu and webgl backends and wasm's own Reshape do). Stock wasm 4.22
 * copies the tensor, and the engine calls Identity for every tensor a gradient saves
 * (`engine.clone`), i.e. several full activation copies per training step. Tensors are
 * immutable, so sharing is safe; string tensors keep the stock path.
 */
export function identity(args: { inputs: IdentityInputs; backend: WasmBackend }): TensorInfo {
  const { inputs, backend } = args;
  const x = inputs.x as TensorInfo;
  if (x.dtype === 'string') return runStock(Identity, { x }, backend);
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/**
 * Cast to the dtype the tensor already has is an Identity (the Relu gradient casts its float32
 * step mask to float32 on every step); other casts run the stock kernel.
 */
export function cast(args: { inputs: CastInputs; backend: WasmBackend; attrs: CastAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  if (x.dtype === attrs.dtype && x.dtype !== 'string') return identity({ inputs: { x }, backend });
  return runStock(Cast, { x }, backend, { ...attrs });
}

export const identityConfig: KernelConfig = {
  kernelName: Identity,
  backendName: 'wasm',
  kernelFunc: identity as unknown as KernelFunc,
};

export const castConfig: KernelConfig = {
  kernelName: Cast,
  backendName: 'wasm',
  kernelFunc: cast as unknown as KernelFunc,
};
