import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorMessage, fastVsCpu, liveCounts, maxRelDiff, onWasm, randn, setupWasm, threeWays } from './test-util.js';

beforeAll(setupWasm);

type Case = { aShape: number[]; bShape: number[]; tA: boolean; tB: boolean };

/** Shapes for a·b with the given transposes: [batch…, m, k]·[batch…, k, n] before transposing. */
function shapes(batchA: number[], batchB: number[], m: number, k: number, n: number, tA: boolean, tB: boolean): Case {
  return {
    aShape: [...batchA, ...(tA ? [k, m] : [m, k])],
    bShape: [...batchB, ...(tB ? [n, k] : [k, n])],
    tA,
    tB,
  };
}

const combos: [boolean, boolean][] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];
const sizes: [number, number, number][] = [
  [1, 1, 1],
  [1, 784, 16], // one row
  [1, 300, 64], // few rows, large weights: the swapped order (issue 3 point 5)
  [32, 160, 128],
  [7, 5, 3],
  [33, 17, 9],
  [64, 40, 10],
  // lrlab's SIMD loop: ≤ 8 rows, or (aᵀ·b) ≤ 4 terms, with n a multiple of 4 (16- and 4-wide tiles).
  [5, 33, 20],
  [8, 12, 36],
  [300, 3, 24],
  [17, 1, 4],
  [2, 300, 128],
  [0, 4, 3], // empty output
  [3, 4, 0],
];

function run(c: Case, seed: number): () => tf.Tensor {
  const a = randn(seed, c.aShape.reduce((x, y) => x * y, 1));
  const b = randn(seed + 1, c.bShape.reduce((x, y) => x * y, 1));
  return () => tf.matMul(tf.tensor(a, c.aShape), tf.tensor(b, c.bShape), c.tA, c.tB);
}

describe('BatchMatMul replacement', () => {
  it('equals the stock wasm kernel and the cpu backend for every transpose combination', async () => {
    let seed = 1;
    for (const [m, k, n] of sizes) {
      for (const [tA, tB] of combos) {
        const f = run(shapes([], [], m, k, n, tA, tB), seed++);
        const { fast, stock, cpu } = await threeWays(f);
        expect(fast.length).toBe(m * n);
        expect(maxRelDiff(fast, stock), `${m}x${k}x${n} tA=${tA} tB=${tB}`).toBeLessThan(1e-5);
        expect(maxRelDiff(fast, cpu), `${m}x${k}x${n} tA=${tA} tB=${tB}`).toBeLessThan(1e-5);
      }
    }
  });

  it('handles batch > 1, broadcast batches and rank 4', async () => {
    const cases: Case[] = [];
    for (const [tA, tB] of combos) {
      cases.push(shapes([4], [4], 20, 30, 25, tA, tB)); // above the per-batch XNNPACK threshold
      cases.push(shapes([3], [3], 2, 3, 2, tA, tB)); // below it: stock path
      cases.push(shapes([1], [5], 16, 24, 12, tA, tB));
      cases.push(shapes([5], [1], 16, 24, 12, tA, tB));
      cases.push(shapes([2, 3], [2, 3], 16, 20, 18, tA, tB));
    }
    let seed = 100;
    for (const c of cases) {
      expect(await fastVsCpu(run(c, seed++)), JSON.stringify(c)).toBeLessThan(1e-5);
    }
  });

  it('keeps the output shape of tf.matMul', () => {
    const shape = onWasm(true, () =>
      tf.tidy(() => tf.matMul(tf.ones([2, 3, 5, 4]), tf.ones([2, 3, 6, 5]), true, true).shape),
    );
    expect(shape).toEqual([2, 3, 4, 6]);
  });

  it('throws the stock error for mismatched inner dimensions and non-float32 inputs', () => {
    const bad = (): unknown => tf.tidy(() => tf.matMul(tf.ones([2, 3]), tf.ones([2, 4]), true, true));
    const msg = (fast: boolean): string => errorMessage(fast, bad);
    expect(msg(true)).toMatch(/inner shapes/);
    expect(msg(true)).toBe(msg(false));
    const ints = (): unknown =>
      tf.tidy(() => tf.engine().runKernel('BatchMatMul', { a: tf.ones([2, 2], 'int32'), b: tf.ones([2, 2], 'int32') }, { transposeA: true, transposeB: false }));
    expect(() => onWasm(true, ints)).toThrow(/non-float32/);
  });

  it('leaves no tensors or wasm buffers behind', () => {
    const a = tf.ones([6, 40]);
    const b = tf.ones([8, 40]);
    const a3 = tf.ones([4, 30, 20]);
    const before = liveCounts();
    tf.tidy(() => {
      tf.matMul(a, b, false, true);
      tf.matMul(a, a, true, false);
      tf.matMul(a3, a3, true, false);
    });
    expect(liveCounts()).toEqual(before);
    tf.dispose([a, b, a3]);
  });
});
