import * as tf from '@tensorflow/tfjs-core';
import { LrlabOptimizer, type SlotAccess, type VariableStep } from './base.js';

/**
 * The schedule-free method (Defazio et al. 2024, "The Road Less Scheduled", Algorithm 1), shared
 * by its SGD and AdamW forms. Three sequences per variable: z takes the base optimizer's steps,
 * x is the weighted average of the z's, and y, where the gradient is taken, interpolates them:
 *
 *     z ← z − γ_t·(step direction at y)
 *     c = γ_t² / Σ_{i≤t} γ_i²,          x ← x + c·(z − x)     (= (1 − c)·x + c·z)
 *     y ← x + (1 − β)·(z − x)                                 (= (1 − β)·z + β·x)
 *
 * The model's variables hold y (training steps take their gradient there); x, the point to
 * evaluate, is a slot, which `withEvalWeights` swaps in. z and x start as copies of the weights.
 * γ_t is the learning rate of the step (whatever schedule sets it, warmup included); the
 * weighting uses it as the paper states. (The reference code weights by the running maximum of
 * γ instead; the two agree whenever γ never decreases, as with warmup and then a constant.) The
 * sum Σγ² is device state, so snapshots carry it. Written as interpolations, a step at γ = 0
 * leaves every sequence bitwise as it was.
 */
abstract class ScheduleFreeOptimizer extends LrlabOptimizer {
  /** γ_t of the step being taken: the learning rate, times the AdamW form's bias correction. */
  protected abstract stepSize(step: number): number;

  /** The z step: the new z from the old one, the gradient and y (the variable's value). */
  protected abstract zStep(z: tf.Tensor, y: tf.Variable, grad: tf.Tensor, gamma: number, slots: SlotAccess, step: number): tf.Tensor;

  protected override prepare(_items: readonly VariableStep[], step: number): void {
    const gamma = this.stepSize(step);
    const sum = this.scalarState('weightSum', 0);
    sum.assign(tf.add(sum, gamma * gamma));
  }

  protected update(value: tf.Variable, grad: tf.Tensor, slots: SlotAccess, step: number): tf.Tensor {
    const gamma = this.stepSize(step);
    const sum = this.scalarState('weightSum', 0);
    // c = γ²/Σγ², 0 while every γ so far was 0 (the reference's ZeroDivisionError branch).
    const c = tf.where(tf.greater(sum, 0), tf.div(gamma * gamma, sum), tf.zerosLike(sum));
    const zVar = slots.get('z', 'copy');
    const xVar = slots.get('x', 'copy');
    const z = this.zStep(zVar, value, grad, gamma, slots, step);
    const x = tf.add(xVar, tf.mul(c, tf.sub(z, xVar)));
    zVar.assign(z);
    xVar.assign(x);
    return tf.add(x, tf.mul(tf.sub(z, x), 1 - this.momentum));
  }

  protected override evalSlot(): string {
    return 'x';
  }
}

/**
 * Schedule-free SGD (`schedulefree-sgd`): the z step is plain SGD with L2 weight decay taken at y,
 * `z ← z − γ·(g + λ·y)`. Defaults as the reference implementation: lr 1.0, β (`momentum`) 0.9,
 * λ 0. β is settable each step (`setMomentum`).
 *
 * Example: `createOptimizer({name: 'schedulefree-sgd', lr: 1})`.
 */
export class ScheduleFreeSgdOptimizer extends ScheduleFreeOptimizer {
  static get className(): string {
    return 'lrlab.ScheduleFreeSGD';
  }

  protected stepSize(): number {
    return this.learningRate;
  }

  protected zStep(z: tf.Tensor, y: tf.Variable, grad: tf.Tensor, gamma: number): tf.Tensor {
    const wd = this.options.weightDecay;
    const g = wd > 0 ? tf.add(grad, tf.mul(y, wd)) : grad;
    return tf.sub(z, tf.mul(g, gamma));
  }
}

/**
 * Schedule-free AdamW (`schedulefree-adamw`): the z step is Adam's without a first moment (the
 * interpolation plays its part), with the bias correction folded into the step size and
 * weight decay taken at y:
 *
 *     v ← β2·v + (1 − β2)·g²,     γ_t = lr·√(1 − β2ᵗ)
 *     z ← z − γ_t·g/(√v + ε) − γ_t·λ·y
 *
 * Defaults as the reference implementation: lr 0.0025, β1 (the interpolation β) 0.9, β2 0.999,
 * ε 1e-8, λ 0. β1 is settable each step (`setMomentum`).
 *
 * Example: `createOptimizer({name: 'schedulefree-adamw', lr: 0.0025})`.
 */
export class ScheduleFreeAdamWOptimizer extends ScheduleFreeOptimizer {
  static get className(): string {
    return 'lrlab.ScheduleFreeAdamW';
  }

  protected stepSize(step: number): number {
    return this.learningRate * Math.sqrt(1 - this.options.beta2 ** step);
  }

  protected zStep(z: tf.Tensor, y: tf.Variable, grad: tf.Tensor, gamma: number, slots: SlotAccess): tf.Tensor {
    const { beta2, epsilon, weightDecay: wd } = this.options;
    const vVar = slots.get('v');
    const v = tf.add(tf.mul(vVar, beta2), tf.mul(tf.square(grad), 1 - beta2));
    vVar.assign(v);
    const stepped = tf.sub(z, tf.mul(tf.div(grad, tf.add(tf.sqrt(v), epsilon)), gamma));
    return wd > 0 ? tf.sub(stepped, tf.mul(y, gamma * wd)) : stepped;
  }
}
