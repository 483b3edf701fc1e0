import * as z from 'zod/mini';
import { positiveNumber } from './fields.js';
import { defineSchedule } from './definition.js';
import { parseOrThrow } from './parse.js';
import { stepIndex, type Schedule } from './types.js';

export const exponentialOptionsSchema = z.strictObject({
  /** Initial learning rate. Required. */
  lr: positiveNumber(),
  /** Factor per step (< 1 decays, > 1 grows as in an LR range test). Required. */
  gamma: positiveNumber(),
});
export type ExponentialOptions = z.input<typeof exponentialOptionsSchema>;

/**
 * Exponential decay (PyTorch `ExponentialLR`): `lr_t = lr · gamma^t`.
 *
 * @example exponential({ lr: 0.1, gamma: 0.5 })(3) // 0.0125
 */
export function exponential(options: ExponentialOptions): Schedule {
  const { lr, gamma } = parseOrThrow(exponentialOptionsSchema, options);
  return (step) => lr * gamma ** stepIndex(step);
}

/** `{"type": "exponential", …}` in a spec. */
export const exponentialDefinition = defineSchedule({
  type: 'exponential',
  summary: 'multiply by gamma every step (PyTorch ExponentialLR)',
  options: exponentialOptionsSchema,
  build: exponential,
  example: (steps) => ({ lr: 0.1, gamma: Number((0.01 ** (1 / Math.max(1, steps))).toPrecision(6)) }),
});
export const exponentialSpecSchema = exponentialDefinition.spec;
export type ExponentialSpec = z.input<typeof exponentialSpecSchema>;
