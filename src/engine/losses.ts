import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's Node bundle registers no gradients; loading tfjs-layers registers all of them.
import '@tensorflow/tfjs-layers';

/** What a model's last layer outputs: raw scores (lrlab's models) or softmax probabilities (many users' models). */
export type OutputKind = 'logits' | 'probabilities';

/** Probabilities are clipped to [PROB_EPS, 1] before the log, as Keras does, so a confident mistake costs ~16, not ∞. */
export const PROB_EPS = 1e-7;

/**
 * Mean softmax cross-entropy of a batch: `L = −(1/n)·Σᵢ Σ_c yᵢc·log softmax(zᵢ)_c`,
 * with `oneHot` rows yᵢ and logits zᵢ (log-softmax is computed stably as `z − max z − log Σ exp(z − max z)`).
 * For `output: 'probabilities'` the rows are already softmax outputs p and `L = −(1/n)·Σ y·log clip(p)`.
 *
 * @example softmaxCrossEntropy(tf.tensor2d([[0, 0]]), tf.tensor2d([[1, 0]])) // ln 2 ≈ 0.6931
 */
export function softmaxCrossEntropy(outputs: tf.Tensor, oneHot: tf.Tensor, output: OutputKind = 'logits'): tf.Scalar {
  if (output === 'probabilities') {
    return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.log(tf.clipByValue(outputs, PROB_EPS, 1))), -1))) as tf.Scalar);
  }
  // The gradient written out, ∂L/∂z = (softmax(z) − y)/n, costs 3 kernels where autodiff
  // through mean, sum, mul and log-softmax costs about 10 — most of a batch-1 step's overhead.
  const n = outputs.shape[0] ?? 1;
  const ce = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [z, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const logp = tf.logSoftmax(z);
    save([logp]);
    return {
      value: tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logp), -1))) as tf.Scalar,
      gradFunc: (dy: tf.Scalar, saved: tf.Tensor[]) => tf.mul(tf.sub(tf.exp(saved[0]), oneHot), tf.div(dy, n)),
    };
  });
  return ce(outputs) as tf.Scalar;
}

/** Number of rows whose arg-max output equals the label (int32 labels), as a float32 scalar (ties: first index). */
export function correctCount(outputs: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(outputs, -1), labels), 'float32')));
}
