import * as z from 'zod';
import type { CyclicSpec } from '../schedules/index.js';
import { SpecError } from '../spec-error.js';
import type { StepTrainer } from '../trainer.js';
import { parseWith } from './options.js';
import type { Verdict } from './verdict.js';

const positive = (d: number) => z.number({ error: 'must be a positive number' }).positive({ error: 'must be a positive number' }).finite({ error: 'must be a positive number' }).default(d);
const count = (d: number) => z.number({ error: 'must be an integer >= 1' }).int({ error: 'must be an integer >= 1' }).min(1, { error: 'must be an integer >= 1' }).default(d);

/**
 * Options of the accuracy range test. Defaults: startLr 1e-4, endLr 1, epochs 4,
 * evalsPerEpoch 4, baseDiv 3, stepEpochs 4 (Smith: a half cycle of 2–10 epochs),
 * plateauTol 0.005 (accuracy within half a percentage point of the peak counts as the peak).
 */
export const accuracyTestOptionsSchema = z
  .strictObject({
    startLr: positive(1e-4),
    endLr: positive(1),
    epochs: count(4),
    evalsPerEpoch: count(4),
    baseDiv: z.union([z.literal(3), z.literal(4)], { error: 'must be 3 or 4' }).default(3),
    stepEpochs: z.number({ error: 'must be an integer from 2 to 10' }).int({ error: 'must be an integer from 2 to 10' }).min(2, { error: 'must be an integer from 2 to 10' }).max(10, { error: 'must be an integer from 2 to 10' }).default(4),
    plateauTol: z.number({ error: 'must be in [0, 1)' }).min(0, { error: 'must be in [0, 1)' }).lt(1, { error: 'must be in [0, 1)' }).default(0.005),
  })
  .check((ctx) => {
    if (ctx.value.endLr <= ctx.value.startLr) ctx.issues.push({ code: 'custom', path: ['endLr'], message: 'must be greater than startLr', input: ctx.value.endLr });
  });
export type AccuracyTestOptions = z.output<typeof accuracyTestOptionsSchema>;

export interface AccuracyTestResult {
  options: AccuracyTestOptions;
  /** LR of the last step before each evaluation. */
  lrs: number[];
  /** Validation accuracy (fraction) at each evaluation. */
  accuracies: number[];
  /** Validation loss at each evaluation. */
  valLosses: number[];
  /** Optimizer steps done before each evaluation. */
  evalSteps: number[];
  stopReason: 'completed' | 'nan';
  stopLr: number | null;
  /** Peak accuracy, and where accuracy first came within plateauTol of it. */
  peakAccuracy: number | null;
  maxLr: number | null;
  baseLr: number | null;
  /** Ready cyclic spec: baseLr … maxLr, stepSizeUp = stepEpochs·stepsPerEpoch, triangular2. */
  clr: CyclicSpec | null;
  verdict: Verdict;
}

/**
 * Smith's accuracy range test: raise the LR linearly from `startLr` to `endLr` over `epochs`
 * epochs, lr_t = s + (e − s)·t/(T − 1) for t = 0 … T−1 (T = epochs·stepsPerEpoch), and
 * evaluate validation accuracy `evalsPerEpoch` times per epoch (after step round(j·T/E),
 * j = 1 … E). maxLr is the LR where accuracy stops rising: the first evaluation whose
 * accuracy is within `plateauTol` of the peak; baseLr = maxLr / baseDiv (Smith: 3 or 4).
 * Stops on a NaN/Inf loss. The trainer is snapshotted first and always restored.
 *
 * @example const r = await accuracyRangeTest(trainer, { endLr: 0.5, stepEpochs: 4 }); r.clr
 * Paper: L. N. Smith, "Cyclical Learning Rates for Training Neural Networks", WACV 2017, §3.3.
 */
export async function accuracyRangeTest(trainer: StepTrainer, opts: Partial<AccuracyTestOptions> = {}): Promise<AccuracyTestResult> {
  const o = parseWith(accuracyTestOptionsSchema, opts);
  const evaluate = trainer.evaluate?.bind(trainer);
  if (!evaluate) throw new SpecError('trainer.evaluate', 'is required by the accuracy range test');
  const spe = trainer.stepsPerEpoch;
  if (!Number.isInteger(spe) || spe < 1) throw new SpecError('trainer.stepsPerEpoch', 'must be an integer >= 1');
  const total = o.epochs * spe;
  const evals = o.epochs * o.evalsPerEpoch;
  if (evals > total) throw new SpecError('evalsPerEpoch', `must be at most the steps per epoch (${spe})`);
  const evalAt = new Set(Array.from({ length: evals }, (_, j) => Math.round(((j + 1) * total) / evals)));

  const r = { lrs: [] as number[], accuracies: [] as number[], valLosses: [] as number[], evalSteps: [] as number[], stopReason: 'completed' as 'completed' | 'nan', stopLr: null as number | null };
  const snapshot = await trainer.snapshot();
  try {
    for (let t = 0; t < total; t++) {
      const lr = total === 1 ? o.startLr : o.startLr + ((o.endLr - o.startLr) * t) / (total - 1);
      trainer.setLearningRate(lr);
      const loss = await trainer.trainBatch();
      if (!Number.isFinite(loss)) { r.stopReason = 'nan'; r.stopLr = lr; break; }
      if (evalAt.has(t + 1)) {
        const e = await evaluate();
        if (!Number.isFinite(e.loss) || !Number.isFinite(e.accuracy)) { r.stopReason = 'nan'; r.stopLr = lr; break; }
        r.lrs.push(lr); r.accuracies.push(e.accuracy); r.valLosses.push(e.loss); r.evalSteps.push(t + 1);
      }
    }
  } finally {
    try { await trainer.restore(snapshot); } finally { trainer.disposeSnapshot?.(snapshot); }
  }
  return { options: o, ...r, ...bounds(r.lrs, r.accuracies, r.stopReason, o, spe) };
}

function bounds(lrs: number[], acc: number[], stop: 'completed' | 'nan', o: AccuracyTestOptions, spe: number) {
  const none = { peakAccuracy: null, maxLr: null, baseLr: null, clr: null };
  if (acc.length === 0) return { ...none, verdict: { status: 'unusable' as const, reason: 'no evaluation finished: the loss was NaN/Inf before the first one; lower startLr' } };
  const peakAccuracy = Math.max(...acc);
  const i = acc.findIndex((a) => a >= peakAccuracy - o.plateauTol);
  const maxLr = lrs[i];
  const baseLr = maxLr / o.baseDiv;
  const found = { peakAccuracy, maxLr, baseLr, clr: { type: 'cyclic' as const, baseLr, maxLr, stepSizeUp: o.stepEpochs * spe, mode: 'triangular2' as const } };
  const rise = peakAccuracy - acc[0];
  const f = (x: number): string => x.toPrecision(3);
  if (rise < 0.01) {
    return { ...none, peakAccuracy, verdict: { status: 'unusable' as const, reason: `accuracy never rose meaningfully (${f(acc[0])} → ${f(peakAccuracy)}, needs +0.01)` } };
  }
  if (i === 0) {
    return { ...none, peakAccuracy, verdict: { status: 'unusable' as const, reason: `accuracy was highest at the first evaluation (lr ${f(lrs[0])}): the range starts too high or the model does not learn` } };
  }
  const still = i === acc.length - 1 && stop === 'completed' ? '; still rising at endLr, raise it' : '';
  return { ...found, verdict: { status: 'usable' as const, reason: `accuracy rose ${f(acc[0])} → ${f(peakAccuracy)} and stopped rising at lr ${f(maxLr)}${still}` } };
}
