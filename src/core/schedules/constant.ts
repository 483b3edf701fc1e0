import { z } from 'zod';
import { positiveNumber } from './fields.js';
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
