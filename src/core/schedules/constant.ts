import * as z from 'zod/mini';
import { positiveNumber } from './fields.js';
import { defineSchedule } from './definition.js';
import { parseOrThrow } from './parse.js';
import type { Schedule } from './types.js';

export const constantOptionsSchema = z.strictObject({
  /** The learning rate at every step. Required. */
  lr: positiveNumber(),
});
export type ConstantOptions = z.input<typeof constantOptionsSchema>;

/**
 * A constant learning rate: `lr_t = lr`.
 *
 * Training with it is the same as training with a fixed learning rate (no PyTorch scheduler).
 *
 * @example constant({ lr: 0.1 })(1000) // 0.1
 */
export function constant(options: ConstantOptions): Schedule {
  const { lr } = parseOrThrow(constantOptionsSchema, options);
  return () => lr;
}

/** `{"type": "constant", …}` in a spec. */
export const constantDefinition = defineSchedule({
  type: 'constant',
  summary: 'the same rate at every step',
  options: constantOptionsSchema,
  build: constant,
  example: () => ({ lr: 0.1 }),
});
export const constantSpecSchema = constantDefinition.spec;
export type ConstantSpec = z.input<typeof constantSpecSchema>;
