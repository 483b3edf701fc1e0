import { op } from './wasm-emit.js';

/**
 * The instruction sequences every SIMD loop in simd-kernels.ts is made of: counted loops,
 * pointer bumps and the two vector updates. Each helper returns bytes to splice into a body,
 * so a kernel reads as its own loop nest while the encoding of each shape lives in one place.
 * Locals are passed by index; nothing here allocates locals.
 */

/** `local += delta` for an i32 local (`delta`: the instructions that push the increment). */
export function bump(local: number, delta: number[]): number[] {
  return [...op.get(local), ...delta, ...op.add, ...op.set(local)];
}

/** `local += delta` for each of `locals`, in order (pointers that walk together). */
export function bumpAll(locals: number[], delta: number[]): number[] {
  return locals.flatMap((local) => bump(local, delta));
}

/** `to = from` for i32 locals. */
export function copy(from: number, to: number): number[] {
  return [...op.get(from), ...op.set(to)];
}

/**
 * `while (counter ≠ 0) body`, tested before each pass so a zero count runs nothing. `body` must
 * move the counter (it is not decremented here: the gemm tiles step it by their width).
 */
export function whileNonZero(counter: number, body: number[]): number[] {
  return [...op.block, ...op.loop, ...op.get(counter), ...op.eqz, ...op.brIf(1), ...body, ...op.br(0), ...op.end, ...op.end];
}

/** `while (counter ≥ min, unsigned) body`: the wide passes before a narrower tail loop. */
export function whileAtLeast(counter: number, min: number, body: number[]): number[] {
  return [...op.block, ...op.loop, ...op.get(counter), ...op.i32(min), ...op.ltU, ...op.brIf(1), ...body, ...op.br(0), ...op.end, ...op.end];
}

/** `while (counter ≠ 0) { body; counter -= 1 }`: a loop over a count held in a parameter. */
export function countDown(counter: number, body: number[]): number[] {
  return whileNonZero(counter, [...body, ...bump(counter, op.i32(-1))]);
}

/** `counter = count; while (counter ≠ 0) { body; counter -= 1 }`: `count` stays intact for the next pass. */
export function repeat(counter: number, count: number, body: number[]): number[] {
  return [...copy(count, counter), ...countDown(counter, body)];
}

/** The v128 at byte address `ptr + offset` (i32 local `ptr`). */
export function loadVector(ptr: number, offset = 0): number[] {
  return [...op.get(ptr), ...op.v128Load(offset)];
}

/** `dst[0..4) = x[0..4) + y[0..4)` as f32x4, all three i32 locals holding byte addresses. */
export function storeSum(dst: number, x: number, y: number): number[] {
  return [...op.get(dst), ...loadVector(x), ...loadVector(y), ...op.f32x4Add, ...op.v128Store()];
}

/**
 * `acc = acc + a·b` as f32x4 (multiply rounded, then add: no fused multiply-add, so results match
 * the scalar f32 loops); `b` is the instructions that push the second factor.
 */
export function multiplyAdd(acc: number, a: number, b: number[]): number[] {
  return [...op.get(acc), ...op.get(a), ...b, ...op.f32x4Mul, ...op.f32x4Add, ...op.set(acc)];
}

/** `instructions(0) … instructions(count − 1)`, concatenated: the unrolled per-vector steps. */
export function unroll(count: number, instructions: (v: number) => number[]): number[] {
  return Array.from({ length: count }, (_, v) => instructions(v)).flat();
}

/** `to = splat(f32 at byte address ptr)`: one scalar factor broadcast over the four lanes. */
export function loadSplat(ptr: number, to: number): number[] {
  return [...op.get(ptr), ...op.v128Load32Splat(), ...op.set(to)];
}
