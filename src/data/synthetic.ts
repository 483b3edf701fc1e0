import { createRng } from '../core/random.js';
import { requireNumber, SpecError } from '../core/spec-error.js';
import type { Dataset } from './types.js';

/** Options for `blobs`. */
export interface BlobsOptions {
  /** Number of points (default 2000). */
  n?: number;
  /** Number of classes k (default 3). */
  classes?: number;
  /** Number of feature dimensions d (default 2). */
  dims?: number;
  /** Standard deviation of each blob around its centre (default 1). */
  std?: number;
  /** Standard deviation of the centres around the origin (default 3). */
  centerStd?: number;
}

/**
 * Gaussian blobs: k classes in d dimensions.
 *
 * Centre c_j ~ N(0, centerStd²·I) for j = 0..k-1; point i has label j = i mod k (so class
 * counts differ by at most one) and x_i = c_j + std·z with z ~ N(0, I). Every number comes from
 * `createRng(seed)`, so the same seed gives the same set on every platform.
 *
 * @example blobs(7, { n: 300, classes: 3 }) // 300 points, 100 per class, featureShape [2]
 */
export function blobs(seed: number, options: BlobsOptions = {}): Dataset {
  const n = requireNumber('n', options.n ?? 2000, 'must be an integer ≥ 2', (v) => Number.isInteger(v) && v >= 2);
  const k = requireNumber('classes', options.classes ?? 3, 'must be an integer ≥ 2', (v) => Number.isInteger(v) && v >= 2);
  const d = requireNumber('dims', options.dims ?? 2, 'must be a positive integer', (v) => Number.isInteger(v) && v >= 1);
  const std = requireNumber('std', options.std ?? 1, 'must be ≥ 0', (v) => v >= 0);
  const centerStd = requireNumber('centerStd', options.centerStd ?? 3, 'must be ≥ 0', (v) => v >= 0);
  if (k > n) throw new SpecError('classes', `must be at most n = ${n}`);
  const rng = createRng(seed);
  const centers = Float64Array.from({ length: k * d }, () => centerStd * rng.normal());
  const x = new Float32Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = i % k;
    y[i] = j;
    for (let t = 0; t < d; t++) x[i * d + t] = centers[j * d + t] + std * rng.normal();
  }
  return { x, y, n, featureShape: [d], numClasses: k };
}

/** Options for `spirals`. */
export interface SpiralsOptions {
  /** Number of points (default 2000). */
  n?: number;
  /** Turns of each spiral (default 1.5). */
  turns?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (default 0.05). */
  noise?: number;
}

/**
 * Two interleaved spirals in the plane, the classic non-linearly-separable problem
 * (Lang & Witbrock 1988).
 *
 * Point i has label j = i mod 2. With u ~ U[0, 1): angle θ = √u·2π·turns (the square root
 * spreads points evenly along the arm), radius r = θ / (2π·turns) ∈ [0, 1), and
 * x = (r·cos(θ + jπ), r·sin(θ + jπ)) + noise·z, z ~ N(0, I). Arms of the two classes are
 * 1 / (2·turns) apart in radius.
 *
 * @example spirals(7, { n: 400 }) // 400 points, 200 per spiral, featureShape [2]
 */
export function spirals(seed: number, options: SpiralsOptions = {}): Dataset {
  const n = requireNumber('n', options.n ?? 2000, 'must be an integer ≥ 2', (v) => Number.isInteger(v) && v >= 2);
  const turns = requireNumber('turns', options.turns ?? 1.5, 'must be > 0', (v) => v > 0);
  const noise = requireNumber('noise', options.noise ?? 0.05, 'must be ≥ 0', (v) => v >= 0);
  const rng = createRng(seed);
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  const full = 2 * Math.PI * turns;
  for (let i = 0; i < n; i++) {
    const j = i % 2;
    const theta = Math.sqrt(rng.next()) * full;
    const r = theta / full;
    y[i] = j;
    x[2 * i] = r * Math.cos(theta + j * Math.PI) + noise * rng.normal();
    x[2 * i + 1] = r * Math.sin(theta + j * Math.PI) + noise * rng.normal();
  }
  return { x, y, n, featureShape: [2], numClasses: 2 };
}
