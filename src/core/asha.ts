/**
 * ASHA, asynchronous successive halving (Li et al. 2020, "A System for Massively Parallel
 * Hyperparameter Tuning"): the rung bookkeeping, pure. Trials train to the rungs' epoch counts
 * r, r·η, r·η², … ≤ R; a trial that finished rung k is promoted to rung k+1 as soon as it is
 * among the top ⌊n_k/η⌋ of the n_k trials recorded at rung k so far (and was not promoted
 * before). A trial never promoted stops where it is (pruned). With every trial recorded before
 * any promotion, this is synchronous successive halving; recorded one by one, early promotions
 * are decided on fewer trials, as the paper's asynchronous algorithm does.
 */
import { SpecError } from './spec-error.js';

export interface AshaOptions {
  /** r: epochs of the first rung (≥ 1). */
  minEpochs: number;
  /** R: the most epochs a trial trains (the last rung), ≥ minEpochs. */
  maxEpochs: number;
  /** η: reduction factor (≥ 2); the top 1/η of a rung goes on. Default 3. */
  eta?: number;
}

/**
 * The rungs' epoch counts: r·η^k for k = 0, 1, … while ≤ R.
 *
 * Example: `ashaRungs({minEpochs: 1, maxEpochs: 9, eta: 3})` → `[1, 3, 9]`.
 */
export function ashaRungs(o: AshaOptions): number[] {
  const eta = o.eta ?? 3;
  if (!Number.isInteger(o.minEpochs) || o.minEpochs < 1) throw new SpecError('minEpochs', `must be an integer >= 1, got ${o.minEpochs}`);
  if (!Number.isInteger(o.maxEpochs) || o.maxEpochs < o.minEpochs) throw new SpecError('maxEpochs', `must be an integer >= minEpochs (${o.minEpochs}), got ${o.maxEpochs}`);
  if (!Number.isInteger(eta) || eta < 2) throw new SpecError('eta', `must be an integer >= 2, got ${eta}`);
  const rungs: number[] = [];
  for (let e = o.minEpochs; e <= o.maxEpochs; e *= eta) rungs.push(e);
  return rungs;
}

/** A rung's records: each trial's score there (higher is better) and who went on. */
export interface AshaRung {
  epochs: number;
  scores: Map<string, number>;
  promoted: Set<string>;
}

/** The rungs of one ASHA run; plain data, changed only by `recordRung`. */
export interface AshaState {
  eta: number;
  rungs: AshaRung[];
}

export function createAsha(o: AshaOptions): AshaState {
  return { eta: o.eta ?? 3, rungs: ashaRungs(o).map((epochs) => ({ epochs, scores: new Map(), promoted: new Set() })) };
}

/**
 * Record that `trial` finished rung `rung` with `score` (higher is better; NaN — a diverged
 * trial — ranks last). Returns the trials this record makes promotable from that rung (usually
 * none or one: the recorded trial itself, or an earlier one that the larger n_k now admits),
 * marked as promoted. The last rung promotes nobody.
 */
export function recordRung(state: AshaState, trial: string, rung: number, score: number): string[] {
  const r = state.rungs[rung];
  if (r === undefined) throw new SpecError('rung', `must be 0..${state.rungs.length - 1}, got ${rung}`);
  if (r.scores.has(trial)) throw new SpecError('trial', `${trial} is already recorded at rung ${rung}`);
  r.scores.set(trial, score);
  if (rung === state.rungs.length - 1) return [];
  const top = ranked(r).slice(0, Math.floor(r.scores.size / state.eta));
  const out = top.filter((t) => !r.promoted.has(t));
  for (const t of out) r.promoted.add(t);
  return out;
}

/** Trial ids of a rung, best first; ties (and NaNs among themselves) by id, so order never depends on timing. */
function ranked(r: AshaRung): string[] {
  const key = (s: number): number => (Number.isNaN(s) ? -Infinity : s);
  return [...r.scores.entries()]
    .sort(([a, x], [b, y]) => key(y) - key(x) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([t]) => t);
}

/** Epochs an ASHA run trained, counting each trial's epochs once (a promoted trial continues). */
export function ashaEpochsTrained(state: AshaState): number {
  let total = 0;
  state.rungs.forEach((r, k) => {
    const before = k === 0 ? 0 : state.rungs[k - 1].epochs;
    total += r.scores.size * (r.epochs - before);
  });
  return total;
}
