import { Add, type BinaryInputs, backend_util, type KernelConfig, type KernelFunc, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { simdKernels } from './simd/simd-kernels.js';
import { runStock } from './stock.js';
import { byteOffset, type WasmBackend } from './wasm-heap.js';

/**
 * Add for the wasm backend, with one case of its own: a float32 tensor plus a vector over its
 * trailing axes (the bias of a dense or conv layer, x [n,h,w,c] + b [c], which the engine runs as
 * a plain Add whenever gradients are recorded), as a SIMD row loop. Each sum is one f32
 * addition, as in the stock kernel, so results are bitwise equal; stock 4.22's broadcasting
 * path took ≈1 ms for [64,28,28,16] + [16]. Everything else runs the stock kernel.
 */
export function add(args: { inputs: BinaryInputs; backend: WasmBackend }): TensorInfo {
  const { inputs, backend } = args;
  const a = inputs.a as TensorInfo;
  const b = inputs.b as TensorInfo;
  const stock = (): TensorInfo => runStock(Add, { a, b }, backend);
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return stock();
  // Addition is commutative bit for bit, so either operand may be the row vector.
  const [big, row] = util.sizeFromShape(a.shape) >= util.sizeFromShape(b.shape) ? [a, b] : [b, a];
  const inner = util.sizeFromShape(row.shape);
  const size = util.sizeFromShape(big.shape);
  if (inner === 0 || inner % 4 !== 0 || inner === size || !trailingMatch(big.shape, row.shape)) return stock();
  const simd = simdKernels(backend.wasm.asm.memory);
  if (simd === null) return stock();
  const out = backend.makeOutput(backend_util.assertAndGetBroadcastShape(a.shape, b.shape), 'float32');
  simd.addRows(byteOffset(backend, big), size / inner, byteOffset(backend, row), inner / 4, byteOffset(backend, out));
  return out;
}

/** Whether `row`, without its leading 1s, equals the trailing axes of `shape`. */
function trailingMatch(shape: number[], row: number[]): boolean {
  const r = row.slice(row.findIndex((d) => d !== 1));
  if (r.length > shape.length) return false;
  return r.every((d, i) => d === shape[shape.length - r.length + i]);
}

export const addConfig: KernelConfig = {
  kernelName: Add,
  backendName: 'wasm',
  kernelFunc: add as unknown as KernelFunc,
};
