import * as z from 'zod/mini';
import { nonNegativeInt, positiveNumber } from './fields.js';
import { defineSchedule } from './definition.js';
import { parseOrThrow } from './parse.js';
import { stepIndex, type Schedule } from './types.js';

export const multiStepOptionsSchema = z.strictObject({
  /** Initial learning rate. Required. */
  lr: positiveNumber(),
  /** Steps at which the rate is multiplied by gamma (any order; a repeated milestone decays twice). Required. */
  milestones: z.array(nonNegativeInt(), { error: (i) => (i.input === undefined ? 'is required' : 'must be an array of integers >= 0') }),
  /** Multiplicative decay factor. Default 0.1. */
  gamma: z._default(positiveNumber(), 0.1),
});
export type MultiStepOptions = z.input<typeof multiStepOptionsSchema>;

/**
 * Decay at milestones (PyTorch `MultiStepLR`): `lr_t = lr · gamma^(number of milestones ≤ t)`.
 *
 * Defaults: gamma = 0.1. As in PyTorch, a milestone at 0 already decays step 0, and a
 * milestone listed twice decays by gamma² (PyTorch keeps them in a Counter).
 *
 * @example multiStep({ lr: 0.1, milestones: [30, 80] })(80) // 0.001 (two decays)
 */
export function multiStep(options: MultiStepOptions): Schedule {
  const { lr, milestones, gamma } = parseOrThrow(multiStepOptionsSchema, options);
  const sorted = [...milestones].sort((a, b) => a - b);
  return (step) => lr * gamma ** countAtMost(sorted, stepIndex(step));
}

/** Number of entries of the sorted array that are <= t (binary search; Python's bisect_right). */
function countAtMost(sorted: readonly number[], t: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `{"type": "multistep", …}` in a spec. */
export const multiStepDefinition = defineSchedule({
  type: 'multistep',
  summary: 'multiply by gamma at each milestone (PyTorch MultiStepLR)',
  options: multiStepOptionsSchema,
  build: multiStep,
  example: (steps) => ({ lr: 0.1, milestones: [Math.round(steps / 2), Math.round((3 * steps) / 4)] }),
});
export const multiStepSpecSchema = multiStepDefinition.spec;
export type MultiStepSpec = z.input<typeof multiStepSpecSchema>;
