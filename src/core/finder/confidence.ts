import type { Verdict } from './verdict.js';

/**
 * How often, on lrlab's finder benchmark, a suggestion with a given verdict trained to within
 * 0.5 percentage points of the best accuracy of a 7-point LR grid (same budget, same initial
 * weights and batch order): the confidence a verdict states.
 *
 * The counts pool all 50 task × seed runs of `npm run bench:finder` at constant LR: the 34 seen
 * runs (`--tasks seen --seeds 2`, bench/results/finder.json: 10 developed tasks and the 7 held out
 * in session 4) and the 16 of the fresh held-out set (`--tasks fresh --seeds 2`,
 * bench/results/finder-fresh.json), with Adam/AdamW's factor applied. The figure the seen runs
 * gave (single, usable: 27 of 34 → 78%) missed the fresh rate (8 of 15 → 53%) by 25 points, as the
 * developed-only figure had missed the session-4 held-out rate; pooling is the best estimate
 * lrlab has, and it has no independent check left (README "How sure is the suggestion?").
 * `probability` is Laplace's rule of succession, (k + 1) / (n + 2), which does not claim
 * certainty from a finite count and says 50% where there is no evidence (n = 0).
 */
export interface VerdictConfidence {
  /** Benchmark runs with this verdict whose suggestion landed within 0.5 pp of the grid's best. */
  within: number;
  /** Benchmark runs with this verdict. */
  of: number;
  /** (within + 1) / (of + 2). */
  probability: number;
}

/** How the curve was recorded: one range test, several combined (`repeats` > 1), or on a held-out batch (`valLoss`). */
export type FinderMethod = 'single' | 'repeats' | 'val-loss';

const level = (within: number, of: number): VerdictConfidence => ({ within, of, probability: (within + 1) / (of + 2) });

/**
 * Per method and verdict that gives an answer (`unusable` gives none), over the 50 runs:
 * single — usable 35 of 49 (seen 27/34, fresh 8/15), noisy 0 of 1 (fresh); repeats (3 runs) —
 * usable 32 of 42 (23/30, 9/12), noisy 7 of 8 (4/4, 3/4); val-loss — usable 36 of 50 (27/34, 9/16).
 */
export const FINDER_CONFIDENCE: Readonly<Record<FinderMethod, Readonly<Record<'usable' | 'noisy', VerdictConfidence>>>> = {
  single: { usable: level(35, 49), noisy: level(0, 1) },
  repeats: { usable: level(32, 42), noisy: level(7, 8) },
  'val-loss': { usable: level(36, 50), noisy: level(0, 0) },
};

/**
 * How the suggested LR is trained: `constant` for the whole budget, or `onecycle` — the schedule
 * `lrlab find` recommends, one-cycle peaking at ONECYCLE_PEAK_FACTOR × the suggestion
 * (core/finder/recommend.ts).
 */
export type TrainingProtocol = 'constant' | 'onecycle';

/**
 * Like FINDER_CONFIDENCE, for the schedule `lrlab find` recommends: one-cycle over the budget
 * peaking at ONECYCLE_PEAK_FACTOR × the suggestion, against a grid of one-cycle peaks
 * (`npm run bench:finder -- --schedule onecycle --methods single`), for one range test (the
 * default; repeats and val-loss were not measured this way). The counts pool the 34 seen runs
 * (bench/results/finder-onecycle.json: usable 28 of 34) and the 16 fresh held-out runs
 * (finder-onecycle-fresh.json: usable 9 of 15, noisy 0 of 1). The seen figure (81%) missed the
 * fresh rate (60%) by 21 points.
 */
export const ONECYCLE_CONFIDENCE: Readonly<Record<'usable' | 'noisy', VerdictConfidence>> = {
  usable: level(37, 49),
  noisy: level(0, 1),
};

/**
 * The confidence table entry of a method and verdict level, for the way the LR is trained; null
 * where the benchmark has not measured it (one-cycle with `repeats` or `val-loss`).
 */
export function finderConfidence(method: FinderMethod, status: 'usable' | 'noisy', protocol: TrainingProtocol = 'constant'): VerdictConfidence | null {
  if (protocol === 'constant') return FINDER_CONFIDENCE[method][status];
  return method === 'single' ? ONECYCLE_CONFIDENCE[status] : null;
}

/** The method of a range test's options: `val-loss` when valLoss is set, else `repeats` for more than one run. */
export function finderMethod(o: { valLoss?: boolean; repeats?: number }): FinderMethod {
  return o.valLoss ? 'val-loss' : (o.repeats ?? 1) > 1 ? 'repeats' : 'single';
}

/** The confidence a verdict states; null for `unusable` (no answer). */
export function confidenceOf(verdict: Verdict, method: FinderMethod = 'single'): VerdictConfidence | null {
  return verdict.status === 'unusable' ? null : finderConfidence(method, verdict.status);
}
