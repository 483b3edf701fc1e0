import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { backendInfo, fastKernelsEnabled, initBackend, setFastKernels } from './backend.js';
import { FAST_KERNELS } from './kernels/fast-kernels.js';

beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  expect(await initBackend('wasm')).toBe('wasm');
});

describe('initBackend / setFastKernels / backendInfo', () => {
  it('initBackend("wasm") registers the replacement kernels', () => {
    expect(fastKernelsEnabled()).toBe(true);
    for (const config of FAST_KERNELS) expect(tf.getKernel(config.kernelName, 'wasm')).toBe(config);
  });

  it('setFastKernels(false) restores the stock kernels exactly, and true swaps them back', () => {
    setFastKernels(false);
    expect(fastKernelsEnabled()).toBe(false);
    for (const config of FAST_KERNELS) expect(tf.getKernel(config.kernelName, 'wasm')).not.toBe(config);
    // Stock 4.22 has no filter gradient for conv2d.
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    // The restored stock kernels still run (their wasm bindings were set up).
    const v = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([1, 0, 0, 1], [2, 2]), true, false).dataSync());
    expect(Array.from(v)).toEqual([1, 3, 2, 4]);
    setFastKernels(true);
    expect(fastKernelsEnabled()).toBe(true);
    for (const config of FAST_KERNELS) expect(tf.getKernel(config.kernelName, 'wasm')).toBe(config);
  });

  it('backendInfo reports wasm with SIMD on one thread', () => {
    expect(backendInfo()).toEqual({ name: 'wasm', adapter: null, simd: true, threads: 1, fastKernels: true });
  });

  it('initBackend("cpu") selects cpu and leaves the wasm registrations alone', async () => {
    expect(await initBackend('cpu')).toBe('cpu');
    expect(backendInfo()).toMatchObject({ name: 'cpu', simd: false, threads: 1 });
    expect(tf.getKernel('BatchMatMul', 'cpu')).toBeDefined();
    expect(await initBackend('wasm')).toBe('wasm');
  });

  it('registers the gradients training needs (tfjs-core alone registers none)', () => {
    for (const name of ['BatchMatMul', 'Conv2D', 'MaxPool', 'Relu', 'Softmax']) {
      expect(tf.getGradient(name), name).toBeDefined();
    }
  });
});
