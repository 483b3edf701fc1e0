import * as tf from '@tensorflow/tfjs-core';
import { LrlabOptimizer, type SlotAccess } from './base.js';

/**
 * RMSProp as PyTorch's `torch.optim.RMSprop` (not centered):
 *
 *     g ← g + λ·θ                      (weightDecay λ, if > 0)
 *     s ← ρ·s + (1 − ρ)·g²
 *     u ← g / (√s + ε)
 *     b ← μ·b + u,  θ ← θ − lr·b       (μ > 0)      or      θ ← θ − lr·u   (μ = 0)
 *
 * Defaults ρ 0.9 (tfjs's default; PyTorch's `alpha` defaults to 0.99), μ 0, ε 1e-8, λ 0.
 * Differences from tfjs's `RMSPropOptimizer`: tfjs puts ε inside the root, √(s + ε), and the
 * learning rate inside the momentum buffer (b ← μ·b + lr·g/√(s+ε), θ ← θ − b), so there an LR
 * change only affects new gradients. Here, as in PyTorch, it rescales the whole next step.
 *
 * Example: `new RmspropOptimizer(resolveOptions({name: 'rmsprop', lr: 1e-3, rho: 0.99}))`.
 * Reference: Tieleman & Hinton 2012, Lecture 6.5 of "Neural Networks for Machine Learning".
 */
export class RmspropOptimizer extends LrlabOptimizer {
  static get className(): string {
    return 'lrlab.RMSProp';
  }
  protected update(value: tf.Variable, grad: tf.Tensor, slots: SlotAccess): tf.Tensor {
    const { weightDecay: wd, rho, epsilon } = this.options;
    const g = wd > 0 ? tf.add(grad, tf.mul(value, wd)) : grad;
    const sVar = slots.get('square_avg');
    const s = tf.add(tf.mul(sVar, rho), tf.mul(tf.square(g), 1 - rho));
    sVar.assign(s);
    let u = tf.div(g, tf.add(tf.sqrt(s), epsilon));
    if (this.momentum > 0) {
      const buf = slots.get('momentum');
      u = tf.add(tf.mul(buf, this.momentum), u);
      buf.assign(u);
    }
    return tf.sub(value, tf.mul(u, this.learningRate));
  }
}
