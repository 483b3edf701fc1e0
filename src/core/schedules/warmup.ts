import * as z from 'zod/mini';
import { constant } from './constant.js';
import { linear } from './linear.js';
import { numberWhere, positiveInt, positiveNumber } from './fields.js';
import { parseOrThrow } from './parse.js';
import { sequence } from './sequence.js';
import type { InnerScheduleSpec, SequenceSpec } from './spec.js';
import type { Schedule } from './types.js';

export const linearWarmupOptionsSchema = z.strictObject({
  /** The learning rate reached at the end of the warmup. Required. */
  lr: positiveNumber(),
  /** Length of the warmup in steps. Required. */
  warmupSteps: positiveInt(),
  /** Factor of lr at step 0, in (0, 1] (PyTorch LinearLR's rule). Default 1/3, LinearLR's default. */
  startFactor: z._default(numberWhere('must be a number in (0, 1]', (v) => v > 0 && v <= 1), 1 / 3),
});
export type LinearWarmupOptions = z.input<typeof linearWarmupOptionsSchema>;

/**
 * Linear warmup (Goyal et al. 2017, "Accurate, Large Minibatch SGD"): from lr·startFactor at
 * step 0 up to lr at step warmupSteps, then `after` (default: constant lr) with its own step
 * counter starting at 0. It is `sequence([linear(...) for warmupSteps, after])`:
 * `lr_t = lr·(startFactor + (1 − startFactor)·t/warmupSteps)` for t < warmupSteps.
 *
 * Defaults: startFactor 1/3, after = constant({ lr }).
 *
 * @example linearWarmup({ lr: 0.4, warmupSteps: 5 * 390, startFactor: 0.25 }) // Goyal: η → 4η over 5 epochs
 */
export function linearWarmup(options: LinearWarmupOptions & { after?: Schedule }): Schedule {
  const { after, ...rest } = options;
  const { lr, warmupSteps, startFactor } = parseOrThrow(linearWarmupOptionsSchema, rest);
  return sequence([
    { schedule: linear({ lr, startFactor, endFactor: 1, totalIters: warmupSteps }), steps: warmupSteps },
    { schedule: after ?? constant({ lr }) },
  ]);
}

/** The same warmup as a portable JSON spec (a `sequence`), e.g. for a result file or `--schedule`. */
export function linearWarmupSpec(options: LinearWarmupOptions & { after?: InnerScheduleSpec }): SequenceSpec {
  const { after, ...rest } = options;
  const { lr, warmupSteps, startFactor } = parseOrThrow(linearWarmupOptionsSchema, rest);
  return {
    type: 'sequence',
    parts: [
      { schedule: { type: 'linear', lr, startFactor, endFactor: 1, totalIters: warmupSteps }, steps: warmupSteps },
      { schedule: after ?? { type: 'constant', lr } },
    ],
  };
}
