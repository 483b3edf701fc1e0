import * as z from 'zod/mini';
import { SpecError, requireNumber } from '../spec-error.js';
import { nonNegativeInt, positiveInt } from '../schedules/fields.js';
import { parseOrThrow } from '../schedules/parse.js';

/** A constant batch size. */
export const constantBatchSpecSchema = z.strictObject({
  type: z.literal('constant'),
  /** The batch size at every epoch. Required. */
  batchSize: positiveInt(),
});

/** Batch growth by `factor` at milestone epochs (the batch-size analogue of PyTorch's MultiStepLR). */
export const multiStepBatchSpecSchema = z.strictObject({
  type: z.literal('multistep'),
  /** Batch size from epoch 0 to the first milestone. Required. */
  batchSize: positiveInt(),
  /** Epochs at which the batch is multiplied by factor (any order; a repeated one counts twice). Required. */
  milestones: z.array(nonNegativeInt(), { error: (i) => (i.input === undefined ? 'is required' : 'must be an array of integers >= 0') }),
  /** Growth factor, ≥ 1 (batch sizes only grow). Required. */
  factor: z.number({ error: (i) => (i.input === undefined ? 'is required' : 'must be a number >= 1') }).check(z.gte(1, { error: 'must be a number >= 1' })),
  /** Upper limit on the batch size (e.g. memory or N/10). Default: none. */
  maxBatchSize: z.optional(positiveInt()),
});

/** The batch-size schedule spec: `constant` or `multistep`. Unknown types and fields are errors. */
export const batchScheduleSpecSchema = z.discriminatedUnion('type', [constantBatchSpecSchema, multiStepBatchSpecSchema]);
export type BatchScheduleSpec = z.output<typeof batchScheduleSpecSchema>;
export type ConstantBatchSpec = z.output<typeof constantBatchSpecSchema>;
export type MultiStepBatchSpec = z.output<typeof multiStepBatchSpecSchema>;

/** Batch size as a function of the epoch (0, 1, …). The trainer changes it between epochs. */
export type BatchSchedule = (epoch: number) => number;

/**
 * Build the batch-size schedule a JSON spec describes ("don't decay the learning rate, increase
 * the batch size", Smith, Kindermans, Ying & Le 2018).
 *
 * Formula (multistep): `B(e) = min(maxBatchSize, round(batchSize·factor^c(e)))`, c(e) = number of
 * milestones ≤ e — the same counting as MultiStepLR, so a batch milestone at epoch 60 matches an
 * LR milestone at 60. Rounding the product (not each step) keeps B(e) exactly the spec's value.
 * Defaults: maxBatchSize none. Throws a SpecError naming the field for an invalid spec, and for
 * a negative or non-finite epoch.
 * Example: `batchSchedule({ type: 'multistep', batchSize: 128, milestones: [60, 120], factor: 5 })(120)` → 3200.
 */
export function batchSchedule(spec: unknown): BatchSchedule {
  const parsed = parseBatchScheduleSpec(spec);
  const checkEpoch = (epoch: number): void => {
    requireNumber('epoch', epoch, 'must be a number >= 0', (v) => v >= 0);
  };
  if (parsed.type === 'constant') {
    return (epoch) => { checkEpoch(epoch); return parsed.batchSize; };
  }
  const { batchSize, factor } = parsed;
  const milestones = [...parsed.milestones].sort((a, b) => a - b);
  const max = parsed.maxBatchSize ?? Infinity;
  return (epoch) => {
    checkEpoch(epoch);
    let count = 0;
    while (count < milestones.length && milestones[count] <= epoch) count++;
    return Math.min(max, Math.round(batchSize * factor ** count));
  };
}

/** Validate a batch-size schedule spec (SpecError naming the field) and return it typed. */
export function parseBatchScheduleSpec(spec: unknown): BatchScheduleSpec {
  const parsed = parseOrThrow(batchScheduleSpecSchema, spec);
  if (parsed.type === 'multistep') {
    if (parsed.maxBatchSize !== undefined && parsed.maxBatchSize < parsed.batchSize) {
      throw new SpecError('maxBatchSize', `must be >= batchSize (${parsed.batchSize})`);
    }
    const largest = parsed.batchSize * parsed.factor ** parsed.milestones.length;
    if (parsed.maxBatchSize === undefined && !(largest <= Number.MAX_SAFE_INTEGER)) {
      throw new SpecError('factor', 'grows the batch beyond 2^53 over the milestones; set maxBatchSize');
    }
  }
  return parsed;
}
