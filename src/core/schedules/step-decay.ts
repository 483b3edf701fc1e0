import * as z from 'zod/mini';
import { positiveInt, positiveNumber } from './fields.js';
import { defineSchedule } from './definition.js';
import { parseOrThrow } from './parse.js';
import { stepIndex, type Schedule } from './types.js';

export const stepDecayOptionsSchema = z.strictObject({
  /** Initial learning rate. Required. */
  lr: positiveNumber(),
  /** Decay every `stepSize` steps. Required. */
  stepSize: positiveInt(),
  /** Multiplicative decay factor. Default 0.1. */
  gamma: z._default(positiveNumber(), 0.1),
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

/** `{"type": "step", …}` in a spec. */
export const stepDefinition = defineSchedule({
  type: 'step',
  summary: 'multiply by gamma every stepSize steps (PyTorch StepLR)',
  options: stepDecayOptionsSchema,
  build: stepDecay,
  example: (steps) => ({ lr: 0.1, stepSize: Math.max(1, Math.round(steps / 3)) }),
});
export const stepSpecSchema = stepDefinition.spec;
export type StepSpec = z.input<typeof stepSpecSchema>;
