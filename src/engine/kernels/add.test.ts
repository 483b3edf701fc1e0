import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { liveCounts, onCpu, onWasm, randn, setupWasm, values } from './test-util.js';

beforeAll(setupWasm);

/** Index of the first element that differs (NaN equals NaN), −1 when none; lengths must match. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

const cases: [number[], number[]][] = [
  [[4, 28, 28, 16], [16]], // a conv bias
  [[5, 16], [16]],
  [[20], [7, 20]], // the vector first
  [[3, 4, 8], [4, 8]],
  [[2, 8], [1, 1, 8]], // leading 1s: output rank 3
  [[6, 12], [1, 12]],
  // The stock path: same shapes, inner size not a multiple of 4, other broadcasts.
  [[4, 8], [4, 8]],
  [[5, 3], [3]],
  [[4, 1], [1, 8]],
];

describe('Add replacement', () => {
  it('is bitwise equal to the stock wasm kernel and the cpu backend, shape included', async () => {
    let seed = 1;
    for (const [sa, sb] of cases) {
      const a = randn(seed++, sa.reduce((x, y) => x * y, 1));
      const b = randn(seed++, sb.reduce((x, y) => x * y, 1));
      if (b.length > 2) b[2] = NaN;
      a[0] = Infinity;
      const run = (): tf.Tensor => tf.add(tf.tensor(a, sa), tf.tensor(b, sb));
      const fast = onWasm(true, () => values(run));
      expect(firstDifference(fast, onWasm(false, () => values(run))), JSON.stringify([sa, sb])).toBe(-1);
      expect(firstDifference(fast, await onCpu(() => values(run))), JSON.stringify([sa, sb])).toBe(-1);
      expect(onWasm(true, () => tf.tidy(() => run().shape))).toEqual(onWasm(false, () => tf.tidy(() => run().shape)));
    }
  });

  it('adds a bias row to each row (hand-worked)', () => {
    // [[1,2,3,4],[5,6,7,8]] + [10,20,30,40] = [[11,22,33,44],[15,26,37,48]].
    const v = values(() => tf.add(tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [2, 4]), tf.tensor1d([10, 20, 30, 40])));
    expect(Array.from(v)).toEqual([11, 22, 33, 44, 15, 26, 37, 48]);
  });

  it('keeps the stock kernel for int32, and leaves no tensors or wasm buffers behind', () => {
    expect(Array.from(values(() => tf.add(tf.tensor2d([1, 2, 3, 4], [1, 4], 'int32'), tf.tensor1d([1, 1, 1, 1], 'int32'))))).toEqual([2, 3, 4, 5]);
    const x = tf.tensor(randn(3, 3 * 8), [3, 8]);
    const b = tf.tensor1d(randn(4, 8));
    const before = liveCounts();
    tf.tidy(() => {
      tf.add(x, b);
    });
    expect(liveCounts()).toEqual(before);
    tf.dispose([x, b]);
  });
});
