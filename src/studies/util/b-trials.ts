import { z } from 'zod';
import type { TrialConfig, TrialOutcome } from '../study.js';

/** Positive integer field with a readable error. */
export const posInt = () => z.number({ error: 'must be a positive integer' }).int({ error: 'must be a positive integer' }).positive({ error: 'must be a positive integer' });
/** Positive finite number field. */
export const posNum = () => z.number({ error: 'must be a positive number' }).positive({ error: 'must be a positive number' }).finite();
/** A non-empty list of positive integers in strictly increasing order (batch sizes, k values). */
export const increasingInts = () => z.array(posInt()).min(1, { error: 'must not be empty' })
  .refine((a) => a.every((v, i) => i === 0 || v > a[i - 1]), { error: 'must be strictly increasing' });
/** A non-empty list of positive numbers in strictly increasing order (LR grids). */
export const increasingNums = () => z.array(posNum()).min(1, { error: 'must not be empty' })
  .refine((a) => a.every((v, i) => i === 0 || v > a[i - 1]), { error: 'must be strictly increasing' });

/** Data and model fields every batch study shares (TrialConfig names). */
export const setupFields = {
  /** `mnist` | `fashion-mnist` | `synthetic…` | a path. */
  data: z.string().min(1, { error: 'must name a data set' }),
  trainSize: posInt(),
  valSize: posInt(),
  /** `linear` | `mlp` | `cnn`. */
  model: z.string().min(1, { error: 'must name a model' }),
  hidden: z.array(posInt()).optional(),
  /** Number of seeds (initialisation and batch order) per setting; the data subset stays fixed. */
  seeds: posInt().max(10, { error: 'must be at most 10' }),
};

export interface Setup {
  data: string;
  trainSize: number;
  valSize: number;
  model: string;
  hidden?: number[];
}

/** The part of a TrialConfig fixed by the study's setup: data subset fixed by `dataSeed`. */
export function baseTrial(setup: Setup, dataSeed: number): Pick<TrialConfig, 'data' | 'trainSize' | 'valSize' | 'model' | 'hidden' | 'dataSeed'> {
  return {
    data: setup.data, trainSize: setup.trainSize, valSize: setup.valSize, model: setup.model,
    ...(setup.hidden ? { hidden: setup.hidden } : {}), dataSeed,
  };
}

/** Seeds of the repeated runs: base, base + 1, … (each seed changes the initialisation and batch order). */
export function seedList(base: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => base + i);
}

/** Final metrics of a trial that finished; null when it diverged, failed or ran no epoch. */
export interface FinalMetrics {
  valAccuracy: number;
  valLoss: number;
  trainAccuracy: number;
  trainLoss: number;
}

/** Epoch rows of a trial's result (empty when there is none). */
export function epochRows(o: TrialOutcome | undefined): Record<string, number>[] {
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
