import * as z from 'zod/mini';
import { numberWhere, positiveInt, positiveNumber } from './fields.js';
import { defineSchedule } from './definition.js';
import { parseOrThrow } from './parse.js';
import { stepIndex, type Schedule } from './types.js';

export const linearOptionsSchema = z.strictObject({
  /** Base learning rate the factors multiply. Required. */
  lr: positiveNumber(),
  /** Factor at step 0, in (0, 1] as in PyTorch. Default 1/3. */
  startFactor: z._default(numberWhere('must be a number in (0, 1]', (v) => v > 0 && v <= 1), 1 / 3),
  /** Factor from step totalIters on, in [0, 1]. Default 1. */
  endFactor: z._default(numberWhere('must be a number in [0, 1]', (v) => v >= 0 && v <= 1), 1),
  /** Steps over which the factor moves. Default 5. */
  totalIters: z._default(positiveInt(), 5),
});
export type LinearOptions = z.input<typeof linearOptionsSchema>;

/**
 * Linear change of a multiplicative factor (PyTorch `LinearLR`; the usual linear warmup):
 * `lr_t = lr·(startFactor + (endFactor − startFactor)·min(t, totalIters)/totalIters)`.
 *
 * Defaults: startFactor 1/3, endFactor 1, totalIters 5. After totalIters it stays at lr·endFactor.
 *
 * @example linear({ lr: 0.1, startFactor: 0.1, totalIters: 10 })(5) // 0.055
 */
export function linear(options: LinearOptions): Schedule {
  const { lr, startFactor, endFactor, totalIters } = parseOrThrow(linearOptionsSchema, options);
  return (step) => {
    const t = stepIndex(step);
    // From totalIters on the factor is endFactor exactly; the general expression could leave a
    // rounding residue (even a tiny negative rate when endFactor is 0).
    if (t >= totalIters) return lr * endFactor;
    return lr * (startFactor + ((endFactor - startFactor) * t) / totalIters);
  };
}

/** `{"type": "linear", …}` in a spec. */
export const linearDefinition = defineSchedule({
  type: 'linear',
  summary: 'linear ramp by a factor from startFactor to endFactor: the usual warmup (PyTorch LinearLR)',
  options: linearOptionsSchema,
  build: linear,
  example: (steps) => ({ lr: 0.1, startFactor: 0.01, totalIters: Math.max(1, Math.round(steps / 20)) }),
});
export const linearSpecSchema = linearDefinition.spec;
export type LinearSpec = z.input<typeof linearSpecSchema>;
