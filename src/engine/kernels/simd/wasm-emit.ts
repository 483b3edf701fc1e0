/**
 * A minimal WebAssembly binary writer, enough for lrlab's few SIMD loops (simd-kernels.ts):
 * i32 arithmetic, blocks and loops, f32 and v128 loads/stores and f32x4 arithmetic, in a module
 * that imports its memory. No toolchain is needed at build or run time: the module is a few
 * hundred bytes assembled when the wasm backend starts. Encodings follow the WebAssembly core
 * spec 2.0 (binary format, §5) and its fixed-width SIMD opcodes (0xFD prefix).
 */

/** Value types. */
export const I32 = 0x7f;
export const V128 = 0x7b;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** A byte vector with its length in front (names, sections, function bodies). */
function sized(bytes: number[]): number[] {
  return [...uleb(bytes.length), ...bytes];
}

function name(s: string): number[] {
  return sized([...new TextEncoder().encode(s)]);
}

/** Instructions. Memory offsets are in bytes; `align` is log2 of the alignment hint. */
export const op = {
  get: (i: number): number[] => [0x20, ...uleb(i)],
  set: (i: number): number[] => [0x21, ...uleb(i)],
  tee: (i: number): number[] => [0x22, ...uleb(i)],
  i32: (n: number): number[] => [0x41, ...sleb(n)],
  add: [0x6a],
  sub: [0x6b],
  mul: [0x6c],
  eqz: [0x45],
  ltU: [0x49],
  /** A block (br 0 inside it jumps past its end) and a loop (br 0 jumps back to its start). */
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  br: (depth: number): number[] => [0x0c, ...uleb(depth)],
  brIf: (depth: number): number[] => [0x0d, ...uleb(depth)],
  end: [0x0b],
  f32Load: (offset = 0): number[] => [0x2a, 2, ...uleb(offset)],
  f32Store: (offset = 0): number[] => [0x38, 2, ...uleb(offset)],
  f32Add: [0x92],
  f32Sqrt: [0x91],
  // SIMD (0xFD prefix, LEB opcode). 4-byte alignment hints: tensors are only float-aligned.
  v128Load: (offset = 0): number[] => [0xfd, ...uleb(0x00), 2, ...uleb(offset)],
  v128Load32Splat: (offset = 0): number[] => [0xfd, ...uleb(0x09), 2, ...uleb(offset)],
  v128Store: (offset = 0): number[] => [0xfd, ...uleb(0x0b), 2, ...uleb(offset)],
  v128Const: (bytes: number[]): number[] => [0xfd, ...uleb(0x0c), ...bytes],
  f32x4Splat: [0xfd, ...uleb(0x13)],
  f32x4Eq: [0xfd, ...uleb(0x41)],
  f32x4Ne: [0xfd, ...uleb(0x42)],
  v128And: [0xfd, ...uleb(0x4e)],
  v128AndNot: [0xfd, ...uleb(0x4f)],
  v128Or: [0xfd, ...uleb(0x50)],
  v128AnyTrue: [0xfd, ...uleb(0x53)],
  f32x4Sqrt: [0xfd, ...uleb(0xe3)],
  f32x4Add: [0xfd, ...uleb(0xe4)],
  f32x4Mul: [0xfd, ...uleb(0xe6)],
} as const;

/** One exported function: parameter and result types, extra locals, body (without `end`). */
export interface FuncDef {
  name: string;
  params: number[];
  results: number[];
  locals: number[];
  body: number[];
}

/**
 * The bytes of a module that imports `env.memory` (at least `minPages` 64 KiB pages, no maximum,
 * so any tfjs heap size matches) and exports `funcs`.
 */
export function assembleModule(funcs: FuncDef[], minPages = 1): Uint8Array<ArrayBuffer> {
  const section = (id: number, body: number[]): number[] => [id, ...sized(body)];
  const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
  const types = vec(funcs.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))]));
  const imports = vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(minPages)]]);
  const fnTypes = vec(funcs.map((_, i) => uleb(i)));
  const exports = vec(funcs.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]));
  const code = vec(
    funcs.map((f) => {
      // Locals as runs of equal types.
      const runs: number[][] = [];
      for (const t of f.locals) {
        const last = runs[runs.length - 1];
        if (last !== undefined && last[1] === t) last[0]++;
        else runs.push([1, t]);
      }
      return sized([...vec(runs.map(([count, t]) => [...uleb(count), t])), ...f.body, 0x0b]);
    }),
  );
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, types),
    ...section(2, imports),
    ...section(3, fnTypes),
    ...section(7, exports),
    ...section(10, code),
  ]);
}
