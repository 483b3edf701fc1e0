import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bump, bumpAll, copy, countDown, loadSplat, multiplyAdd, repeat, storeSum, unroll, whileAtLeast, whileNonZero } from './emit-loops.js';
import { assembleModule, type FuncDef, I32, op, V128 } from './wasm-emit.js';

/** Instantiates `funcs` over a fresh one-page memory. */
function instantiate(funcs: FuncDef[]): { exports: Record<string, (...args: number[]) => number>; memory: WebAssembly.Memory } {
  const bytes = assembleModule(funcs);
  expect(WebAssembly.validate(bytes)).toBe(true);
  const memory = new WebAssembly.Memory({ initial: 1 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  return { exports: instance.exports as Record<string, (...args: number[]) => number>, memory };
}

describe('loops', () => {
  // passes(rows, cols): a repeat nested in a countDown, counting its inner passes in local 3.
  // split(a): a whileAtLeast(a, 4) taking 4 off per pass, then a whileNonZero taking 1 off, each adding
  // to local 2 a distinct weight (1 and 1000) so the result shows how many passes each loop ran.
  const { exports } = instantiate([
    {
      name: 'passes',
      params: [I32, I32],
      results: [I32],
      locals: [I32, I32],
      body: [...countDown(0, repeat(2, 1, bump(3, op.i32(1)))), ...op.get(3)],
    },
    {
      name: 'split',
      params: [I32],
      results: [I32],
      locals: [I32],
      body: [
        ...whileAtLeast(0, 4, [...bump(1, op.i32(1)), ...bump(0, op.i32(-4))]),
        ...whileNonZero(0, [...bump(1, op.i32(1000)), ...bump(0, op.i32(-1))]),
        ...op.get(1),
      ],
    },
  ]);

  it('countDown with repeat inside runs rows·cols inner passes, none when either is 0', () => {
    // 3 rows of 5: 15; the repeat reloads its counter from local 1 on every row.
    expect(exports.passes(3, 5)).toBe(15);
    expect(exports.passes(0, 5)).toBe(0);
    expect(exports.passes(4, 0)).toBe(0);
    fc.assert(fc.property(fc.nat(40), fc.nat(40), (rows, cols) => exports.passes(rows, cols) === rows * cols));
  });

  it('whileAtLeast runs ⌊n/4⌋ passes and leaves n mod 4 to the tail loop', () => {
    // 11 = 2·4 + 3: two wide passes, three tail passes.
    expect(exports.split(11)).toBe(2 + 3 * 1000);
    expect(exports.split(3)).toBe(3000);
    fc.assert(fc.property(fc.nat(1000), (n) => exports.split(n) === Math.floor(n / 4) + (n % 4) * 1000));
  });
});

describe('pointer and vector steps', () => {
  it('bumpAll moves every named local and copy sets one local from another', () => {
    const { exports } = instantiate([
      {
        name: 'f',
        params: [I32, I32, I32],
        results: [I32],
        locals: [],
        // (a + 16, b + 16, c = a + 16) packed as a·10⁶ + b·10³ + c.
        body: [...bumpAll([0, 1], op.i32(16)), ...copy(0, 2), ...op.get(0), ...op.i32(1_000_000), ...op.mul, ...op.get(1), ...op.i32(1000), ...op.mul, ...op.add, ...op.get(2), ...op.add],
      },
    ]);
    // a = 1 → 17, b = 2 → 18, c = 17: 17 018 017.
    expect(exports.f(1, 2, 3)).toBe(17_018_017);
  });

  it('storeSum writes x + y and multiplyAdd accumulates splat(a[0])·b', () => {
    const { exports, memory } = instantiate([
      { name: 'sum', params: [I32, I32, I32], results: [], locals: [], body: storeSum(0, 1, 2) },
      {
        name: 'mac',
        params: [I32, I32, I32, I32],
        results: [],
        locals: [V128, V128],
        // acc = c[0..4); acc += splat(a[0])·b[0..4); c[0..4) = acc.
        body: [...op.get(2), ...op.v128Load(), ...op.set(4), ...loadSplat(0, 5), ...multiplyAdd(4, 5, [...op.get(1), ...op.v128Load()]), ...op.get(3), ...op.get(4), ...op.v128Store()],
      },
    ]);
    const f32 = new Float32Array(memory.buffer);
    f32.set([1, 2, 3, 4], 0);
    f32.set([10, 20, 30, 40], 4);
    exports.sum(64, 0, 16);
    expect([...f32.subarray(16, 20)]).toEqual([11, 22, 33, 44]);
    // c + 3·b: [0.5, 0.5, 0.5, 1] + 3·[1, 2, 3, 4] = [3.5, 6.5, 9.5, 13].
    f32.set([3], 32);
    f32.set([0.5, 0.5, 0.5, 1], 36);
    f32.set([1, 2, 3, 4], 40);
    exports.mac(128, 160, 144, 176);
    expect([...f32.subarray(44, 48)]).toEqual([3.5, 6.5, 9.5, 13]);
  });

  it('unroll concatenates the steps in index order', () => {
    expect(unroll(3, (v) => [v, 10 + v])).toEqual([0, 10, 1, 11, 2, 12]);
    expect(unroll(0, (v) => [v])).toEqual([]);
  });
});
