import * as z from 'zod/mini';
import { SpecError } from '../spec-error.js';
import { annealCos, annealLinear } from './anneal.js';
import { boolean, momentumValue, oneOf, positiveInt, positiveNumber, unitFraction } from './fields.js';
import { defineSchedule } from './definition.js';
import { parseOrThrow } from './parse.js';
import { stepIndex, type LrMomentum } from './types.js';

export const oneCycleOptionsSchema = z.strictObject({
  /** Peak learning rate. Required. */
  maxLr: positiveNumber(),
  /** Length of the cycle in steps. Required. */
  totalSteps: positiveInt(),
  /** Fraction of the cycle spent increasing the learning rate, in [0, 1]. Default 0.3. */
  pctStart: z._default(unitFraction(), 0.3),
  /** Shape of each phase. Default 'cos'. */
  annealStrategy: z._default(oneOf(['cos', 'linear']), 'cos'),
  /** Initial learning rate = maxLr / divFactor. Default 25. */
  divFactor: z._default(positiveNumber(), 25),
  /** Final learning rate = initial / finalDivFactor. Default 1e4. */
  finalDivFactor: z._default(positiveNumber(), 1e4),
  /** Smith's original three phases (up, symmetric down to the initial rate, then annihilation). Default false. */
  threePhase: z._default(boolean(), false),
  /** Cycle momentum inversely to the learning rate. Default true. */
  cycleMomentum: z._default(boolean(), true),
  /** Momentum at the learning-rate peak. Default 0.85. */
  baseMomentum: z._default(momentumValue(), 0.85),
  /** Momentum at the start and end, >= baseMomentum. Default 0.95. */
  maxMomentum: z._default(momentumValue(), 0.95),
});
export type OneCycleOptions = z.input<typeof oneCycleOptionsSchema>;

interface Phase { end: number; lr: [number, number]; momentum: [number, number] }

/**
 * The 1cycle policy (Smith & Topin 2019, "Super-Convergence"; PyTorch `OneCycleLR`).
 * With T = totalSteps, initial = maxLr/divFactor, min = initial/finalDivFactor, phases end at
 * pctStart·T − 1 and T − 1 (threePhase: pctStart·T − 1, 2·pctStart·T − 2 and T − 1). In a phase
 * from step s to e, `pct = (t − s)/(e − s)` and the value anneals (cos or linear) between the
 * phase's endpoints: lr initial → maxLr → min (threePhase: initial → maxLr → initial → min);
 * momentum maxMomentum → baseMomentum → maxMomentum (threePhase: stays at maxMomentum in phase 3).
 *
 * Defaults: pctStart 0.3, annealStrategy cos, divFactor 25, finalDivFactor 1e4, threePhase false,
 * cycleMomentum true, baseMomentum 0.85, maxMomentum 0.95.
 * Beyond the cycle (t ≥ T, where PyTorch extrapolates one step and then raises) the values hold
 * at those of step T − 1, so training past the end never fails and never uses a negative rate.
 *
 * @example oneCycle({ maxLr: 0.1, totalSteps: 100 }).lr(29) // 0.1, the peak at 0.3·100 − 1
 */
export function oneCycle(options: OneCycleOptions): LrMomentum {
  const o = parseOrThrow(oneCycleOptionsSchema, options);
  if (o.cycleMomentum && o.maxMomentum < o.baseMomentum) throw new SpecError('maxMomentum', `must be >= baseMomentum (${o.baseMomentum})`);
  const T = o.totalSteps;
  // PyTorch's first phase spans [0, pctStart·T − 1]; when that is exactly 0 it divides 0 by 0.
  if (o.pctStart * T - 1 === 0) throw new SpecError('pctStart', 'must not make pctStart·totalSteps exactly 1 (the first phase would have zero length)');
  const initial = o.maxLr / o.divFactor;
  const min = initial / o.finalDivFactor;
  const { maxMomentum: mMax, baseMomentum: mBase } = o;
  const phases: Phase[] = o.threePhase
    ? [
      { end: o.pctStart * T - 1, lr: [initial, o.maxLr], momentum: [mMax, mBase] },
      { end: 2 * o.pctStart * T - 2, lr: [o.maxLr, initial], momentum: [mBase, mMax] },
      { end: T - 1, lr: [initial, min], momentum: [mMax, mMax] },
    ]
    : [
      { end: o.pctStart * T - 1, lr: [initial, o.maxLr], momentum: [mMax, mBase] },
      { end: T - 1, lr: [o.maxLr, min], momentum: [mBase, mMax] },
    ];
  const anneal = o.annealStrategy === 'cos' ? annealCos : annealLinear;
  const at = (step: number, key: 'lr' | 'momentum') => {
    const t = Math.min(stepIndex(step), T - 1);
    let start = 0;
    for (let i = 0; i < phases.length; i++) {
      const p = phases[i];
      if (t <= p.end || i === phases.length - 1) return anneal(p[key][0], p[key][1], (t - start) / (p.end - start));
      start = p.end;
    }
    return NaN; // unreachable: the last phase always matches
  };
  return { lr: (step) => at(step, 'lr'), momentum: o.cycleMomentum ? (step) => at(step, 'momentum') : null };
}

/** `{"type": "onecycle", …}` in a spec. */
export const oneCycleDefinition = defineSchedule({
  type: 'onecycle',
  summary: 'up to maxLr and down far below, in one cycle (Smith & Topin 2019)',
  options: oneCycleOptionsSchema,
  build: oneCycle,
  example: (steps) => ({ maxLr: 0.1, totalSteps: Math.max(1, steps) }),
});
export const oneCycleSpecSchema = oneCycleDefinition.spec;
export type OneCycleSpec = z.input<typeof oneCycleSpecSchema>;
