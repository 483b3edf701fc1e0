import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../../data/types.js';

/** A data set uploaded once: rows flattened to 2-D, one-hot targets and integer labels. */
export interface DeviceSet {
  x: tf.Tensor2D;
  oneHot: tf.Tensor2D;
  labels: tf.Tensor1D;
  n: number;
}

/** Mean and standard deviation over every feature value (σ = 1 when all values are equal). */
export function scalarStats(x: Float32Array): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i];
  const mean = x.length > 0 ? sum / x.length : 0;
  let sq = 0;
  for (let i = 0; i < x.length; i++) sq += (x[i] - mean) ** 2;
  const std = x.length > 0 ? Math.sqrt(sq / x.length) : 1;
  return { mean, std: std > 0 ? std : 1 };
}

/** Per-feature standardisation: one mean and standard deviation per column of the flattened rows. */
export interface FeatureStats {
  mean: number[];
  std: number[];
}

/**
 * Mean and standard deviation of each feature (column) over the `n` rows of `x` (row-major,
 * `d` values a row), population σ as in `scalarStats`; a constant column gets σ = 1, so it
 * becomes 0 rather than NaN. For tabular data, whose columns have unrelated units and scales.
 *
 * Example: rows [1, 10], [3, 30] → mean [2, 20], std [1, 10].
 */
export function featureStats(x: Float32Array, d: number): FeatureStats {
  const n = d > 0 ? x.length / d : 0;
  const mean = new Array<number>(d).fill(0);
  const sq = new Array<number>(d).fill(0);
  for (let i = 0; i < x.length; i++) mean[i % d] += x[i];
  for (let j = 0; j < d; j++) mean[j] = n > 0 ? mean[j] / n : 0;
  for (let i = 0; i < x.length; i++) sq[i % d] += (x[i] - mean[i % d]) ** 2;
  const std = sq.map((s) => (n > 0 && s > 0 ? Math.sqrt(s / n) : 1));
  return { mean, std };
}

/**
 * Upload a data set, standardised as `(x − mean)/std` when `norm` is given: one mean and σ for
 * every value (`scalarStats`), or one per feature (`featureStats`).
 */
export function upload(ds: Dataset, norm: { mean: number; std: number } | FeatureStats | null): DeviceSet {
  const d = ds.featureShape.reduce((a, b) => a * b, 1);
  let x = ds.x;
  if (norm) {
    // On the JS side, so the temporary copy is garbage-collected (the wasm heap never shrinks).
    x = new Float32Array(ds.x.length);
    if (typeof norm.mean === 'number') {
      const { mean, std } = norm as { mean: number; std: number };
      for (let i = 0; i < x.length; i++) x[i] = (ds.x[i] - mean) / std;
    } else {
      const { mean, std } = norm as FeatureStats;
      if (mean.length !== d) throw new Error(`upload: ${mean.length} feature means for rows of ${d} features`);
      for (let i = 0; i < x.length; i++) x[i] = (ds.x[i] - mean[i % d]) / std[i % d];
    }
  }
  return tf.tidy(() => {
    const labels = tf.tensor1d(ds.y, 'int32');
    return {
      x: tf.tensor2d(x, [ds.n, d]),
      oneHot: tf.cast(tf.oneHot(labels, ds.numClasses), 'float32') as tf.Tensor2D,
      labels,
      n: ds.n,
    };
  });
}

export function disposeDeviceSet(set: DeviceSet): void {
  tf.dispose([set.x, set.oneHot, set.labels]);
}
