import * as tf from '@tensorflow/tfjs-core';
import { LrlabOptimizer, type SlotAccess } from './base.js';

/**
 * SGD with optional momentum, Nesterov momentum and L2 weight decay, exactly as PyTorch's
 * `torch.optim.SGD` (dampening 0):
 *
 *     g ← g + λ·θ                      (weightDecay λ, if > 0)
 *     b ← μ·b + g                      (if μ > 0; b starts at 0, so the first b is g)
 *     g ← g + μ·b  (nesterov)   or   g ← b  (momentum)
 *     θ ← θ − lr·g
 *
 * Defaults: `sgd` μ = 0, `momentum`/`nesterov` μ = 0.9, λ = 0. The learning rate multiplies the
 * whole buffer (PyTorch and tfjs's `MomentumOptimizer`), not each gradient as it enters it
 * (Sutskever et al. 2013), so an LR change rescales the very next step entirely. With μ = 0 no
 * buffer is kept or updated (PyTorch), so raising μ later starts the buffer at that step's
 * gradient. Nesterov follows PyTorch's form above (tfjs's `useNesterov` computes the same).
 *
 * Example: `new SgdOptimizer(resolveOptions({name: 'nesterov', lr: 0.1}))`.
 * Papers: Polyak 1964 (heavy ball); Nesterov 1983 / Sutskever et al. 2013 (Nesterov momentum).
 */
export class SgdOptimizer extends LrlabOptimizer {
  static get className(): string {
    return 'lrlab.SGD';
  }
  protected update(value: tf.Variable, grad: tf.Tensor, slots: SlotAccess): tf.Tensor {
    const wd = this.options.weightDecay;
    const mu = this.momentum;
    let g = wd > 0 ? tf.add(grad, tf.mul(value, wd)) : grad;
    if (mu > 0) {
      const buf = slots.get('momentum');
      const next = tf.add(tf.mul(buf, mu), g);
      buf.assign(next);
      g = this.options.name === 'nesterov' ? tf.add(g, tf.mul(next, mu)) : next;
    }
    return tf.sub(value, tf.mul(g, this.learningRate));
  }
}
