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

/** Upload a data set, standardised as `(x − mean)/std` when `norm` is given. */
export function upload(ds: Dataset, norm: { mean: number; std: number } | null): DeviceSet {
  const d = ds.featureShape.reduce((a, b) => a * b, 1);
  let x = ds.x;
  if (norm) {
    // On the JS side, so the temporary copy is garbage-collected (the wasm heap never shrinks).
    x = new Float32Array(ds.x.length);
    for (let i = 0; i < x.length; i++) x[i] = (ds.x[i] - norm.mean) / norm.std;
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
