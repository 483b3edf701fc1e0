import * as z from 'zod/mini';
import { SpecError } from '../spec-error.js';
import { nonNegativeNumber, positiveInt, positiveNumber } from './fields.js';
import { defineSchedule } from './definition.js';
import { parseOrThrow } from './parse.js';
import { stepIndex, type Schedule } from './types.js';

export const cosineOptionsSchema = z.strictObject({
  /** Initial (maximum) learning rate. Required. */
  lr: positiveNumber(),
  /** Steps from lr down to etaMin (half a cosine period). Required. */
  tMax: positiveInt(),
  /** Minimum learning rate, <= lr. Default 0. */
  etaMin: z._default(nonNegativeNumber(), 0),
});
export type CosineOptions = z.input<typeof cosineOptionsSchema>;

/**
 * Cosine annealing (PyTorch `CosineAnnealingLR`, Loshchilov & Hutter 2017, SGDR without restarts):
 * `lr_t = etaMin + (lr − etaMin)·(1 + cos(π·t / tMax)) / 2`.
 *
 * Defaults: etaMin = 0. Past tMax the value follows the same formula, as PyTorch's recursive
 * update does: it rises again and is back at lr at 2·tMax (period 2·tMax). Put a constant
 * part after it in a `sequence` to hold etaMin instead.
 *
 * @example cosine({ lr: 0.1, tMax: 100 })(50) // 0.05
 */
export function cosine(options: CosineOptions): Schedule {
  const { lr, tMax, etaMin } = parseOrThrow(cosineOptionsSchema, options);
  if (etaMin > lr) throw new SpecError('etaMin', `must be <= lr (${lr})`);
  return (step) => cosineValue(lr, etaMin, stepIndex(step), tMax);
}

/** The cosine curve itself, shared with SGDR: value at `t` of a half period `period` from `hi` to `lo`. */
export function cosineValue(hi: number, lo: number, t: number, period: number): number {
  // Same operation order as PyTorch (π·t first, then / T) so values agree to the last bit where cos does.
  return lo + ((hi - lo) * (1 + Math.cos((Math.PI * t) / period))) / 2;
}

/** `{"type": "cosine", …}` in a spec. */
export const cosineDefinition = defineSchedule({
  type: 'cosine',
  summary: 'half a cosine from lr down to etaMin over tMax steps (PyTorch CosineAnnealingLR)',
  options: cosineOptionsSchema,
  build: cosine,
  example: (steps) => ({ lr: 0.1, tMax: Math.max(1, steps) }),
});
export const cosineSpecSchema = cosineDefinition.spec;
export type CosineSpec = z.input<typeof cosineSpecSchema>;
