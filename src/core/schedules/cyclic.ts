import * as z from 'zod/mini';
import { SpecError } from '../spec-error.js';
import { boolean, momentumValue, nonNegativeNumber, oneOf, positiveInt, positiveNumber } from './fields.js';
import { defineSchedule } from './definition.js';
import { parseOrThrow } from './parse.js';
import { stepIndex, type LrMomentum } from './types.js';

export const cyclicOptionsSchema = z.strictObject({
  /** Lower learning rate of the cycle (the value at step 0). Required. */
  baseLr: nonNegativeNumber(),
  /** Upper learning rate of the cycle, >= baseLr. Required. */
  maxLr: positiveNumber(),
  /** Steps from baseLr up to maxLr. Default 2000. */
  stepSizeUp: z._default(positiveInt(), 2000),
  /** Steps from maxLr back down to baseLr. Default stepSizeUp. */
  stepSizeDown: z.optional(positiveInt()),
  /** Amplitude policy. Default 'triangular'. */
  mode: z._default(oneOf(['triangular', 'triangular2', 'exp_range']), 'triangular'),
  /** exp_range only: the amplitude is multiplied by gamma^t. Default 1. */
  gamma: z._default(positiveNumber(), 1),
  /** Cycle momentum inversely to the learning rate. Default true. */
  cycleMomentum: z._default(boolean(), true),
  /** Momentum at the learning-rate peak. Default 0.8. */
  baseMomentum: z._default(momentumValue(), 0.8),
  /** Momentum at the start of a cycle, >= baseMomentum. Default 0.9. */
  maxMomentum: z._default(momentumValue(), 0.9),
});
export type CyclicOptions = z.input<typeof cyclicOptionsSchema>;

/**
 * Cyclical learning rates (Smith 2017, "Cyclical Learning Rates for Training Neural Networks";
 * PyTorch `CyclicLR`). With total = up + down, cycle = ⌊1 + t/total⌋, x = 1 + t/total − cycle:
 * `scale = x ≤ up/total ? x/(up/total) : (x − 1)/(up/total − 1)` and
 * `lr_t = baseLr + (maxLr − baseLr)·scale·f`, with f = 1 (triangular), 1/2^(cycle−1)
 * (triangular2: half the amplitude each 1-based cycle) or gamma^t (exp_range, t the global step).
 * Momentum, when cycled: `m_t = maxMomentum − (maxMomentum − baseMomentum)·scale·f`.
 *
 * Defaults: stepSizeUp = 2000, stepSizeDown = stepSizeUp, mode = triangular, gamma = 1,
 * cycleMomentum = true, baseMomentum = 0.8, maxMomentum = 0.9. The period is up + down steps; it never ends.
 *
 * @example cyclic({ baseLr: 0.001, maxLr: 0.006, stepSizeUp: 2000 }).lr(2000) // 0.006
 */
export function cyclic(options: CyclicOptions): LrMomentum {
  const o = parseOrThrow(cyclicOptionsSchema, options);
  if (o.maxLr < o.baseLr) throw new SpecError('maxLr', `must be >= baseLr (${o.baseLr})`);
  if (o.cycleMomentum && o.maxMomentum < o.baseMomentum) throw new SpecError('maxMomentum', `must be >= baseMomentum (${o.baseMomentum})`);
  const up = o.stepSizeUp;
  const total = up + (o.stepSizeDown ?? up);
  const ratio = up / total;
  const amplitude = o.mode === 'triangular' ? () => 1
    : o.mode === 'triangular2' ? (cycle: number) => 1 / 2 ** (cycle - 1)
      : (_cycle: number, t: number) => o.gamma ** t;
  // Triangle wave position in [0, 1] and the amplitude factor, computed in PyTorch's order.
  const wave = (t: number) => {
    const cycle = Math.floor(1 + t / total);
    const x = 1 + t / total - cycle;
    const scale = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
    return { scale, factor: amplitude(cycle, t) };
  };
  const lr = (step: number) => {
    const { scale, factor } = wave(stepIndex(step));
    return o.baseLr + (o.maxLr - o.baseLr) * scale * factor;
  };
  const momentum = o.cycleMomentum
    ? (step: number) => {
      const { scale, factor } = wave(stepIndex(step));
      return o.maxMomentum - (o.maxMomentum - o.baseMomentum) * scale * factor;
    }
    : null;
  return { lr, momentum };
}

/** `{"type": "cyclic", …}` in a spec. */
export const cyclicDefinition = defineSchedule({
  type: 'cyclic',
  summary: 'triangle waves between baseLr and maxLr, momentum opposite (Smith 2017)',
  options: cyclicOptionsSchema,
  build: cyclic,
  example: (steps) => ({ baseLr: 0.001, maxLr: 0.1, stepSizeUp: Math.max(1, Math.round(steps / 8)) }),
});
export const cyclicSpecSchema = cyclicDefinition.spec;
export type CyclicSpec = z.input<typeof cyclicSpecSchema>;
