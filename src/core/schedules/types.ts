/**
 * A schedule maps the optimizer step `t = 0, 1, …` to a value (learning rate or momentum).
 * It is pure: the same step always gives the same value, whatever was asked before.
 *
 * Its value at step t equals PyTorch's learning rate after t calls of `scheduler.step()`
 * when the PyTorch scheduler is stepped once per optimizer step.
 */
export type Schedule = (step: number) => number;

/** A learning-rate schedule with the momentum schedule it cycles (`null` when it does not). */
export interface LrMomentum {
  lr: Schedule;
  momentum: Schedule | null;
}

/**
 * The step a schedule actually evaluates. A schedule must never throw mid-training, so a
 * negative or NaN step acts as step 0 and a fractional step is floored.
 */
export function stepIndex(step: number): number {
  return step > 0 ? Math.floor(step) : 0;
}
