import * as tf from '@tensorflow/tfjs-core';
import { correctCount, softmaxCrossEntropy, type OutputKind } from '../losses.js';
import type { DeviceSet } from './device-data.js';

/** The model's forward pass on a batch of rows already shaped as its input. */
export type Forward = (x: tf.Tensor, training: boolean) => tf.Tensor;

/** How a trainer's model reads a device set: its forward pass, per-example input shape and output kind. */
export interface ModelView {
  forward: Forward;
  inputShape: number[];
  output: OutputKind;
}

/**
 * Mean loss and accuracy over a device set, in forward passes of `chunk` rows whose sums are
 * added on the device and read back once. NaN for an empty set.
 */
export async function evaluateSet(set: DeviceSet, m: ModelView, chunk: number): Promise<{ loss: number; accuracy: number }> {
  if (set.n === 0) return { loss: NaN, accuracy: NaN };
  let sums: tf.Tensor | null = null;
  const d = set.x.shape[1];
  for (let off = 0; off < set.n; off += chunk) {
    const b = Math.min(chunk, set.n - off);
    const prev: tf.Tensor | null = sums;
    sums = tf.tidy(() => {
      const xb = tf.reshape(tf.slice(set.x, [off, 0], [b, d]), [b, ...m.inputShape]);
      const out = m.forward(xb, false);
      const loss = tf.mul(softmaxCrossEntropy(out, tf.slice(set.oneHot, [off, 0], [b, -1]), m.output), b);
      const part = tf.stack([loss, correctCount(out, tf.slice(set.labels, [off], [b]))]);
      return prev ? tf.add(prev, part) : part;
    });
    prev?.dispose();
  }
  const v = await (sums as tf.Tensor).data();
  (sums as tf.Tensor).dispose();
  return { loss: v[0] / set.n, accuracy: v[1] / set.n };
}
