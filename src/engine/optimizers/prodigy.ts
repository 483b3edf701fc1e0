import * as tf from '@tensorflow/tfjs-core';
import { LrlabOptimizer, type SlotAccess, type VariableStep } from './base.js';

/**
 * Prodigy (Mishchenko & Defazio 2024, "Prodigy: An Expeditiously Adaptive Parameter-Free
 * Learner", Algorithm 4, Adam form), as its reference implementation runs it with its defaults
 * (no bias correction, no safeguard warmup, d_coef 1, unbounded growth). With lr the multiplier
 * (default 1), d the adapted step size (from d0 = 1e-6), β3 = √β2 and x0 the starting weights:
 *
 *     dlr = d·lr
 *     r ← β3·r + (d/d0)·dlr·Σ⟨g, x0 − x⟩                    over all variables
 *     m ← β1·m + d·(1 − β1)·g,      v ← β2·v + d²·(1 − β2)·g²
 *     s ← β3·s + (d/d0)·dlr·g
 *     d ← max(d, r / Σ‖s‖₁)                                 (d only grows)
 *     x ← x − λ·dlr·x − dlr·m/(√v + d·ε)                    (decoupled weight decay; new d in ε)
 *
 * When Σ‖s‖₁ is 0 (no gradient yet) the step leaves d, r and the weights as they are, and a step
 * at lr 0 changes nothing at all, as in the reference. d lives on the device; `adaptedStepSize`
 * reads it back. Defaults β1 0.9, β2 0.999, ε 1e-8, λ 0, d0 1e-6.
 *
 * Example: `createOptimizer({name: 'prodigy', lr: 1})`.
 */
export class ProdigyOptimizer extends LrlabOptimizer {
  static get className(): string {
    return 'lrlab.Prodigy';
  }

  protected override prepare(items: readonly VariableStep[], _step: number): void {
    const { beta2, d0 } = this.options;
    const beta1 = this.momentum;
    const lr = this.learningRate;
    // x0 is the weights when the method first sees them, whatever the learning rate then.
    for (const it of items) it.slots.get('x0', 'copy');
    if (lr === 0) return;
    const beta3 = Math.sqrt(beta2);
    const dVar = this.scalarState('d', d0);
    const rVar = this.scalarState('numerator', 0);
    const d = dVar as tf.Scalar;
    const dlr = tf.mul(d, lr);
    const scale = tf.mul(tf.div(d, d0), dlr); // (d/d0)·dlr
    let dot: tf.Tensor = tf.scalar(0);
    let l1: tf.Tensor = tf.scalar(0);
    for (const { value, grad, slots } of items) {
      dot = tf.add(dot, tf.sum(tf.mul(grad, tf.sub(slots.get('x0', 'copy'), value))));
      const mVar = slots.get('m');
      const vVar = slots.get('v');
      const sVar = slots.get('s');
      mVar.assign(tf.add(tf.mul(mVar, beta1), tf.mul(grad, tf.mul(d, 1 - beta1))));
      vVar.assign(tf.add(tf.mul(vVar, beta2), tf.mul(tf.square(grad), tf.mul(tf.square(d), 1 - beta2))));
      const s = tf.add(tf.mul(sVar, beta3), tf.mul(grad, scale));
      sVar.assign(s);
      l1 = tf.add(l1, tf.sum(tf.abs(s)));
    }
    const r = tf.add(tf.mul(rVar, beta3), tf.mul(scale, dot));
    const moved = tf.greater(l1, 0);
    const dHat = tf.div(r, l1);
    // The step's dlr uses d before this step's estimate (as the reference); 0 when nothing moved.
    this.scalarState('stepSize', 0).assign(tf.where(moved, dlr, tf.zerosLike(dlr)));
    rVar.assign(tf.where(moved, r, rVar));
    dVar.assign(tf.where(moved, tf.maximum(d, dHat), d));
  }

  protected update(value: tf.Variable, _grad: tf.Tensor, slots: SlotAccess): tf.Tensor {
    // A clone, not the variable itself: assigning a variable to itself would free its data.
    if (this.learningRate === 0) return tf.clone(value);
    const { weightDecay: wd, epsilon } = this.options;
    const dlr = this.scalarState('stepSize', 0);
    const d = this.scalarState('d', this.options.d0);
    const denom = tf.add(tf.sqrt(slots.get('v')), tf.mul(d, epsilon));
    const decayed = wd > 0 ? tf.sub(value, tf.mul(value, tf.mul(dlr, wd))) : value;
    return tf.sub(decayed, tf.mul(tf.div(slots.get('m'), denom), dlr));
  }

  override adaptedStepSize(): Promise<number> {
    return this.readScalarState('d', this.options.d0);
  }
}
