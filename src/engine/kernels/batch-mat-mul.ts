import {
  BatchMatMul,
  type BatchMatMulAttrs,
  type BatchMatMulInputs,
  broadcast_util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  Transpose,
  util,
} from '@tensorflow/tfjs-core';
import { simdKernels } from './simd/simd-kernels.js';
import { runStock } from './stock.js';
import { byteOffset, disposeTemp, makeView, releaseView, type WasmBackend } from './wasm-heap.js';

/** Below this many multiply-adds per batch entry the per-call overhead beats XNNPACK's speed. */
const MIN_MACS_PER_BATCH = 4096;

/**
 * Products with at most this many output rows, against a second operand of at least
 * SWAP_MIN_WEIGHTS elements, run in swapped order (see `swappedProduct`).
 */
export const SWAP_MAX_ROWS = 32;
export const SWAP_MIN_WEIGHTS = 16384;

/**
 * Whether an [m,k]·[k,n] product should run as (bᵀ·aᵀ)ᵀ. XNNPACK repacks the second operand
 * of every product whose data changed (a new tensor each training step), which at batch ≤ 32
 * costs more than the product itself (≈0.5–1 ms for 784×256 against 57 µs of arithmetic).
 */
export function preferSwapped(m: number, k: number, n: number): boolean {
  return m <= SWAP_MAX_ROWS && k * n >= SWAP_MIN_WEIGHTS;
}

/**
 * out [m,n] = a·b computed as (bᵀ·aᵀ)ᵀ, so that the small aᵀ [k,m] is the operand XNNPACK
 * repacks. `aT`/`bT` say whether the given tensors already hold aᵀ [k,m] / bᵀ [n,k] (then no
 * copy is made: a matMul gradient with transposeB passes the weights as they are).
 */
export function swappedProduct(
  backend: WasmBackend,
  a: TensorInfo,
  b: TensorInfo,
  aT: boolean,
  bT: boolean,
  m: number,
  k: number,
  n: number,
): TensorInfo {
  const temps: TensorInfo[] = [];
  try {
    const bt = bT ? b : runStock(Transpose, { x: { ...b, shape: [k, n] } }, backend, { perm: [1, 0] });
    if (bt !== b) temps.push(bt);
    const at = aT ? a : runStock(Transpose, { x: { ...a, shape: [m, k] } }, backend, { perm: [1, 0] });
    if (at !== a) temps.push(at);
    const prodT = plainProduct(backend, bt, at, n, k, m);
    temps.push(prodT);
    const out = runStock(Transpose, { x: { ...prodT, shape: [n, m] } }, backend, { perm: [1, 0] });
    return out;
  } finally {
    for (const t of temps) disposeTemp(backend, t);
  }
}

/** Transposes the last two axes with the wasm Transpose kernel (a fast blocked copy). */
export function transposeLastTwo(backend: WasmBackend, x: TensorInfo): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
  return runStock(Transpose, { x }, backend, { perm });
}

/**
 * BatchMatMul for the wasm backend. Stock 4.22 sends every product with transposeA/transposeB,
 * and every product with a batch dimension above 1, to a naive loop (0.4–2.3 GFLOP/s); only
 * `[1,m,k]·[1,k,n]` reaches XNNPACK (≈30 GFLOP/s). This kernel materialises transposed operands
 * with the Transpose kernel (O(mk) copy against O(mkn) work) and splits batches into
 * XNNPACK-sized products that read the operands in place.
 *
 * Products with very few rows (or, transposed, few terms) run on lrlab's own SIMD loop
 * (`simdProduct`), others with few output rows and a large second operand in swapped order
 * (`swappedProduct`, issue 3 point 5).
 *
 * Cases it cannot improve (non-float32, empty, shape errors, odd broadcasts) go to the stock
 * kernel, so errors and results there are the stock ones.
 */
export function batchMatMul(args: {
  inputs: BatchMatMulInputs;
  backend: WasmBackend;
  attrs: BatchMatMulAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const a = inputs.a as TensorInfo;
  const b = inputs.b as TensorInfo;
  const { transposeA, transposeB } = attrs;
  const stock = (): TensorInfo => runStock(BatchMatMul, { a, b }, backend, { ...attrs });
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return stock();
  const aRank = a.shape.length;
  const bRank = b.shape.length;
  if (aRank < 2 || bRank < 2) return stock();
  const inner = transposeA ? a.shape[aRank - 2] : a.shape[aRank - 1];
  const innerB = transposeB ? b.shape[bRank - 1] : b.shape[bRank - 2];
  const m = transposeA ? a.shape[aRank - 1] : a.shape[aRank - 2];
  const n = transposeB ? b.shape[bRank - 2] : b.shape[bRank - 1];
  const batchA = util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = util.sizeFromShape(b.shape.slice(0, -2));
  if (inner !== innerB || m * n * inner === 0) return stock();
  let outer: number[];
  try {
    outer = broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  } catch {
    return stock();
  }
  const batch = Math.max(batchA, batchB);
  // Stock only broadcasts a batch of 1 against the other operand's batch; keep its behaviour
  // (and error) for anything else.
  if (util.sizeFromShape(outer) !== batch || (batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) {
    return stock();
  }
  if (batch === 1 && !transposeB && n % 4 === 0 && preferSimd(m, inner, transposeA)) {
    const out = simdProduct(backend, a, b, transposeA, m, inner, n);
    if (out !== null) {
      out.shape = [...outer, m, n];
      return out;
    }
  }
  if (batch === 1 && preferSwapped(m, inner, n)) {
    const out = swappedProduct(backend, a, b, transposeA, transposeB, m, inner, n);
    out.shape = [...outer, m, n];
    return out;
  }
  if (!transposeA && !transposeB && batch === 1) return stock();
  if (batch > 1 && m * n * inner < MIN_MACS_PER_BATCH) return stock();

  const aRows = transposeA ? transposeLastTwo(backend, a) : a;
  const bRows = transposeB ? transposeLastTwo(backend, b) : b;
  let out: TensorInfo;
  try {
    out = batch === 1 ? plainProduct(backend, aRows, bRows, m, inner, n) : batchedProduct(backend, aRows, bRows, batchA, batchB, m, inner, n);
  } finally {
    if (aRows !== a) disposeTemp(backend, aRows);
    if (bRows !== b) disposeTemp(backend, bRows);
  }
  out.shape = [...outer, m, n];
  return out;
}

/** Products with at most this many rows (a·b) or terms (aᵀ·b) run on lrlab's SIMD loop. */
export const SIMD_MAX_ROWS = 8;
export const SIMD_MAX_TERMS = 4;

/**
 * Whether lrlab's SIMD loop beats XNNPACK for an [m,k]·[k,n] product (see `simdProduct`).
 * Measured on [m,784]·[784,256] with weights that change every call (training): m = 1 took
 * 0.05–0.1 ms against 0.6 ms, m = 8 was even; the weight gradient xᵀ·dy over k = 1…4 samples
 * took 0.03–0.1 ms against 0.06–0.2 ms, k = 8 was even.
 */
export function preferSimd(m: number, k: number, transposeA: boolean): boolean {
  return transposeA ? k <= SIMD_MAX_TERMS : m <= SIMD_MAX_ROWS;
}

/**
 * a·b (or aᵀ·b) with lrlab's SIMD loop (simd-kernels.ts `gemm`), reading both operands in place:
 * no transpose, and no XNNPACK repack of b, which for few rows costs more than the arithmetic.
 * Null where the engine has no wasm SIMD.
 */
function simdProduct(backend: WasmBackend, a: TensorInfo, b: TensorInfo, transposeA: boolean, m: number, k: number, n: number): TensorInfo | null {
  const simd = simdKernels(backend.wasm.asm.memory);
  if (simd === null) return null;
  const out = backend.makeOutput([m, n], 'float32');
  // a is [m,k] (rows of k) or, transposed, [k,m] (element (i,l) at l·m + i).
  const [ars, acs] = transposeA ? [4, m * 4] : [k * 4, 4];
  simd.gemm(byteOffset(backend, a), ars, acs, byteOffset(backend, b), n * 4, byteOffset(backend, out), n * 4, m, n, k);
  return out;
}

/** `[m,k]·[k,n]` through the stock kernel's XNNPACK path (no transposes, batch 1). */
function plainProduct(backend: WasmBackend, a: TensorInfo, b: TensorInfo, m: number, k: number, n: number): TensorInfo {
  const a3 = { ...a, shape: [1, m, k] };
  const b3 = { ...b, shape: [1, k, n] };
  return runStock(BatchMatMul, { a: a3, b: b3 }, backend, { transposeA: false, transposeB: false });
}

/** One XNNPACK product per batch entry, on views of the operands; results copied into place. */
function batchedProduct(
  backend: WasmBackend,
  a: TensorInfo,
  b: TensorInfo,
  batchA: number,
  batchB: number,
  m: number,
  k: number,
  n: number,
): TensorInfo {
  const batch = Math.max(batchA, batchB);
  const out = backend.makeOutput([batch, m, n], 'float32');
  for (let i = 0; i < batch; i++) {
    const aView = makeView(backend, [1, m, k], byteOffset(backend, a) + (batchA === 1 ? 0 : i * m * k * 4));
    const bView = makeView(backend, [1, k, n], byteOffset(backend, b) + (batchB === 1 ? 0 : i * k * n * 4));
    try {
      const part = runStock(BatchMatMul, { a: aView, b: bView }, backend, { transposeA: false, transposeB: false });
      const heap = backend.wasm.HEAPU8;
      const src = byteOffset(backend, part);
      heap.copyWithin(byteOffset(backend, out) + i * m * n * 4, src, src + m * n * 4);
      disposeTemp(backend, part);
    } finally {
      releaseView(backend, aView);
      releaseView(backend, bView);
    }
  }
  return out;
}

export const batchMatMulConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: 'wasm',
  kernelFunc: batchMatMul as unknown as KernelFunc,
};
