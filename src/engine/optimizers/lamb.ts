import * as tf from '@tensorflow/tfjs-core';
import { adamMoments } from './adam.js';
import { LrlabOptimizer, norm, type SlotAccess } from './base.js';

/**
 * LAMB, layer-wise adaptive moments (You et al. 2019/2020, "Large Batch Optimization for Deep
 * Learning: Training BERT in 76 minutes", Algorithm 2), per variable:
 *
 *     m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²
 *     m̂ = m / (1 − β1ᵗ),       v̂ = v / (1 − β2ᵗ)
 *     r = m̂ / (√v̂ + ε),        u = r + λ·θ
 *     θ ← θ − lr · φ(‖θ‖)/‖u‖ · u          φ = identity; the ratio is 1 when ‖θ‖ = 0 or ‖u‖ = 0
 *
 * Defaults β1 0.9, β2 0.999, ε 1e-8, λ 0. β1 is settable each step (`setMomentum`) with the bias
 * correction using the current β1, as for Adam. The ratio stays on the device (no readback).
 *
 * Example: `new LambOptimizer(resolveOptions({name: 'lamb', lr: 0.01, weightDecay: 0.01}))`.
 */
export class LambOptimizer extends LrlabOptimizer {
  static get className(): string {
    return 'lrlab.LAMB';
  }
  protected update(value: tf.Variable, grad: tf.Tensor, slots: SlotAccess, step: number): tf.Tensor {
    const { weightDecay: wd, beta2, epsilon } = this.options;
    const beta1 = this.momentum;
    const { m, v } = adamMoments(grad, slots, beta1, beta2);
    const mHat = tf.div(m, 1 - beta1 ** step);
    const vHat = tf.div(v, 1 - beta2 ** step);
    const r = tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon));
    const u = wd > 0 ? tf.add(r, tf.mul(value, wd)) : r;
    const wNorm = norm(value);
    const uNorm = norm(u);
    const trusted = tf.logicalAnd(tf.greater(wNorm, 0), tf.greater(uNorm, 0));
    const ratio = tf.where(trusted, tf.div(wNorm, uNorm), tf.onesLike(wNorm));
    return tf.sub(value, tf.mul(u, tf.mul(ratio, this.learningRate)));
  }
}
