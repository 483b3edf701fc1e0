import * as tf from '@tensorflow/tfjs-core';
import { LrlabOptimizer, type SlotAccess } from './base.js';

/**
 * Adam with L2 weight decay (`adam`, PyTorch `Adam(weight_decay=λ)`) or decoupled weight decay
 * (`adamw`, PyTorch `AdamW`):
 *
 *     adamw: θ ← θ − lr·λ·θ            adam: g ← g + λ·θ
 *     m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²
 *     θ ← θ − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)      = θ − lr·m̂/(√v̂ + ε)
 *
 * Defaults β1 0.9, β2 0.999, ε 1e-8, λ 0 (adamw 0.01). ε is added after the square root, as in
 * the paper, PyTorch and tfjs's `AdamOptimizer` (Keras/TF1's "epsilon hat" form, which divides
 * by √v + ε̂ before the bias correction, differs for small v). tfjs's `tf.train.adam` defaults ε
 * to the backend's float32 epsilon, 1e-7; pass 1e-8 to compare it with this one or PyTorch.
 *
 * β1 is settable every step (`setMomentum`, as PyTorch's OneCycleLR sets `betas[0]`). The bias
 * correction then uses the current β1: 1 − β1ᵗ with t the step being taken, as PyTorch does.
 * This is always well defined (β1 ∈ [0, 1), t ≥ 1 ⇒ 0 < 1 − β1ᵗ ≤ 1); it equals the exact
 * normaliser 1 − ∏β1 of the moving average only while β1 is constant.
 *
 * Example: `new AdamOptimizer(resolveOptions({name: 'adamw', lr: 1e-3, weightDecay: 0.05}))`.
 * Papers: Kingma & Ba 2015 (Adam); Loshchilov & Hutter 2019 (AdamW).
 */
export class AdamOptimizer extends LrlabOptimizer {
  static get className(): string {
    return 'lrlab.Adam';
  }
  protected update(value: tf.Variable, grad: tf.Tensor, slots: SlotAccess, step: number): tf.Tensor {
    const { weightDecay: wd, beta2, epsilon, name } = this.options;
    const beta1 = this.momentum;
    const lr = this.learningRate;
    const decoupled = name === 'adamw';
    const g = !decoupled && wd > 0 ? tf.add(grad, tf.mul(value, wd)) : grad;
    const { m, v } = adamMoments(g, slots, beta1, beta2);
    const denom = tf.add(tf.div(tf.sqrt(v), Math.sqrt(1 - beta2 ** step)), epsilon);
    const theta = decoupled && wd > 0 ? tf.mul(value, 1 - lr * wd) : value;
    return tf.sub(theta, tf.mul(tf.div(m, denom), lr / (1 - beta1 ** step)));
  }
}

/** Update and return the first and second moments `m ← β1·m + (1−β1)·g`, `v ← β2·v + (1−β2)·g²`. */
export function adamMoments(g: tf.Tensor, slots: SlotAccess, beta1: number, beta2: number): { m: tf.Tensor; v: tf.Tensor } {
  const mVar = slots.get('m');
  const vVar = slots.get('v');
  const m = tf.add(tf.mul(mVar, beta1), tf.mul(g, 1 - beta1));
  const v = tf.add(tf.mul(vVar, beta2), tf.mul(tf.square(g), 1 - beta2));
  mVar.assign(m);
  vVar.assign(v);
  return { m, v };
}
