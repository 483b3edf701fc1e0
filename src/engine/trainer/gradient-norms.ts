import * as tf from '@tensorflow/tfjs-core';
import { SpecError } from '../../core/spec-error.js';
import { softmaxCrossEntropy } from '../losses.js';
import { checkInt } from './checks.js';
import type { DeviceSet } from './device-data.js';
import type { ModelView } from './evaluate.js';

/** What a gradient probe needs: the training rows, the model, its variables and a seeded generator. */
export interface GradientProbe extends ModelView {
  train: DeviceSet;
  trainable: tf.Variable[];
  rng: { int(n: number): number };
  /** Rows per forward pass. */
  chunk: number;
}

/**
 * |g|² of the mean loss gradient over a fresh batch of `batchSize` training rows drawn without
 * replacement by the probe's seeded generator — no update. Big batches are summed in chunks
 * of `chunk` rows (g = Σ_c (b_c/b)·g_c). For the gradient noise scale (McCandlish et al. 2018).
 */
export async function gradientSquaredNorm(p: GradientProbe, batchSize: number): Promise<number> {
  checkInt('batchSize', batchSize, 1);
  const n = p.train.n;
  if (batchSize > n) throw new SpecError('batchSize', `must be <= the training set size ${n}`);
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < batchSize; i++) {
    const j = i + p.rng.int(n - i);
    const t = pool[i]; pool[i] = pool[j]; pool[j] = t;
  }
  let acc: tf.Tensor[] | null = null;
  for (let off = 0; off < batchSize; off += p.chunk) {
    const rows = pool.subarray(off, Math.min(batchSize, off + p.chunk));
    const weight = rows.length / batchSize;
    const prev: tf.Tensor[] | null = acc;
    acc = tf.tidy(() => {
      const idx = tf.tensor1d(rows, 'int32');
      const xb = tf.reshape(tf.gather(p.train.x, idx), [rows.length, ...p.inputShape]);
      const yb = tf.gather(p.train.oneHot, idx);
      const { grads } = tf.variableGrads(() => softmaxCrossEntropy(p.forward(xb, true), yb, p.output), p.trainable);
      return p.trainable.map((v, i) => {
        const g = grads[v.name] ? tf.mul(grads[v.name], weight) : tf.zerosLike(v);
        return prev ? tf.add(prev[i], g) : g;
      });
    });
    if (prev) tf.dispose(prev);
  }
  const sq = tf.tidy(() => tf.addN((acc as tf.Tensor[]).map((g) => tf.sum(tf.square(g)))));
  tf.dispose(acc as tf.Tensor[]);
  const v = (await sq.data())[0];
  sq.dispose();
  return v;
}
