import { SpecError } from '../spec-error.js';

/**
 * Scale a learning rate tuned at batch size `fromBatch` to batch size `toBatch`, k = toBatch/fromBatch:
 * - `linear`: `lr·k` (Goyal et al. 2017: batch ×k → LR ×k, with warmup);
 * - `sqrt`: `lr·√k` (Krizhevsky 2014; Hoffer et al. 2017: keeps the update variance constant).
 *
 * Defaults: rule = 'linear'.
 *
 * @example scaleLr(0.1, 256, 8192) // 3.2
 */
export function scaleLr(lr: number, fromBatch: number, toBatch: number, rule: ScalingRule = 'linear'): number {
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) throw new SpecError('lr', 'must be a positive number');
  if (!Number.isSafeInteger(fromBatch) || fromBatch <= 0) throw new SpecError('fromBatch', 'must be a positive integer');
  if (!Number.isSafeInteger(toBatch) || toBatch <= 0) throw new SpecError('toBatch', 'must be a positive integer');
  if (rule !== 'linear' && rule !== 'sqrt') throw new SpecError('rule', "must be one of linear|sqrt");
  return lr * scalingFactor(toBatch / fromBatch, rule);
}

/** A batch-scaling rule: the LR grows by k (`linear`) or by √k (`sqrt`) when the batch grows by k. */
export type ScalingRule = 'linear' | 'sqrt';

/**
 * The LR multiplier of a rule for a batch ratio k: k (linear) or √k (sqrt). The one place the
 * rules are written; `scaleLr` and the batch planner both apply it.
 * @example scalingFactor(32, 'sqrt') // 5.657
 */
export function scalingFactor(k: number, rule: ScalingRule): number {
  return rule === 'linear' ? k : Math.sqrt(k);
}
