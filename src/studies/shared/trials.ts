import type { GridTrial } from '../../core/finder/index.js';
import type { ScheduleValue } from '../../trial/config.js';
import type { TrialOutcome } from '../study.js';

/** Final metrics of a trial that finished; null when it diverged, failed or ran no epoch. */
export interface FinalMetrics {
  valAccuracy: number;
  valLoss: number;
  trainAccuracy: number;
  trainLoss: number;
}

/** Epoch rows of a trial's result (empty when there is none). */
export function epochRows(o: TrialOutcome | undefined): NonNullable<TrialOutcome['result']>['epochs'] {
  const rows = o?.result?.epochs;
  return Array.isArray(rows) ? rows : [];
}

/**
 * The last epoch's metrics of an `ok` trial; null for diverged, failed or empty ones. Train
 * accuracy and loss are those of the final weights on the whole training set when the trial
 * asked for it (`evaluateTrain`), else the running mean over the last epoch's batches.
 */
export function finalMetrics(o: TrialOutcome | undefined): FinalMetrics | null {
  if (!o || o.status !== 'ok') return null;
  const rows = epochRows(o);
  const last = rows[rows.length - 1];
  if (!last || !Number.isFinite(last.valAccuracy)) return null;
  return { valAccuracy: last.valAccuracy, valLoss: last.valLoss, trainAccuracy: o.trainEval?.accuracy ?? last.trainAccuracy, trainLoss: o.trainEval?.loss ?? last.trainLoss };
}

/**
 * Index outcomes by id, and fail loudly when every trial errored (a broken setup, not a finding).
 * Diverged trials are results; errors are counted so the verdict can mention them.
 */
export function indexOutcomes(outcomes: readonly TrialOutcome[]): { byId: Map<string, TrialOutcome>; errors: string[] } {
  const byId = new Map(outcomes.map((o) => [o.id, o]));
  const errors = outcomes.filter((o) => o.status === 'error').map((o) => `${o.id}: ${o.error ?? 'unknown error'}`);
  if (outcomes.length > 0 && errors.length === outcomes.length) {
    throw new Error(`every trial failed; first: ${errors[0]}`);
  }
  return { byId, errors };
}

/** A sentence on failed trials for the verdict, or '' when none failed. */
export function errorNote(errors: readonly string[]): string {
  return errors.length === 0 ? '' : ` ${errors.length} trial(s) failed and are left out (first: ${errors[0]}).`;
}

/**
 * The learning rate a trial is quoted by: a constant schedule's value; for a spec its `lr`, else
 * its `baseLr` (a cyclic schedule starts there), else its `maxLr` (one-cycle); for a sequence its
 * first part's. NaN when a spec names none.
 * @example nominalLr({ type: 'cyclic', baseLr: 0.1, maxLr: 0.3, stepSizeUp: 10 }) // 0.1
 */
export function nominalLr(schedule: ScheduleValue): number {
  if (typeof schedule === 'number') return schedule;
  for (const key of ['lr', 'baseLr', 'maxLr'] as const) {
    if (typeof schedule[key] === 'number') return schedule[key] as number;
  }
  const parts = schedule.parts;
  if (Array.isArray(parts) && parts.length > 0) return nominalLr((parts[0] as { schedule: ScheduleValue }).schedule);
  return NaN;
}

/** A trial's record for a study's `data`: id, status, LR, seed, per-epoch rows, final row, time, error. */
export function trialRecord(o: TrialOutcome): Record<string, unknown> {
  return { id: o.id, status: o.status, lr: nominalLr(o.config.schedule), seed: o.config.seed, final: o.result?.final ?? null, epochs: o.result?.epochs ?? [], seconds: o.seconds, error: o.error };
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
