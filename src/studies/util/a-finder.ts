import type { GridTrial, RangeTestResult } from '../../core/finder/index.js';
import type { TrialOutcome } from '../study.js';

/** A range test's numbers for a study's `data`: options, the curve, suggestions, agreement and verdict. */
export function finderData(r: RangeTestResult): Record<string, unknown> {
  return {
    options: r.options, lrs: r.lrs, losses: r.losses, smoothedLosses: r.smoothedLosses, stopReason: r.stopReason, stopLr: r.stopLr,
    suggestions: r.suggestions, suggested: r.suggested, agreement: r.agreement, verdict: r.verdict,
  };
}

/** A trial as the core's GridTrial (a failed or diverged trial counts as diverged). */
export function gridTrial(lr: number, o: TrialOutcome): GridTrial {
  const f = o.result?.final;
  return {
    lr,
    trainLoss: Number(f?.trainLoss ?? NaN), trainAccuracy: Number(f?.trainAccuracy ?? NaN),
    valLoss: Number(f?.valLoss ?? NaN), valAccuracy: Number(f?.valAccuracy ?? NaN),
    diverged: o.status !== 'ok',
  };
}

/** A trial's record for a study's `data`: id, status, LR, seed, per-epoch rows, final row, time, error. */
export function trialRecord(o: TrialOutcome): Record<string, unknown> {
  return { id: o.id, status: o.status, lr: o.config.optimizer.lr, seed: o.config.seed, final: o.result?.final ?? null, epochs: o.result?.epochs ?? [], seconds: o.seconds, error: o.error };
}
