import * as z from 'zod/mini';
import { SpecError, requireNumber } from '../spec-error.js';
import { multiStepSpecSchema, stepSpecSchema, type ConstantSpec, type MultiStepSpec } from '../schedules/index.js';
import { parseOrThrow, atPath } from '../schedules/parse.js';
import { batchSchedule, type BatchScheduleSpec } from './batch-schedule.js';

/** Options of `decayToBatchGrowth`. */
export interface DecayToBatchGrowthOptions {
  /** The LR decay to convert: a `step` or `multistep` spec whose step counts are epochs. Required. */
  lrSchedule: unknown;
  /** Batch size of the original schedule. Required. */
  batchSize: number;
  /** Training-set size N. Required. */
  datasetSize: number;
  /** Training length in epochs (for the table and update counts). Required. */
  epochs: number;
  /** Largest batch the growth may reach. Default floor(N/10) (Smith et al. 2018). */
  maxBatchSize?: number;
  /** SGD momentum m, only for the reported noise scale ε·N/(B(1 − m)). Default 0. */
  momentum?: number;
}

/** One phase (epochs with the same LR and batch) of the converted and the original schedule. */
export interface ConversionRow {
  /** First epoch of the phase. */
  epoch: number;
  /** First epoch after the phase. */
  endEpoch: number;
  lr: number;
  batchSize: number;
  /** SGD noise scale g = lr·N/(B(1 − m)). */
  noiseScale: number;
  /** ceil(N/B). */
  stepsPerEpoch: number;
  originalLr: number;
  originalBatchSize: number;
  originalNoiseScale: number;
  originalStepsPerEpoch: number;
}

/** Result of `decayToBatchGrowth`. */
export interface BatchGrowthPlan {
  /** Constant LR while the batch grows; a multistep decay (same gamma) at milestones past the cap. In epochs. */
  lrSchedule: (ConstantSpec | MultiStepSpec) & { unit: 'epoch' };
  batchSchedule: BatchScheduleSpec;
  table: ConversionRow[];
  /** Parameter updates over `epochs`: Σ_e ceil(N/B(e)) for each schedule. */
  updates: { original: number; converted: number };
  /** The cap used (maxBatchSize or floor(N/10)). */
  maxBatchSize: number;
}

/** Step counts of the LR spec are epochs; an explicit unit may say so, but 'step' is refused. */
const epochUnit = z.optional(z.literal('epoch', { error: 'must be "epoch": the converter works in epochs' }));
const lrSpecSchema = z.discriminatedUnion('type', [
  z.extend(stepSpecSchema, { unit: epochUnit }),
  z.extend(multiStepSpecSchema, { unit: epochUnit }),
]);

/**
 * Convert an LR decay schedule into the equivalent growing-batch schedule (Smith & Le 2018;
 * Smith, Kindermans, Ying & Le 2018, "Don't decay the learning rate, increase the batch size").
 *
 * Formula: the SGD noise scale g = ε·N/B (with momentum m: ε·N/(B(1 − m))) sets the scale of the
 * gradient noise, so multiplying B by 1/γ has the effect of multiplying ε by γ. At each milestone
 * of the decay (in order) the batch is multiplied by 1/γ while the new batch
 * round(B₀·(1/γ)^k) stays ≤ the cap; once it would exceed the cap, that and every later
 * milestone decays the LR by γ instead. g is then equal to the original's at every epoch (exactly
 * when B₀/γ^k is an integer, otherwise up to the rounding of B, a relative 0.5/B).
 * Steps per epoch are ceil(N/B), so the converted schedule needs far fewer parameter updates.
 * Defaults: maxBatchSize floor(N/10), momentum 0. Milestones at or after `epochs` are ignored.
 * Example: multistep lr 0.1, milestones [60, 120, 160], γ 0.2, B 128, N 50000, 200 epochs, cap
 * 5000 → batch 128, 640, 3200 at 0, 60, 120; at 160 the batch would be 16000 > 5000, so the LR
 * decays to 0.02 there; updates 78200 → 29480.
 */
export function decayToBatchGrowth(options: DecayToBatchGrowthOptions): BatchGrowthPlan {
  const spec = atPath(['lrSchedule'], () => parseOrThrow(lrSpecSchema, options.lrSchedule));
  const isPositiveInt = (v: number): boolean => Number.isInteger(v) && v >= 1;
  const b0 = requireNumber('batchSize', options.batchSize, 'must be a positive integer', isPositiveInt);
  const n = requireNumber('datasetSize', options.datasetSize, 'must be a positive integer', isPositiveInt);
  const epochs = requireNumber('epochs', options.epochs, 'must be a positive integer', isPositiveInt);
  const m = requireNumber('momentum', options.momentum ?? 0, 'must be a number in [0, 1)', (v) => v >= 0 && v < 1);
  const cap = options.maxBatchSize === undefined ? Math.floor(n / 10)
    : requireNumber('maxBatchSize', options.maxBatchSize, 'must be a positive integer', isPositiveInt);
  if (cap < b0) throw new SpecError('maxBatchSize', `must be >= batchSize (${b0})${options.maxBatchSize === undefined ? '; the default is floor(datasetSize/10)' : ''}`);
  const gamma = spec.gamma;
  if (!(gamma < 1)) throw new SpecError('lrSchedule.gamma', 'must be < 1 (a decay) to convert into batch growth');

  const milestones = spec.type === 'step'
    ? Array.from({ length: Math.ceil(epochs / spec.stepSize) - 1 }, (_, i) => (i + 1) * spec.stepSize)
    : [...spec.milestones].sort((a, b) => a - b).filter((e) => e < epochs);
  const factor = 1 / gamma;
  const batchMilestones: number[] = [], lrMilestones: number[] = [];
  for (const e of milestones) {
    const next = Math.round(b0 * factor ** (batchMilestones.length + 1));
    if (lrMilestones.length === 0 && next <= cap) batchMilestones.push(e);
    else lrMilestones.push(e);
  }

  const lrSchedule: BatchGrowthPlan['lrSchedule'] = lrMilestones.length === 0
    ? { type: 'constant', lr: spec.lr, unit: 'epoch' }
    : { type: 'multistep', lr: spec.lr, milestones: lrMilestones, gamma, unit: 'epoch' };
  const batchSpec: BatchScheduleSpec = batchMilestones.length === 0
    ? { type: 'constant', batchSize: b0 }
    : { type: 'multistep', batchSize: b0, milestones: batchMilestones, factor };
  const batchAt = batchSchedule(batchSpec);
  const count = (list: number[], e: number): number => list.filter((x) => x <= e).length;
  const lrAt = (e: number): number => spec.lr * gamma ** count(lrMilestones, e);
  const originalLrAt = (e: number): number => spec.lr * gamma ** count(milestones, e);
  const g = (lr: number, b: number): number => lr * n / (b * (1 - m));

  const starts = [...new Set([0, ...milestones])];
  const table: ConversionRow[] = starts.map((start, i) => {
    const lr = lrAt(start), b = batchAt(start), lr0 = originalLrAt(start);
    return {
      epoch: start, endEpoch: starts[i + 1] ?? epochs,
      lr, batchSize: b, noiseScale: g(lr, b), stepsPerEpoch: Math.ceil(n / b),
      originalLr: lr0, originalBatchSize: b0, originalNoiseScale: g(lr0, b0), originalStepsPerEpoch: Math.ceil(n / b0),
    };
  });
  const converted = table.reduce((a, r) => a + (r.endEpoch - r.epoch) * r.stepsPerEpoch, 0);
  return {
    lrSchedule, batchSchedule: batchSpec, table,
    updates: { original: epochs * Math.ceil(n / b0), converted }, maxBatchSize: cap,
  };
}
