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

/** `local += delta` for an i32 local. */
function bump(local: number, delta: number[]): number[] {
  return [...op.get(local), ...delta, ...op.add, ...op.set(local)];
}

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
    ...op.get(ptr),
    ...op.v128Load32Splat(),
    ...op.set(a),
    ...Array.from({ length: vectors }, (_, v) => [
      ...op.get(acc(r, v)),
      ...op.get(a),
      ...op.get(dv(v)),
      ...op.f32x4Mul,
      ...op.f32x4Add,
      ...op.set(acc(r, v)),
    ]).flat(),
  ];
  const store = (r: number, out: number): number[] =>
    Array.from({ length: vectors }, (_, v) => [
      ...op.get(out),
      ...op.get(out),
      ...op.v128Load(16 * v),
      ...op.get(acc(r, v)),
      ...op.f32x4Add,
      ...op.v128Store(16 * v),
    ]).flat();
  const body = [
    ...op.block,
    ...op.get(N),
    ...op.eqz,
    ...op.brIf(0),
    ...op.loop,
    ...Array.from({ length: vectors }, (_, v) => [...op.get(D), ...op.v128Load(16 * v), ...op.set(dv(v))]).flat(),
    ...macRow(0, A0),
    ...macRow(1, A1),
    ...bump(A0, op.i32(4)),
    ...bump(A1, op.i32(4)),
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
    ...op.block,
    ...op.loop,
    ...op.get(n),
    ...op.i32(4),
    ...op.ltU,
    ...op.brIf(1),
    ...op.get(dst),
    ...op.get(src),
    ...op.v128Load(),
    ...op.f32x4Sqrt,
    ...op.v128Store(),
    ...bump(src, op.i32(16)),
    ...bump(dst, op.i32(16)),
    ...bump(n, op.i32(-4)),
    ...op.br(0),
    ...op.end,
    ...op.end,
    // … then one at a time.
    ...op.block,
    ...op.loop,
    ...op.get(n),
    ...op.eqz,
    ...op.brIf(1),
    ...op.get(dst),
    ...op.get(src),
    ...op.f32Load(),
    ...op.f32Sqrt,
    ...op.f32Store(),
    ...bump(src, op.i32(4)),
    ...bump(dst, op.i32(4)),
    ...bump(n, op.i32(-1)),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
  return { name: 'sqrt', params: [I32, I32, I32], results: [], locals: [], body };
}

function colSumFunc(): FuncDef {
  const [src, rows, vectors, dst, q, k] = [0, 1, 2, 3, 4, 5];
  const body = [
    ...op.block,
    ...op.loop,
    ...op.get(rows),
    ...op.eqz,
    ...op.brIf(1),
    ...op.get(dst),
    ...op.set(q),
    ...op.get(vectors),
    ...op.set(k),
    ...op.block,
    ...op.loop,
    ...op.get(k),
    ...op.eqz,
    ...op.brIf(1),
    ...op.get(q),
    ...op.get(q),
    ...op.v128Load(),
    ...op.get(src),
    ...op.v128Load(),
    ...op.f32x4Add,
    ...op.v128Store(),
    ...bump(q, op.i32(16)),
    ...bump(src, op.i32(16)),
    ...bump(k, op.i32(-1)),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...bump(rows, op.i32(-1)),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
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
  const body = [
    ...op.v128Const([...negInf, ...negInf, ...negInf, ...negInf]),
    ...op.set(ninf),
    ...op.block,
    ...op.loop,
    ...op.get(ow),
    ...op.eqz,
    ...op.brIf(1),
    ...op.get(vectors),
    ...op.set(k),
    ...op.block,
    ...op.loop,
    ...op.get(k),
    ...op.eqz,
    ...op.brIf(1),
    ...op.get(y),
    ...op.v128Load(),
    ...op.set(m),
    // g where y ≠ −∞: an all −∞ window passes nothing (the cpu backend's rule).
    ...op.get(g),
    ...op.v128Load(),
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
    ...bump(x, op.i32(16)),
    ...bump(y, op.i32(16)),
    ...bump(g, op.i32(16)),
    ...bump(dx, op.i32(16)),
    ...bump(k, op.i32(-1)),
    ...op.br(0),
    ...op.end,
    ...op.end,
    // Past the window's second pixel, whose channels went through the `pixel` offsets.
    ...bump(x, op.get(pixel)),
    ...bump(dx, op.get(pixel)),
    ...bump(ow, op.i32(-1)),
    ...op.br(0),
    ...op.end,
    ...op.end,
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
    ...Array.from({ length: vectors }, (_, v) => [...op.v128Const(zero), ...op.set(acc(v))]).flat(),
    ...op.get(a),
    ...op.set(pa),
    ...op.get(col),
    ...op.set(pb),
    ...op.get(k),
    ...op.set(l),
    ...op.block,
    ...op.loop,
    ...op.get(l),
    ...op.eqz,
    ...op.brIf(1),
    ...op.get(pa),
    ...op.v128Load32Splat(),
    ...op.set(av),
    ...Array.from({ length: vectors }, (_, v) => [
      ...op.get(acc(v)),
      ...op.get(av),
      ...op.get(pb),
      ...op.v128Load(16 * v),
      ...op.f32x4Mul,
      ...op.f32x4Add,
      ...op.set(acc(v)),
    ]).flat(),
    ...bump(pa, op.get(acs)),
    ...bump(pb, op.get(bs)),
    ...bump(l, op.i32(-1)),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...Array.from({ length: vectors }, (_, v) => [...op.get(pc), ...op.get(acc(v)), ...op.v128Store(16 * v)]).flat(),
    ...bump(pc, op.i32(16 * vectors)),
    ...bump(col, op.i32(16 * vectors)),
    ...bump(j, op.i32(-4 * vectors)),
  ];
  const body = [
    ...op.block,
    ...op.loop,
    ...op.get(m),
    ...op.eqz,
    ...op.brIf(1),
    ...op.get(n),
    ...op.set(j),
    ...op.get(c),
    ...op.set(pc),
    ...op.get(b),
    ...op.set(col),
    // 16 columns at a time, …
    ...op.block,
    ...op.loop,
    ...op.get(j),
    ...op.i32(16),
    ...op.ltU,
    ...op.brIf(1),
    ...tile(4),
    ...op.br(0),
    ...op.end,
    ...op.end,
    // … then 4.
    ...op.block,
    ...op.loop,
    ...op.get(j),
    ...op.eqz,
    ...op.brIf(1),
    ...tile(1),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...bump(a, op.get(ars)),
    ...bump(c, op.get(cs)),
    ...bump(m, op.i32(-1)),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
  return { name: 'gemm', params: Array(10).fill(I32), results: [], locals: [...Array(6).fill(I32), ...Array(5).fill(V128)], body };
}

function addRowsFunc(): FuncDef {
  const [a, rows, b, vectors, out, pb, k] = [0, 1, 2, 3, 4, 5, 6];
  const body = [
    ...op.block,
    ...op.loop,
    ...op.get(rows),
    ...op.eqz,
    ...op.brIf(1),
    ...op.get(b),
    ...op.set(pb),
    ...op.get(vectors),
    ...op.set(k),
    ...op.block,
    ...op.loop,
    ...op.get(k),
    ...op.eqz,
    ...op.brIf(1),
    ...op.get(out),
    ...op.get(a),
    ...op.v128Load(),
    ...op.get(pb),
    ...op.v128Load(),
    ...op.f32x4Add,
    ...op.v128Store(),
    ...bump(a, op.i32(16)),
    ...bump(pb, op.i32(16)),
    ...bump(out, op.i32(16)),
    ...bump(k, op.i32(-1)),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...bump(rows, op.i32(-1)),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
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
