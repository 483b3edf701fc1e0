import * as z from 'zod/mini';
import { positiveInt, positiveNumber } from './fields.js';
import { defineSchedule } from './definition.js';
import { parseOrThrow } from './parse.js';
import { stepIndex, type Schedule } from './types.js';

export const polynomialOptionsSchema = z.strictObject({
  /** Initial learning rate. Required. */
  lr: positiveNumber(),
  /** Steps until the rate reaches 0. Default 5. */
  totalIters: z._default(positiveInt(), 5),
  /** Power of the polynomial. Default 1 (linear decay). */
  power: z._default(positiveNumber(), 1),
});
export type PolynomialOptions = z.input<typeof polynomialOptionsSchema>;

/**
 * Polynomial decay to zero (PyTorch `PolynomialLR`):
 * `lr_t = lr·(1 − min(t, totalIters)/totalIters)^power`.
 *
 * Defaults: totalIters 5, power 1. From totalIters on the rate is 0.
 *
 * @example polynomial({ lr: 0.1, totalIters: 10, power: 2 })(5) // 0.025
 */
export function polynomial(options: PolynomialOptions): Schedule {
  const { lr, totalIters, power } = parseOrThrow(polynomialOptionsSchema, options);
  return (step) => lr * (1 - Math.min(totalIters, stepIndex(step)) / totalIters) ** power;
}

/** `{"type": "polynomial", …}` in a spec. */
export const polynomialDefinition = defineSchedule({
  type: 'polynomial',
  summary: 'polynomial decay to 0 over totalIters steps (PyTorch PolynomialLR)',
  options: polynomialOptionsSchema,
  build: polynomial,
  example: (steps) => ({ lr: 0.1, totalIters: Math.max(1, steps) }),
});
export const polynomialSpecSchema = polynomialDefinition.spec;
export type PolynomialSpec = z.input<typeof polynomialSpecSchema>;
