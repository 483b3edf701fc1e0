import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { createRng } from '../../core/random.js';
import { initBackend, setFastKernels } from '../backend.js';
import type { ConvGeometry } from './im2col.js';

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

/** Number of elements of a tensor of `shape`. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The same computation with lrlab's kernels, the stock wasm kernels and the cpu backend. */
export async function threeWays(run: () => tf.Tensor): Promise<{ fast: ArrayLike<number>; stock: ArrayLike<number>; cpu: ArrayLike<number> }> {
  const fast = onWasm(true, () => values(run));
  const stock = onWasm(false, () => values(run));
  const cpu = await onCpu(() => values(run));
  return { fast, stock, cpu };
}

/** lrlab's kernels against the cpu backend: largest relative difference (see maxRelDiff). */
export async function fastVsCpu(run: () => tf.Tensor): Promise<number> {
  const fast = onWasm(true, () => values(run));
  const cpu = await onCpu(() => values(run));
  return maxRelDiff(fast, cpu);
}

/**
 * The same `n` seeded values as float32, int32 and bool data, for copy kernels that must move
 * bits, not numbers: every `intEvery`-th int32 is −1 − i (words whose bits are NaN patterns as float32).
 */
export function dtypeVariants(seed: number, n: number, intEvery: number): ReadonlyArray<readonly [Float32Array | Int32Array, 'float32' | 'int32' | 'bool']> {
  const f = randn(seed, n);
  const ints = Int32Array.from(f, (v, i) => (i % intEvery === 0 ? -1 - i : Math.round(v * 1000)));
  const bools = Int32Array.from(f, (v) => (v > 0 ? 1 : 0));
  return [[f, 'float32'], [ints, 'int32'], [bools, 'bool']];
}

/** The message `f` throws with the fast (or stock) kernels, or 'no error'. */
export function errorMessage(fast: boolean, f: () => unknown): string {
  try {
    onWasm(fast, f);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

/** Central finite differences (L(v + h·eᵢ) − L(v − h·eᵢ)) / 2h for every i: the numeric gradient of `loss` at `v`. */
export function numericGradient(loss: (v: number[]) => number, v: readonly number[], h = 1e-3): number[] {
  return v.map((_, i) => {
    const up = v.slice();
    const down = v.slice();
    up[i] += h;
    down[i] -= h;
    return (loss(up) - loss(down)) / (2 * h);
  });
}

/** Largest size, stride and padding the conv-geometry arbitrary draws (the smallest size is 1, stride 1, padding 0). */
export interface GeometryLimits {
  n: number;
  hw: number;
  c: number;
  f: number;
  stride: number;
  pad: number;
}

/**
 * fast-check geometries of an NHWC conv within `limits`, with every padding side drawn alone
 * (beyond the filter size too) and the output size as tfjs computes it (truncating division).
 */
export function convGeometry(limits: GeometryLimits): fc.Arbitrary<ConvGeometry> {
  const upTo = (max: number, min = 1) => fc.integer({ min, max });
  return fc
    .record({
      n: upTo(limits.n), h: upTo(limits.hw), w: upTo(limits.hw), c: upTo(limits.c), fh: upTo(limits.f), fw: upTo(limits.f),
      sh: upTo(limits.stride), sw: upTo(limits.stride),
      pt: upTo(limits.pad, 0), pl: upTo(limits.pad, 0), pb: upTo(limits.pad, 0), pr: upTo(limits.pad, 0),
    })
    .filter((g) => g.h + g.pt + g.pb >= g.fh && g.w + g.pl + g.pr >= g.fw)
    .map((g): ConvGeometry => ({
      ...g,
      oh: Math.trunc((g.h + g.pt + g.pb - g.fh) / g.sh) + 1,
      ow: Math.trunc((g.w + g.pl + g.pr - g.fw) / g.sw) + 1,
    }));
}

/** The input value tap (kh, kw, ci) of output pixel (b, p, q) reads, from the definition; 0 in the padding. */
export function inputTap(x: ArrayLike<number>, g: ConvGeometry, b: number, p: number, q: number, kh: number, kw: number, ci: number): number {
  const r = p * g.sh + kh - g.pt;
  const col = q * g.sw + kw - g.pl;
  return r >= 0 && r < g.h && col >= 0 && col < g.w ? x[((b * g.h + r) * g.w + col) * g.c + ci] : 0;
}
