import { requireNumber, SpecError } from '../spec-error.js';

/** One grid trial: an LR trained for the same epochs from the same initial weights. */
export interface GridTrial {
  lr: number;
  trainLoss: number;
  trainAccuracy: number;
  valLoss: number;
  valAccuracy: number;
  diverged: boolean;
}

export interface GridSummary {
  /** The metric that picked `best`. */
  by: 'valAccuracy' | 'valLoss';
  /** Best trial (index into the input), or null when every trial diverged. */
  best: { lr: number; index: number; value: number } | null;
  /**
   * Where train accuracy rises above validation accuracy as the LR grows — the under→overfitting
   * crossover — interpolated in log LR between the two trials around the sign change.
   */
  crossover: { lr: number; between: [number, number] } | null;
  /** Why there is no crossover, or '' when there is one. */
  crossoverNote: string;
  /** Usable trials sorted by LR with gap = trainAccuracy − valAccuracy. */
  curve: { lr: number; gap: number; valAccuracy: number; valLoss: number }[];
  /** How `best` was chosen, in words. */
  rule: string;
}

const usable = (t: GridTrial): boolean =>
  !t.diverged && [t.trainLoss, t.trainAccuracy, t.valLoss, t.valAccuracy].every(Number.isFinite);

/**
 * Summarise a learning-rate grid. `best`: by validation accuracy (default; ties → lower
 * validation loss, then lower LR) or by validation loss (ties → higher validation accuracy,
 * then lower LR); diverged trials and trials with non-finite metrics are never best.
 * `crossover`: `gapCrossing` at level 0 over the usable trials (gap = train − val accuracy).
 *
 * @example gridSummary(trials).best?.lr
 */
export function gridSummary(trials: readonly GridTrial[], opts: { by?: 'valAccuracy' | 'valLoss' } = {}): GridSummary {
  const by = opts.by ?? 'valAccuracy';
  if (by !== 'valAccuracy' && by !== 'valLoss') throw new SpecError('by', "must be 'valAccuracy' or 'valLoss'");
  if (trials.length === 0) throw new SpecError('trials', 'must contain at least one trial');
  trials.forEach((t, i) => requireNumber(`trials[${i}].lr`, t.lr, 'must be a positive number', (v) => v > 0));
  const ok = trials.map((t, index) => ({ t, index })).filter(({ t }) => usable(t));

  const better = (a: GridTrial, b: GridTrial): boolean =>
    by === 'valAccuracy'
      ? a.valAccuracy > b.valAccuracy || (a.valAccuracy === b.valAccuracy && (a.valLoss < b.valLoss || (a.valLoss === b.valLoss && a.lr < b.lr)))
      : a.valLoss < b.valLoss || (a.valLoss === b.valLoss && (a.valAccuracy > b.valAccuracy || (a.valAccuracy === b.valAccuracy && a.lr < b.lr)));
  let bestAt: { t: GridTrial; index: number } | null = null;
  for (const x of ok) if (!bestAt || better(x.t, bestAt.t)) bestAt = x;
  const best = bestAt ? { lr: bestAt.t.lr, index: bestAt.index, value: bestAt.t[by] } : null;

  const curve = ok
    .map(({ t }) => ({ lr: t.lr, gap: t.trainAccuracy - t.valAccuracy, valAccuracy: t.valAccuracy, valLoss: t.valLoss }))
    .sort((a, b) => a.lr - b.lr);
  const crossover = gapCrossing(curve, 0);
  let crossoverNote = '';
  if (!crossover) {
    if (curve.length < 2) crossoverNote = 'fewer than two usable trials';
    else if (curve.every((c) => c.gap > 0)) crossoverNote = 'train accuracy is above validation accuracy at every LR tried';
    else crossoverNote = 'train accuracy never rises above validation accuracy as the LR grows';
  }
  const rule = by === 'valAccuracy'
    ? 'highest validation accuracy (ties: lower validation loss, then lower LR); diverged trials excluded'
    : 'lowest validation loss (ties: higher validation accuracy, then lower LR); diverged trials excluded';
  return { by, best, crossover, crossoverNote, curve, rule };
}

/**
 * `points` learning rates evenly spaced in log LR from `min` to `max`, both included:
 * lr_k = min · (max/min)^(k/(points − 1)). `--grid-range 1e-4:1:7` is gridLrs({min: 1e-4, max: 1, points: 7}).
 *
 * @example gridLrs({ min: 1e-4, max: 1, points: 5 }) // → [1e-4, 1e-3, 1e-2, 1e-1, 1]
 */
export function gridLrs(o: { min: number; max: number; points: number }): number[] {
  const min = requireNumber('min', o.min, 'must be a positive number', (v) => v > 0);
  const max = requireNumber('max', o.max, 'must be greater than min', (v) => v > min);
  const n = requireNumber('points', o.points, 'must be an integer >= 2', (v) => Number.isInteger(v) && v >= 2);
  return Array.from({ length: n }, (_, k) => (k === 0 ? min : k === n - 1 ? max : min * Math.pow(max / min, k / (n - 1))));
}

/** Where a gap curve crosses a level, interpolated in log LR, and the two grid LRs around it. */
export interface GapCrossing {
  lr: number;
  between: [number, number];
}

/**
 * The first LR (in increasing order) where gap = train − val accuracy rises above `level`:
 * the first i with gap_{i−1} ≤ level < gap_i, and
 * log lr* = log lr_{i−1} + (log lr_i − log lr_{i−1})·(level − gap_{i−1})/(gap_i − gap_{i−1}).
 * Null when it never does or is above the level from the start.
 *
 * @example
 * // gaps −0.01 at lr 0.01 and 0.03 at lr 1, level 0: f = 0.01/0.04 = 0.25, lr* = 10^(−2 + 0.25·2) ≈ 0.0316
 * gapCrossing([{ lr: 0.01, gap: -0.01 }, { lr: 1, gap: 0.03 }], 0)
 */
export function gapCrossing(curve: ReadonlyArray<{ lr: number; gap: number }>, level: number): GapCrossing | null {
  const p = [...curve].sort((a, b) => a.lr - b.lr);
  for (let i = 1; i < p.length; i++) {
    const g0 = p[i - 1].gap, g1 = p[i].gap;
    if (g0 <= level && g1 > level) {
      const f = (level - g0) / (g1 - g0);
      return { lr: Math.exp(Math.log(p[i - 1].lr) + f * (Math.log(p[i].lr) - Math.log(p[i - 1].lr))), between: [p[i - 1].lr, p[i].lr] };
    }
  }
  return null;
}

/**
 * Distance between two learning rates in steps of a geometric grid with ratio `ratio` between
 * neighbours: log(a / b) / log(ratio). Positive when `a` is the larger.
 * @example gridSteps(0.3, 0.1, Math.sqrt(10)) // log 3 / log 3.162 ≈ 0.954
 */
export function gridSteps(a: number, b: number, ratio: number): number {
  return Math.log(a / b) / Math.log(ratio);
}
