import { type KernelConfig, type KernelFunc, Sum, type SumAttrs, type SumInputs, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { simdKernels } from './simd/simd-kernels.js';
import { runStock } from './stock.js';
import { byteOffset, type WasmBackend } from './wasm-heap.js';

/**
 * Sum over leading axes (a bias gradient: Σ over batch and pixels of dy [n,h,w,c]) without the
 * stock kernel's transpose: out[j] = Σ_i x[i, j] for x viewed as [rows, inner], added row by
 * row with lrlab's SIMD loop. Each output is summed in f32 in the order i = 0, 1, …, starting
 * from 0, exactly as the stock kernel sums after its transpose, so results are bitwise equal.
 * Stock 4.22 took ≈1.7 ms for a [64,28,28,16] tensor, mostly the transpose. Other reductions
 * (inner axes, int32, inner size not a multiple of 4) run the stock kernel; a sum over an empty
 * leading axis gives zeros, as on the cpu backend (stock wasm 4.22 returns uninitialised memory).
 */
export function sum(args: { inputs: SumInputs; backend: WasmBackend; attrs: SumAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const stock = (): TensorInfo => runStock(Sum, { x }, backend, { ...attrs });
  if (x.dtype !== 'float32') return stock();
  // In the given order: the stock kernel sums over the reduced axes in that order, so only
  // [0, 1, …, k−1] (not [1, 0]) has the row-major order of this loop.
  const axes = util.parseAxisParam(attrs.axis, x.shape);
  const k = axes.length;
  if (k === 0 || axes.some((a, i) => a !== i)) return stock();
  const rows = util.sizeFromShape(x.shape.slice(0, k));
  const inner = util.sizeFromShape(x.shape.slice(k));
  const simd = simdKernels(backend.wasm.asm.memory);
  // Summing no rows gives zeros (the stock kernel leaves such an output unwritten).
  if (rows > 0 && (inner % 4 !== 0 || simd === null)) return stock();
  const rest = x.shape.slice(k);
  const out = backend.makeOutput(attrs.keepDims === true ? [...axes.map(() => 1), ...rest] : rest, 'float32');
  const outAt = byteOffset(backend, out);
  backend.wasm.HEAPF32.fill(0, outAt / 4, outAt / 4 + inner);
  if (rows > 0 && inner > 0 && simd !== null) simd.colSum(byteOffset(backend, x), rows, inner / 4, outAt);
  return out;
}

export const sumConfig: KernelConfig = {
  kernelName: Sum,
  backendName: 'wasm',
  kernelFunc: sum as unknown as KernelFunc,
};
