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
