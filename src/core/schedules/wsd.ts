import * as z from 'zod/mini';
import { SpecError } from '../spec-error.js';
import { nonNegativeInt, oneOf, positiveInt, positiveNumber, unitFraction } from './fields.js';
import { defineSchedule } from './definition.js';
import { parseOrThrow } from './parse.js';
import { stepIndex, type Schedule } from './types.js';

/** The decay shapes, in help order. */
export const WSD_DECAY_SHAPES = ['linear', 'cosine', '1-sqrt'] as const;
export type WsdDecayShape = (typeof WSD_DECAY_SHAPES)[number];

/** decayFraction when neither decaySteps nor decayFraction is given. */
export const WSD_DEFAULT_DECAY_FRACTION = 0.2;

export const wsdOptionsSchema = z.strictObject({
  /** Learning rate of the stable phase. Required. */
  lr: positiveNumber(),
  /** Length of the whole run in steps (warmup + stable + decay). Required. */
  totalSteps: positiveInt(),
  /** Steps of linear warmup from lr·startFactor up to lr. Default 0. */
  warmupSteps: z._default(nonNegativeInt(), 0),
  /** Factor at step 0 of the warmup, in [0, 1]. Default 0. */
  startFactor: z._default(unitFraction(), 0),
  /** Steps of the final decay. Give this or decayFraction, not both. */
  decaySteps: z.optional(nonNegativeInt()),
  /** Fraction of totalSteps spent decaying, in [0, 1]; decay steps = round(decayFraction·totalSteps). Default 0.2 when decaySteps is not given. */
  decayFraction: z.optional(unitFraction()),
  /** Shape of the decay. Default '1-sqrt'. */
  decayShape: z._default(oneOf(WSD_DECAY_SHAPES), '1-sqrt'),
  /** Factor at the end of the decay and after it, in [0, 1]. Default 0. */
  finalFactor: z._default(unitFraction(), 0),
});
export type WsdOptions = z.input<typeof wsdOptionsSchema>;

/** The resolved phase lengths of a wsd schedule (for studies that branch a decay off the stable phase). */
export interface WsdPhases {
  warmupSteps: number;
  /** First step of the decay: totalSteps − decaySteps. */
  decayStart: number;
  decaySteps: number;
  totalSteps: number;
}

/**
 * The phase lengths `wsd(options)` uses, validated: decaySteps, or round(decayFraction·totalSteps)
 * with Math.round (halves round up), default fraction 0.2; warmupSteps + decaySteps ≤ totalSteps.
 */
export function wsdPhases(options: WsdOptions): WsdPhases {
  const o = parseOrThrow(wsdOptionsSchema, options);
  if (o.decaySteps !== undefined && o.decayFraction !== undefined) {
    throw new SpecError('decaySteps', 'must not be given together with decayFraction (give one of the two)');
  }
  const T = o.totalSteps;
  const D = o.decaySteps ?? Math.round((o.decayFraction ?? WSD_DEFAULT_DECAY_FRACTION) * T);
  if (D > T) throw new SpecError('decaySteps', `must be <= totalSteps (${T})`);
  if (o.warmupSteps + D > T) {
    throw new SpecError('warmupSteps', `plus the ${D} decay steps must be <= totalSteps (${T})`);
  }
  return { warmupSteps: o.warmupSteps, decayStart: T - D, decaySteps: D, totalSteps: T };
}

/**
 * Warmup–stable–decay (Zhai et al. 2022; Hu et al. 2024 "MiniCPM"; Hägele et al. 2024 "Scaling
 * Laws and Compute-Optimal Training Beyond Fixed Training Durations", whose 1-sqrt decay is the
 * default). With lr, T = totalSteps, W = warmupSteps, s = startFactor, f = finalFactor and
 * D = decaySteps (or round(decayFraction·T), Math.round):
 * - t < W: `lr·(s + (1 − s)·t/W)`;
 * - W ≤ t < T − D: `lr` (the stable phase);
 * - T − D ≤ t < T, u = (t − (T − D))/D: linear `lr·(1 − u·(1 − f))`, cosine
 *   `lr·(f + (1 − f)·(1 + cos πu)/2)`, 1-sqrt `lr·(f + (1 − f)·(1 − √u))`;
 * - t ≥ T: `lr·f`.
 *
 * Defaults: warmupSteps 0, startFactor 0, decayFraction 0.2, decayShape 1-sqrt, finalFactor 0.
 * decaySteps and decayFraction are exclusive. The decay's first step (u = 0) is still lr, so the
 * stable phase and the decay join without a jump; the value reaches lr·f at step T.
 *
 * @example wsd({ lr: 0.1, totalSteps: 100, decayShape: 'linear' })(90) // 0.05: u = 10/20
 */
export function wsd(options: WsdOptions): Schedule {
  const o = parseOrThrow(wsdOptionsSchema, options);
  const { warmupSteps: W, decayStart, decaySteps: D, totalSteps: T } = wsdPhases(o);
  const { lr, startFactor: s, finalFactor: f, decayShape } = o;
  const decay = DECAY[decayShape];
  return (step) => {
    const t = stepIndex(step);
    if (t < W) return lr * (s + ((1 - s) * t) / W);
    if (t < decayStart) return lr;
    // From T on the value is lr·f exactly (the decay formula at u = 1 could leave a rounding residue).
    if (t >= T) return lr * f;
    return lr * decay((t - decayStart) / D, f);
  };
}

/** The decay factor at u ∈ [0, 1) for final factor f, one per shape, as the issue states them. */
const DECAY: Record<WsdDecayShape, (u: number, f: number) => number> = {
  linear: (u, f) => 1 - u * (1 - f),
  cosine: (u, f) => f + ((1 - f) * (1 + Math.cos(Math.PI * u))) / 2,
  '1-sqrt': (u, f) => f + (1 - f) * (1 - Math.sqrt(u)),
};

/** `{"type": "wsd", …}` in a spec. */
export const wsdDefinition = defineSchedule({
  type: 'wsd',
  summary: 'warmup, a long constant stable phase, then a short decay (linear, cosine or 1-sqrt) to lr·finalFactor',
  options: wsdOptionsSchema,
  build: wsd,
  example: (steps) => ({ lr: 0.1, totalSteps: Math.max(1, steps) }),
});
export const wsdSpecSchema = wsdDefinition.spec;
export type WsdSpec = z.input<typeof wsdSpecSchema>;
