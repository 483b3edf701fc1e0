import { z } from 'zod';
import { positiveInt, positiveNumber } from './fields.js';
import { parseOrThrow } from './parse.js';
import { stepIndex, type Schedule } from './types.js';

export const stepDecayOptionsSchema = z.strictObject({
  /** Initial learning rate. Required. */
  lr: positiveNumber(),
  /** Decay every `stepSize` steps. Required. */
  stepSize: positiveInt(),
  /** Multiplicative decay factor. Default 0.1. */
  gamma: positiveNumber().default(0.1),
});
export type StepDecayOptions = z.input<typeof stepDecayOptionsSchema>;

/**
 * Step decay (PyTorch `StepLR`): `lr_t = lr · gamma^⌊t / stepSize⌋`.
 *
 * Defaults: gamma = 0.1. Step 0 is never decayed.
 *
 * @example stepDecay({ lr: 0.1, stepSize: 30 })(30) // 0.01
 */
export function stepDecay(options: StepDecayOptions): Schedule {
  const { lr, stepSize, gamma } = parseOrThrow(stepDecayOptionsSchema, options);
  return (step) => lr * gamma ** Math.floor(stepIndex(step) / stepSize);
}
