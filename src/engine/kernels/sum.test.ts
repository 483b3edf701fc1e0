import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { liveCounts, maxRelDiff, onCpu, onWasm, randn, setupWasm, values } from './test-util.js';

beforeAll(setupWasm);

const cases: { shape: number[]; axis: number | number[]; keepDims?: boolean }[] = [
  { shape: [64, 28, 28, 16], axis: [0, 1, 2] }, // a conv bias gradient
  { shape: [7, 8], axis: 0 },
  { shape: [3, 5, 12], axis: [0, 1], keepDims: true },
  { shape: [3, 5, 12], axis: [1, 0] }, // another summation order: the stock path
  { shape: [2, 3, 4], axis: [-3, -2] }, // negative axes
  { shape: [1, 4], axis: 0 },
  // The stock path: inner axes, an inner size that is not a multiple of 4, all axes.
  { shape: [6, 8], axis: 1 },
  { shape: [5, 3, 6], axis: [0, 1] },
  { shape: [4, 8], axis: [0, 1] },
];

describe('Sum replacement', () => {
  it('is bitwise equal to the stock wasm kernel (same f32 order) and close to cpu', async () => {
    let seed = 1;
    for (const c of cases) {
      const x = randn(seed++, c.shape.reduce((a, b) => a * b, 1));
      const run = (): tf.Tensor => tf.sum(tf.tensor(x, c.shape), c.axis, c.keepDims);
      const fast = onWasm(true, () => values(run));
      const stock = onWasm(false, () => values(run));
      const cpu = await onCpu(() => values(run));
      expect(Array.from(fast), JSON.stringify(c)).toEqual(Array.from(stock));
      // cpu sums in another order: equal up to f32 rounding over ≤ 50k terms.
      expect(maxRelDiff(fast, cpu), JSON.stringify(c)).toBeLessThan(1e-4);
      const shape = onWasm(true, () => tf.tidy(() => run().shape));
      expect(shape).toEqual(onWasm(false, () => tf.tidy(() => run().shape)));
    }
  });

  it('sums a [2,2,4] tensor over its first two axes (hand-worked)', () => {
    // Column j gets j+1 + (j+5) + (j+9) + (j+13) = 4j + 28.
    const v = values(() => tf.sum(tf.tensor3d(Array.from({ length: 16 }, (_, i) => i + 1), [2, 2, 4]), [0, 1]));
    expect(Array.from(v)).toEqual([28, 32, 36, 40]);
  });

  it('keeps the stock kernel for int32; a sum over an empty axis is 0 as on cpu', async () => {
    const ints = values(() => tf.sum(tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [2, 4], 'int32'), 0));
    expect(Array.from(ints)).toEqual([6, 8, 10, 12]);
    for (const shape of [
      [0, 4],
      [0, 3],
    ]) {
      const run = (): tf.Tensor => tf.sum(tf.zeros(shape), 0);
      const fast = onWasm(true, () => values(run));
      expect(Array.from(fast)).toEqual(Array.from(await onCpu(() => values(run))));
      expect(Array.from(fast)).toEqual(Array(shape[1]).fill(0));
    }
  });

  it('leaves no tensors or wasm buffers behind', () => {
    const x = tf.tensor(randn(9, 3 * 4 * 8), [3, 4, 8]);
    const before = liveCounts();
    tf.tidy(() => {
      tf.sum(x, [0, 1]);
    });
    expect(liveCounts()).toEqual(before);
    x.dispose();
  });
});
