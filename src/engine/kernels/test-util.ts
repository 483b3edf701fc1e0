import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../../core/random.js';
import { initBackend, setFastKernels } from '../backend.js';

/**
 * Helpers for the kernel tests: run the same computation with lrlab's kernels, the stock wasm
 * kernels and the cpu backend (an independent implementation), on seeded random data.
 */

/** Initialise wasm (with fast kernels) and silence tfjs' one-off console banners. */
export async function setupWasm(): Promise<void> {
  tf.env().set('IS_TEST', true);
  await initBackend('wasm');
}

/** `f()` on wasm with the replacement kernels (`fast`) or the stock ones; restores fast. */
export function onWasm<T>(fast: boolean, f: () => T): T {
  setFastKernels(fast);
  try {
    return f();
  } finally {
    setFastKernels(true);
  }
}

/** `f()` on the cpu backend; switches back to wasm afterwards. */
export async function onCpu<T>(f: () => T): Promise<T> {
  await tf.setBackend('cpu');
  try {
    return f();
  } finally {
    await tf.setBackend('wasm');
  }
}

/** The values of the tensor `f` builds, read inside a tidy so nothing is left behind. */
export function values(f: () => tf.Tensor): Float32Array | Int32Array | Uint8Array {
  return tf.tidy(() => f().dataSync() as Float32Array | Int32Array | Uint8Array).slice();
}

/** `n` seeded standard-normal floats. */
export function randn(seed: number, n: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal();
  return out;
}

/** `n` seeded integers in [0, k) as floats: many exact ties, for max-pool tests. */
export function randInts(seed: number, n: number, k: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.int(k);
  return out;
}

/** Largest |a[i] − b[i]| / (1 + |b[i]|); Infinity when the lengths differ. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i]));
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

/** Engine tensors and wasm data buffers alive now (both must be unchanged by a kernel call). */
export function liveCounts(): { tensors: number; dataIds: number } {
  return { tensors: tf.memory().numTensors, dataIds: tf.backend().numDataIds() };
}
