import { type KernelConfig, type KernelFunc, Sqrt, type SqrtInputs, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { simdKernels } from './simd/simd-kernels.js';
import { runStock } from './stock.js';
import { byteOffset, type WasmBackend } from './wasm-heap.js';

/**
 * Sqrt with wasm SIMD (`f32x4.sqrt`, IEEE correctly rounded, so bitwise equal to the stock
 * kernel's scalar f32 sqrt). Stock 4.22 took ≈1.2 ms per 200k floats, 4–8× an add or multiply
 * of the same size, which made it most of an Adam or RMSProp step. Non-float32 input runs the
 * stock kernel.
 */
export function sqrt(args: { inputs: SqrtInputs; backend: WasmBackend }): TensorInfo {
  const { inputs, backend } = args;
  const x = inputs.x as TensorInfo;
  const simd = simdKernels(backend.wasm.asm.memory);
  if (x.dtype !== 'float32' || simd === null) return runStock(Sqrt, { x }, backend);
  const out = backend.makeOutput(x.shape, 'float32');
  simd.sqrt(byteOffset(backend, x), byteOffset(backend, out), util.sizeFromShape(x.shape));
  return out;
}

export const sqrtConfig: KernelConfig = {
  kernelName: Sqrt,
  backendName: 'wasm',
  kernelFunc: sqrt as unknown as KernelFunc,
};
