import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { liveCounts, onCpu, onWasm, randn, setupWasm, values } from './test-util.js';

beforeAll(setupWasm);

describe('Sqrt replacement', () => {
  it('is bitwise equal to the stock wasm kernel and the cpu backend, specials included', async () => {
    const x = randn(3, 1003).map((v, i) => Math.abs(v) * 10 ** ((i % 13) - 6));
    x.set([0, -0, 1, 4, -1, Infinity, -Infinity, NaN, 1e-45, 3.4e38], 0);
    const run = (): tf.Tensor => tf.sqrt(tf.tensor1d(x));
    const fast = onWasm(true, () => values(run));
    const stock = onWasm(false, () => values(run));
    const cpu = await onCpu(() => values(run));
    expect(fast).toEqual(stock);
    expect(fast).toEqual(cpu);
    // sqrt(4) = 2, sqrt(−0) = −0, sqrt(−1) = NaN.
    expect(fast[3]).toBe(2);
    expect(Object.is(fast[1], -0)).toBe(true);
    expect(fast[4]).toBeNaN();
  });

  it('keeps its shape, and leaves no tensors or wasm buffers behind', () => {
    const x = tf.tensor3d(Array.from({ length: 24 }, (_, i) => i * i), [2, 3, 4]);
    const before = liveCounts();
    const shape = tf.tidy(() => tf.sqrt(x).shape);
    expect(shape).toEqual([2, 3, 4]);
    expect(Array.from(values(() => tf.sqrt(x)))).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(liveCounts()).toEqual(before);
    x.dispose();
  });
});
