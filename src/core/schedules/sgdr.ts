import * as z from 'zod/mini';
import { SpecError } from '../spec-error.js';
import { cosineValue } from './cosine.js';
import { nonNegativeNumber, positiveInt, positiveNumber } from './fields.js';
import { defineSchedule } from './definition.js';
import { parseOrThrow } from './parse.js';
import { stepIndex, type Schedule } from './types.js';

export const sgdrOptionsSchema = z.strictObject({
  /** Learning rate at each restart. Required. */
  lr: positiveNumber(),
  /** Length of the first period in steps. Required. */
  t0: positiveInt(),
  /** Each period is tMult times the previous one (an integer, as in PyTorch). Default 1. */
  tMult: z._default(positiveInt(), 1),
  /** Minimum learning rate, <= lr. Default 0. */
  etaMin: z._default(nonNegativeNumber(), 0),
});
export type SgdrOptions = z.input<typeof sgdrOptionsSchema>;

/**
 * Cosine annealing with warm restarts (SGDR, Loshchilov & Hutter 2017; PyTorch
 * `CosineAnnealingWarmRestarts`): a chain of cosine segments of lengths t0, t0·tMult, t0·tMult², …
 * `lr_t = etaMin + (lr − etaMin)·(1 + cos(π·T_cur / T_i)) / 2`, where T_cur counts steps
 * since the last restart and T_i is the current period. Restarts happen exactly at
 * t0, t0 + t0·tMult, …, where the value jumps back to lr. It never ends.
 *
 * Defaults: tMult = 1, etaMin = 0.
 *
 * @example sgdr({ lr: 0.1, t0: 10, tMult: 2 })(30) // 0.1 (second restart at 10 + 20)
 */
export function sgdr(options: SgdrOptions): Schedule {
  const { lr, t0, tMult, etaMin } = parseOrThrow(sgdrOptionsSchema, options);
  if (etaMin > lr) throw new SpecError('etaMin', `must be <= lr (${lr})`);
  return (step) => {
    let tCur = stepIndex(step);
    let period = t0;
    if (tMult === 1) tCur %= t0;
    else {
      // Periods grow geometrically, so this loop runs O(log t) times.
      while (tCur >= period) {
        tCur -= period;
        period *= tMult;
      }
    }
    return cosineValue(lr, etaMin, tCur, period);
  };
}

/** `{"type": "sgdr", …}` in a spec. */
export const sgdrDefinition = defineSchedule({
  type: 'sgdr',
  summary: 'cosine with warm restarts, periods t0, t0·tMult, … (Loshchilov & Hutter 2017)',
  options: sgdrOptionsSchema,
  build: sgdr,
  example: (steps) => ({ lr: 0.1, t0: Math.max(1, Math.round(steps / 7)), tMult: 2 }),
});
export const sgdrSpecSchema = sgdrDefinition.spec;
export type SgdrSpec = z.input<typeof sgdrSpecSchema>;
