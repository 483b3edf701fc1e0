import * as tf from '@tensorflow/tfjs-core';
import { LrlabOptimizer, type SlotAccess, type VariableStep } from './base.js';

/**
 * D-Adapted Adam (`dadapt-adam`; Defazio & Mishchenko 2023, "Learning-Rate-Free Learning by
 * D-Adaptation", the Adam variant as its reference implementation, version 3, runs it with its
 * defaults: coupled weight decay, no bias correction, unbounded growth). With lr the multiplier
 * (default 1), d the adapted step size (from d0 = 1e-6):
 *
 *     g ← g + λ·x                                           (L2 weight decay)
 *     dlr = d·lr
 *     a = Σ dlr·⟨g, s/(√v + ε)⟩                             (s, v before this step's update)
 *     m ← β1·m + dlr·(1 − β1)·g,     v ← β2·v + (1 − β2)·g²
 *     s ← √β2·s + dlr·(1 − √β2)·g
 *     r ← √β2·r + (1 − √β2)·a
 *     d ← max(d, r / ((1 − √β2)·Σ‖s‖₁))                     (d only grows)
 *     x ← x − m/(√v + ε)                                    (m already carries dlr)
 *
 * When Σ‖s‖₁ is 0 (no gradient yet) d and r stay; a step at lr 0 changes nothing, as in the
 * reference. d lives on the device; `adaptedStepSize` reads it back. Defaults β1 0.9, β2 0.999,
 * ε 1e-8, λ 0, d0 1e-6.
 *
 * Example: `createOptimizer({name: 'dadapt-adam', lr: 1})`.
 */
export class DAdaptAdamOptimizer extends LrlabOptimizer {
  static get className(): string {
    return 'lrlab.DAdaptAdam';
  }

  protected override prepare(items: readonly VariableStep[], _step: number): void {
    const lr = this.learningRate;
    if (lr === 0) return;
    const { beta2, epsilon, weightDecay: wd, d0 } = this.options;
    const beta1 = this.momentum;
    const sqrtBeta2 = Math.sqrt(beta2);
    const dVar = this.scalarState('d', d0);
    const rVar = this.scalarState('numerator', 0);
    const dlr = tf.mul(dVar, lr);
    let acc: tf.Tensor = tf.scalar(0);
    let l1: tf.Tensor = tf.scalar(0);
    for (const { value, grad: raw, slots } of items) {
      const g = wd > 0 ? tf.add(raw, tf.mul(value, wd)) : raw;
      const mVar = slots.get('m');
      const vVar = slots.get('v');
      const sVar = slots.get('s');
      acc = tf.add(acc, tf.sum(tf.mul(g, tf.div(sVar, tf.add(tf.sqrt(vVar), epsilon)))));
      mVar.assign(tf.add(tf.mul(mVar, beta1), tf.mul(g, tf.mul(dlr, 1 - beta1))));
      vVar.assign(tf.add(tf.mul(vVar, beta2), tf.mul(tf.square(g), 1 - beta2)));
      const s = tf.add(tf.mul(sVar, sqrtBeta2), tf.mul(g, tf.mul(dlr, 1 - sqrtBeta2)));
      sVar.assign(s);
      l1 = tf.add(l1, tf.sum(tf.abs(s)));
    }
    const r = tf.add(tf.mul(rVar, sqrtBeta2), tf.mul(tf.mul(acc, dlr), 1 - sqrtBeta2));
    const moved = tf.greater(l1, 0);
    const dHat = tf.div(r, tf.mul(l1, 1 - sqrtBeta2));
    rVar.assign(tf.where(moved, r, rVar));
    dVar.assign(tf.where(moved, tf.maximum(dVar, dHat), dVar));
  }

  protected update(value: tf.Variable, _grad: tf.Tensor, slots: SlotAccess): tf.Tensor {
    // A clone, not the variable itself: assigning a variable to itself would free its data.
    if (this.learningRate === 0) return tf.clone(value);
    const denom = tf.add(tf.sqrt(slots.get('v')), this.options.epsilon);
    return tf.sub(value, tf.div(slots.get('m'), denom));
  }

  override adaptedStepSize(): Promise<number> {
    return this.readScalarState('d', this.options.d0);
  }
}
