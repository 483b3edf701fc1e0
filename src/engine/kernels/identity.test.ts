import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { liveCounts, randn, setupWasm, values } from './test-util.js';

beforeAll(setupWasm);

/** Bytes allocated on the wasm heap for tensor data (the backend's own count). */
const wasmBytes = (): number => tf.memory().numBytes;

describe('Identity / same-dtype Cast without a copy', () => {
  it('tf.clone shares the data: no new buffer, values equal, both outlive each other', () => {
    const x = tf.tensor2d(randn(1, 12), [3, 4]);
    const ids = tf.backend().numDataIds();
    const y = tf.clone(x);
    expect(tf.backend().numDataIds()).toBe(ids); // shared, not copied
    expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()));
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual(Array.from(randn(1, 12)));
    y.dispose();
    expect(tf.backend().numDataIds()).toBe(ids - 1);
  });

  it('cast to the same dtype shares; to another dtype converts (stock)', () => {
    const x = tf.tensor1d([1.5, -2.5, 3]);
    const ids = tf.backend().numDataIds();
    const same = tf.cast(x, 'float32');
    expect(tf.backend().numDataIds()).toBe(ids);
    const ints = tf.cast(x, 'int32');
    expect(ints.dtype).toBe('int32');
    expect(Array.from(ints.dataSync())).toEqual([1, -2, 3]);
    expect(Array.from(same.dataSync())).toEqual([1.5, -2.5, 3]);
    tf.dispose([x, same, ints]);
  });

  it('gradients that save tensors (engine.clone) train correctly and leak nothing', () => {
    // d/dx Σ relu(x)·x = 2x for x > 0, 0 otherwise (relu saves x, mul saves both inputs).
    const x = tf.tensor1d([-2, -0.5, 0.5, 3]);
    const before = liveCounts();
    const bytes = wasmBytes();
    const g = values(() => tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.relu(a), a)))(x));
    expect(Array.from(g)).toEqual([0, 0, 1, 6]);
    expect(liveCounts()).toEqual(before);
    expect(wasmBytes()).toBe(bytes);
    x.dispose();
  });

  it('a variable assigned from a clone keeps its value after the source is disposed', () => {
    const v = tf.variable(tf.zeros([3]));
    const src = tf.tensor1d([4, 5, 6]);
    v.assign(tf.clone(src));
    src.dispose();
    expect(Array.from(v.dataSync())).toEqual([4, 5, 6]);
    v.dispose();
  });
});
