import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { liveCounts, maxRelDiff, onCpu, onWasm, randInts, randn, setupWasm, values } from './test-util.js';

beforeAll(setupWasm);

type Case = { x: [number, number, number, number]; f: [number, number]; s: [number, number]; pad: 'same' | 'valid' | number };

const cases: Case[] = [
  { x: [2, 8, 8, 3], f: [2, 2], s: [2, 2], pad: 'valid' },
  { x: [1, 7, 7, 2], f: [2, 2], s: [2, 2], pad: 'same' }, // odd size: padded last window
  { x: [2, 6, 7, 4], f: [3, 3], s: [1, 1], pad: 'same' }, // overlapping windows
  { x: [1, 9, 8, 1], f: [3, 2], s: [2, 1], pad: 'valid' },
  { x: [3, 5, 5, 2], f: [3, 3], s: [2, 2], pad: 1 },
  { x: [1, 1, 1, 5], f: [1, 1], s: [1, 1], pad: 'valid' },
  // 2×2/2 with channels a multiple of 4: the SIMD row loop.
  { x: [2, 6, 8, 4], f: [2, 2], s: [2, 2], pad: 'valid' },
  { x: [1, 7, 9, 8], f: [2, 2], s: [2, 2], pad: 'valid' }, // odd sizes: last row/column in no window
  { x: [2, 4, 4, 16], f: [2, 2], s: [2, 2], pad: 'same' },
  { x: [1, 5, 5, 4], f: [2, 2], s: [2, 2], pad: 'same' }, // padded windows: the general loop
];

/** dx of Σ maxPool(x)·R, through tf.grad as training computes it. */
function poolGrad(c: Case, x: Float32Array, seed: number): () => tf.Tensor {
  return () => {
    const xt = tf.tensor4d(x, c.x);
    const y = tf.maxPool(xt, c.f, c.s, c.pad);
    const r = tf.tensor(randn(seed, y.size), y.shape);
    return tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, c.f, c.s, c.pad), r)))(xt);
  };
}

describe('MaxPoolGrad replacement', () => {
  it('equals the cpu backend on random inputs', async () => {
    let seed = 1;
    for (const c of cases) {
      const run = poolGrad(c, randn(seed++, c.x.reduce((a, b) => a * b, 1)), seed++);
      const fast = onWasm(true, () => values(run));
      const cpu = await onCpu(() => values(run));
      expect(maxRelDiff(fast, cpu), JSON.stringify(c)).toBeLessThan(1e-6);
    }
  });

  it('equals the cpu backend with ties: the first maximum in row-major window order wins', async () => {
    let seed = 50;
    for (const c of cases) {
      // Values in {0, 1, 2}: most windows hold several equal maxima.
      const run = poolGrad(c, randInts(seed++, c.x.reduce((a, b) => a * b, 1), 3), seed++);
      const fast = onWasm(true, () => values(run));
      const cpu = await onCpu(() => values(run));
      expect(maxRelDiff(fast, cpu), JSON.stringify(c)).toBeLessThan(1e-6);
    }
  });

  it('routes a 2×2 window gradient to its maximum (hand-worked)', () => {
    // x (one image, one channel) = [[1,5],[5,2]] pooled 2×2 → 5; the first 5 in row-major
    // order is at (0,1), so dx = [[0,3],[0,0]] for an upstream gradient of 3.
    const dx = values(() =>
      tf.grad((a: tf.Tensor) => tf.mul(tf.sum(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid')), 3))(tf.tensor4d([1, 5, 5, 2], [1, 2, 2, 1])),
    );
    expect(Array.from(dx)).toEqual([0, 3, 0, 0]);
  });

  it('passes nothing through an all −∞ window and skips NaN, like the cpu backend', async () => {
    const x = Float32Array.from([-Infinity, -Infinity, -Infinity, -Infinity, NaN, 2, 7, NaN, 1, 1, 0, 3, 5, NaN, 5, 4]);
    const c: Case = { x: [1, 4, 4, 1], f: [2, 2], s: [2, 2], pad: 'valid' };
    const run = poolGrad(c, x, 77);
    const fast = onWasm(true, () => values(run));
    const cpu = await onCpu(() => values(run));
    expect(Array.from(fast)).toEqual(Array.from(cpu));
  });

  it('with 4·k channels: −∞ windows pass nothing, NaN windows fall back to the scalar argmax', async () => {
    // One image 4×4, 4 channels, small integers (ties); channel 0's first window holds a NaN and
    // channel 1's first window is all −∞. The kernel gets the same forward output on both
    // backends (the stock wasm MaxPool reports −∞ for a window with a NaN, cpu skips the NaN),
    // here each window's maximum over its non-NaN values, as the cpu backend's pool computes it.
    const x = randInts(81, 64, 3);
    x[0] = NaN;
    for (const p of [1, 5, 17, 21]) x[p] = -Infinity;
    const y = new Float32Array(16);
    for (let p = 0; p < 2; p++)
      for (let q = 0; q < 2; q++)
        for (let ch = 0; ch < 4; ch++) {
          const win = [0, 4, 16, 20].map((o) => x[(2 * p * 4 + 2 * q) * 4 + ch + o]).filter((v) => !Number.isNaN(v));
          y[(p * 2 + q) * 4 + ch] = Math.max(-Infinity, ...win);
        }
    expect(y[1]).toBe(-Infinity);
    // And a forward output that equals nothing in its window (NaN, as a NaN-propagating pool
    // would give): the SIMD loop finds no match, so the scalar argmax redoes the tensor; the
    // cpu kernel ignores `output` and takes the argmax of the non-NaN values.
    y[0] = NaN;
    const dy = randn(82, 16);
    const run = (): tf.Tensor =>
      tf.engine().runKernel(
        'MaxPoolGrad',
        { dy: tf.tensor4d(dy, [1, 2, 2, 4]), input: tf.tensor4d(x, [1, 4, 4, 4]), output: tf.tensor4d(y, [1, 2, 2, 4]) },
        { filterSize: 2, strides: 2, pad: 'valid' },
      ) as tf.Tensor;
    const fast = onWasm(true, () => values(run));
    const cpu = await onCpu(() => values(run));
    expect(Array.from(fast)).toEqual(Array.from(cpu));
    // The NaN window's gradient went to an input (the fallback ran), the −∞ one's nowhere.
    expect([4, 16, 20].some((p) => fast[p] === dy[0])).toBe(true);
    expect([1, 5, 17, 21].map((p) => fast[p])).toEqual([0, 0, 0, 0]);
  });

  it('leaves no tensors or wasm buffers behind', () => {
    const x = tf.tensor4d(randn(9, 2 * 4 * 4 * 3), [2, 4, 4, 3]);
    const before = liveCounts();
    tf.tidy(() => {
      tf.grad((a: tf.Tensor) => tf.sum(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid')))(x);
    });
    expect(liveCounts()).toEqual(before);
    x.dispose();
  });
});
