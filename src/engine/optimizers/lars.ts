import * as tf from '@tensorflow/tfjs-core';
import { LrlabOptimizer, norm, type SlotAccess } from './base.js';

/**
 * LARS, layer-wise adaptive rate scaling (You, Gitman & Ginsburg 2017, "Large Batch Training of
 * Convolutional Networks", Algorithm 1), per variable (each weight tensor is one "layer"):
 *
 *     local_lr = η·‖θ‖ / (‖g‖ + λ·‖θ‖)          (1 when ‖θ‖ = 0 or ‖g‖ = 0)
 *     v ← μ·v + lr·local_lr·(g + λ·θ)
 *     θ ← θ − v
 *
 * Defaults η (trustCoefficient) 0.001, μ 0.9, λ 0. The global learning rate enters the buffer
 * with each step's gradient, as in the paper's algorithm (so an LR change affects new steps,
 * not the velocity already built). With μ = 0 no buffer is kept: θ ← θ − lr·local_lr·(g + λθ).
 * A zero-initialised bias has ‖θ‖ = 0, so its first update is plain SGD (trust ratio skipped).
 * The ratio is computed on the device (no readback), with `where` for the zero cases.
 *
 * Example: `new LarsOptimizer(resolveOptions({name: 'lars', lr: 2, weightDecay: 5e-4}))`.
 */
export class LarsOptimizer extends LrlabOptimizer {
  static get className(): string {
    return 'lrlab.LARS';
  }
  protected update(value: tf.Variable, grad: tf.Tensor, slots: SlotAccess): tf.Tensor {
    const { weightDecay: wd, trustCoefficient: eta } = this.options;
    const wNorm = norm(value);
    const gNorm = norm(grad);
    const denom = wd > 0 ? tf.add(gNorm, tf.mul(wNorm, wd)) : gNorm;
    const trusted = tf.logicalAnd(tf.greater(wNorm, 0), tf.greater(gNorm, 0));
    const localLr = tf.where(trusted, tf.div(tf.mul(wNorm, eta), denom), tf.onesLike(wNorm));
    const g = wd > 0 ? tf.add(grad, tf.mul(value, wd)) : grad;
    let step = tf.mul(g, tf.mul(localLr, this.learningRate));
    if (this.momentum > 0) {
      const buf = slots.get('momentum');
      step = tf.add(tf.mul(buf, this.momentum), step);
      buf.assign(step);
    }
    return tf.sub(value, step);
  }
}
