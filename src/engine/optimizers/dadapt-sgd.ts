import * as tf from '@tensorflow/tfjs-core';
import { LrlabOptimizer, type SlotAccess, type VariableStep } from './base.js';

/**
 * D-Adapted SGD (`dadapt-sgd`; Defazio & Mishchenko 2023, "Learning-Rate-Free Learning by
 * D-Adaptation", dual averaging with the estimate its reference implementation, version 3, uses).
 * With lr the multiplier (default 1), d the adapted distance (from d0 = 1e-6), x0 the starting
 * weights and G = ‖g‖ over all variables at the first step that has a gradient:
 *
 *     g ← g + λ·x                                           (L2 weight decay)
 *     dlr = d·lr/G
 *     r ← r + dlr·Σ⟨g, s⟩                                   (s before this step's update)
 *     s ← s + dlr·g
 *     d ← max(d, 2·r/‖s‖)                                   (d only grows; ‖s‖ over all variables)
 *     x ← x + (1 − μ)·((x0 − s) − x)                        (μ = momentum, default 0: x = x0 − s)
 *
 * The reference takes G from the raw gradient (its weight-decay line there has no effect); here
 * G is the norm of the gradient the step uses, weight decay included. When ‖s‖ is 0 (no gradient
 * yet) nothing moves and G is taken again at the next step; a step at lr 0 changes nothing. d
 * lives on the device; `adaptedStepSize` reads it back. Defaults μ 0, λ 0, d0 1e-6.
 *
 * Example: `createOptimizer({name: 'dadapt-sgd', lr: 1})`.
 */
export class DAdaptSgdOptimizer extends LrlabOptimizer {
  static get className(): string {
    return 'lrlab.DAdaptSGD';
  }

  protected override prepare(items: readonly VariableStep[], _step: number): void {
    for (const it of items) it.slots.get('x0', 'copy');
    const lr = this.learningRate;
    if (lr === 0) return;
    const { weightDecay: wd, d0 } = this.options;
    const dVar = this.scalarState('d', d0);
    const rVar = this.scalarState('numerator', 0);
    const gVar = this.scalarState('g0Norm', 0);
    const grads = items.map(({ value, grad }) => (wd > 0 ? tf.add(grad, tf.mul(value, wd)) : grad));
    const gNorm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
    const g0 = tf.where(tf.greater(gVar, 0), gVar, gNorm);
    gVar.assign(g0);
    const dlr = tf.where(tf.greater(g0, 0), tf.div(tf.mul(dVar, lr), g0), tf.zerosLike(g0));
    let dot: tf.Tensor = tf.scalar(0);
    let sq: tf.Tensor = tf.scalar(0);
    items.forEach(({ slots }, i) => {
      const sVar = slots.get('s');
      dot = tf.add(dot, tf.sum(tf.mul(grads[i], sVar)));
      const s = tf.add(sVar, tf.mul(grads[i], dlr));
      sVar.assign(s);
      sq = tf.add(sq, tf.sum(tf.square(s)));
    });
    const r = tf.add(rVar, tf.mul(dlr, dot));
    const moved = tf.greater(sq, 0);
    const dHat = tf.div(tf.mul(r, 2), tf.sqrt(sq));
    rVar.assign(r);
    dVar.assign(tf.where(moved, tf.maximum(dVar, dHat), dVar));
  }

  protected update(value: tf.Variable, _grad: tf.Tensor, slots: SlotAccess): tf.Tensor {
    // A clone, not the variable itself: assigning a variable to itself would free its data.
    if (this.learningRate === 0) return tf.clone(value);
    const z = tf.sub(slots.get('x0', 'copy'), slots.get('s'));
    return tf.add(value, tf.mul(tf.sub(z, value), 1 - this.momentum));
  }

  override adaptedStepSize(): Promise<number> {
    return this.readScalarState('d', this.options.d0);
  }
}
