import { bump, bumpAll, copy, countDown, loadSplat, loadVector, multiplyAdd, repeat, storeSum, unroll, whileAtLeast, whileNonZero } from './emit-loops.js';
import { assembleModule, type FuncDef, I32, op, V128 } from './wasm-emit.js';

/**
 * lrlab's own wasm SIMD loops, run on tfjs-backend-wasm's heap (the module imports that
 * backend's WebAssembly.Memory, so tensors are read and written in place, no copies). They cover
 * what XNNPACK does badly or not at all for training: a filter-gradient product whose reduction
 * runs over all pixels (XNNPACK repacks that long operand on every call, ≈6 ns per element),
 * an exact f32 square root (the stock Sqrt took ≈1.2 ms per 200k floats), and column sums.
 * All pointers and strides are byte offsets into the heap; every f32 result is rounded as
 * IEEE single precision, like the stock kernels.
 */
export interface SimdKernels {
  /**
   * out0[j] += Σ_{i<n} a0[i]·d[i·dStride + j] and out1[j] += Σ a1[i]·d[i·dStride + j] for
   * j < 16: two rows of a product Aᵀ·D over n terms, 16 output columns, each sum accumulated
   * in f32 in order i = 0, 1, … and then added to out.
   */
  rows2x16(a0: number, a1: number, d: number, dStride: number, n: number, out0: number, out1: number): void;
  /** The same for 4 output columns. */
  rows2x4(a0: number, a1: number, d: number, dStride: number, n: number, out0: number, out1: number): void;
  /** dst[i] = sqrt(src[i]) for i < n, IEEE f32 square root (correctly rounded). */
  sqrt(src: number, dst: number, n: number): void;
  /** dst[j] += src[i·4v + j] for all i < rows, j < 4v (v vectors per row): in row order. */
  colSum(src: number, rows: number, vectors: number, dst: number): void;
  /**
   * MaxPoolGrad of one row of `ow` 2×2 windows (stride 2) over pixels of 4v channels: `x` is the
   * window row's top-left input pixel, `dx` the same place in dx, `y`/`g` the pool output and its
   * gradient. All four dx positions of each window are written: g at the first position in
   * row-major order whose input equals the window's output y, 0 at the others (and everywhere
   * when y = −∞). Returns the number of (window, channel) pairs with y ≠ −∞ and no equal input
   * (NaN): the caller must redo those rows with its scalar loop.
   */
  pool2x2Row(x: number, y: number, g: number, dx: number, ow: number, vectors: number, pixelBytes: number, rowBytes: number): number;
  /**
   * c[i·cs + j] = Σ_{l<k} a[i·ars + l·acs]·b[l·bs + j] for i < m, j < n (n a multiple of 4;
   * strides in bytes): a product whose first operand may be read transposed (acs ≠ 4) and whose
   * second is read in place, without XNNPACK's repacking. Each sum runs in f32 over l in order.
   */
  gemm(a: number, ars: number, acs: number, b: number, bs: number, c: number, cs: number, m: number, n: number, k: number): void;
  /** out[i·4v + j] = a[i·4v + j] + b[j] for all i < rows, j < 4v (v vectors per row): a bias row added to every row. */
  addRows(a: number, rows: number, b: number, vectors: number, out: number): void;
}

/** Parameter/local indices of the row-product functions. */
const A0 = 0;
const A1 = 1;
const D = 2;
const STRIDE = 3;
const N = 4;
const OUT0 = 5;
const OUT1 = 6;

/**
 * rows2xV: accumulators acc[r][v] (locals 7 … 7+2V−1), dy vectors (next V), the splat a (last).
 * Two rows share each loaded dy vector; 2·V accumulators plus V + 1 temporaries stay within
 * the 16 SIMD registers of x86-64 for V ≤ 4.
 */
function rowsFunc(fname: string, vectors: number): FuncDef {
  const acc = (r: number, v: number): number => 7 + r * vectors + v;
  const dv = (v: number): number => 7 + 2 * vectors + v;
  const a = 7 + 3 * vectors;
  const macRow = (r: number, ptr: number): number[] => [
    ...loadSplat(ptr, a),
    ...unroll(vectors, (v) => multiplyAdd(acc(r, v), a, op.get(dv(v)))),
  ];
  // out += acc: the sums start from zero so each is rounded in order before meeting out.
  const store = (r: number, out: number): number[] =>
    unroll(vectors, (v) => [...op.get(out), ...loadVector(out, 16 * v), ...op.get(acc(r, v)), ...op.f32x4Add, ...op.v128Store(16 * v)]);
  const body = [
    // A do-while on n (tested once up front): the loop's own test is one tee + br_if.
    ...op.block,
    ...op.get(N),
    ...op.eqz,
    ...op.brIf(0),
    ...op.loop,
    ...unroll(vectors, (v) => [...loadVector(D, 16 * v), ...op.set(dv(v))]),
    ...macRow(0, A0),
    ...macRow(1, A1),
    ...bumpAll([A0, A1], op.i32(4)),
    ...bump(D, op.get(STRIDE)),
    ...op.get(N),
    ...op.i32(1),
    ...op.sub,
    ...op.tee(N),
    ...op.brIf(0),
    ...op.end,
    ...op.end,
    ...store(0, OUT0),
    ...store(1, OUT1),
  ];
  return { name: fname, params: Array(7).fill(I32), results: [], locals: Array(3 * vectors + 1).fill(V128), body };
}

function sqrtFunc(): FuncDef {
  const [src, dst, n] = [0, 1, 2];
  const body = [
    // Four at a time while n ≥ 4, …
    ...whileAtLeast(n, 4, [
      ...op.get(dst),
      ...loadVector(src),
      ...op.f32x4Sqrt,
      ...op.v128Store(),
      ...bumpAll([src, dst], op.i32(16)),
      ...bump(n, op.i32(-4)),
    ]),
    // … then one at a time.
    ...countDown(n, [...op.get(dst), ...op.get(src), ...op.f32Load(), ...op.f32Sqrt, ...op.f32Store(), ...bumpAll([src, dst], op.i32(4))]),
  ];
  return { name: 'sqrt', params: [I32, I32, I32], results: [], locals: [], body };
}

function colSumFunc(): FuncDef {
  const [src, rows, vectors, dst, q, k] = [0, 1, 2, 3, 4, 5];
  const body = countDown(rows, [
    ...copy(dst, q),
    ...repeat(k, vectors, [...storeSum(q, q, src), ...bumpAll([q, src], op.i32(16))]),
  ]);
  return { name: 'colSum', params: [I32, I32, I32, I32], results: [], locals: [I32, I32], body };
}

function pool2x2Func(): FuncDef {
  const [x, y, g, dx, ow, vectors, pixel, row] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [k, bad, m, gv, e, seen, ninf] = [8, 9, 10, 11, 12, 13, 14];
  const negInf = [0x00, 0x00, 0x80, 0xff];
  // One window position: e = (x[at] == m) and not already found; dx[at] = g where e.
  const position = (offsets: number[], first: boolean): number[] => {
    const at = (base: number): number[] => [...op.get(base), ...offsets.flatMap((o) => [...op.get(o), ...op.add])];
    return [
      ...at(x),
      ...op.v128Load(),
      ...op.get(m),
      ...op.f32x4Eq,
      ...(first ? [] : [...op.get(seen), ...op.v128AndNot]),
      ...op.tee(e),
      ...(first ? [] : [...op.get(seen), ...op.v128Or]),
      ...op.set(seen),
      ...at(dx),
      ...op.get(gv),
      ...op.get(e),
      ...op.v128And,
      ...op.v128Store(),
    ];
  };
  const channels = [
    ...loadVector(y),
    ...op.set(m),
    // g where y ≠ −∞: an all −∞ window passes nothing (the cpu backend's rule).
    ...loadVector(g),
    ...op.get(m),
    ...op.get(ninf),
    ...op.f32x4Ne,
    ...op.v128And,
    ...op.set(gv),
    ...position([], true),
    ...position([pixel], false),
    ...position([row], false),
    ...position([row, pixel], false),
    // Lanes with y ≠ −∞ and no equal input: NaN somewhere.
    ...op.get(bad),
    ...op.get(m),
    ...op.get(ninf),
    ...op.f32x4Ne,
    ...op.get(seen),
    ...op.v128AndNot,
    ...op.v128AnyTrue,
    ...op.add,
    ...op.set(bad),
    ...bumpAll([x, y, g, dx], op.i32(16)),
  ];
  const body = [
    ...op.v128Const([...negInf, ...negInf, ...negInf, ...negInf]),
    ...op.set(ninf),
    ...countDown(ow, [
      ...repeat(k, vectors, channels),
      // Past the window's second pixel, whose channels went through the `pixel` offsets.
      ...bumpAll([x, dx], op.get(pixel)),
    ]),
    ...op.get(bad),
  ];
  return { name: 'pool2x2Row', params: Array(8).fill(I32), results: [I32], locals: [I32, I32, V128, V128, V128, V128, V128], body };
}

function gemmFunc(): FuncDef {
  const [a, ars, acs, b, bs, c, cs, m, n, k] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [pa, pb, pc, col, j, l] = [10, 11, 12, 13, 14, 15];
  const acc = (v: number): number => 16 + v;
  const av = 20;
  const zero = Array(16).fill(0);
  // One output tile of `vectors` (4 or 1) vectors: acc = Σ_l a(i,l)·b[l, tile]; stored to pc.
  const tile = (vectors: number): number[] => [
    ...unroll(vectors, (v) => [...op.v128Const(zero), ...op.set(acc(v))]),
    ...copy(a, pa),
    ...copy(col, pb),
    ...repeat(l, k, [
      ...loadSplat(pa, av),
      ...unroll(vectors, (v) => multiplyAdd(acc(v), av, loadVector(pb, 16 * v))),
      ...bump(pa, op.get(acs)),
      ...bump(pb, op.get(bs)),
    ]),
    ...unroll(vectors, (v) => [...op.get(pc), ...op.get(acc(v)), ...op.v128Store(16 * v)]),
    ...bumpAll([pc, col], op.i32(16 * vectors)),
    ...bump(j, op.i32(-4 * vectors)),
  ];
  const body = countDown(m, [
    ...copy(n, j),
    ...copy(c, pc),
    ...copy(b, col),
    // 16 columns at a time, then 4.
    ...whileAtLeast(j, 16, tile(4)),
    ...whileNonZero(j, tile(1)),
    ...bump(a, op.get(ars)),
    ...bump(c, op.get(cs)),
  ]);
  return { name: 'gemm', params: Array(10).fill(I32), results: [], locals: [...Array(6).fill(I32), ...Array(5).fill(V128)], body };
}

function addRowsFunc(): FuncDef {
  const [a, rows, b, vectors, out, pb, k] = [0, 1, 2, 3, 4, 5, 6];
  const body = countDown(rows, [
    ...copy(b, pb),
    ...repeat(k, vectors, [...storeSum(out, a, pb), ...bumpAll([a, pb, out], op.i32(16))]),
  ]);
  return { name: 'addRows', params: Array(5).fill(I32), results: [], locals: [I32, I32], body };
}

/** The module's bytes (exported for the tests, which validate it). */
export function simdModuleBytes(): Uint8Array<ArrayBuffer> {
  return assembleModule([rowsFunc('rows2x16', 4), rowsFunc('rows2x4', 1), sqrtFunc(), colSumFunc(), pool2x2Func(), gemmFunc(), addRowsFunc()]);
}

const instances = new WeakMap<WebAssembly.Memory, SimdKernels | null>();

/**
 * The SIMD loops bound to `memory` (tfjs-backend-wasm's heap), compiled once per memory; null
 * where the engine has no wasm SIMD (the callers then keep their XNNPACK or JS paths).
 */
export function simdKernels(memory: WebAssembly.Memory): SimdKernels | null {
  if (instances.has(memory)) return instances.get(memory) ?? null;
  let kernels: SimdKernels | null = null;
  try {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(simdModuleBytes()), { env: { memory } });
    kernels = instance.exports as unknown as SimdKernels;
  } catch {
    kernels = null;
  }
  instances.set(memory, kernels);
  return kernels;
}
