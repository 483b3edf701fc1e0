import type { Verdict } from './verdict.js';

/**
 * How often, on lrlab's finder benchmark, a suggestion with a given verdict trained to within
 * 0.5 percentage points of the best accuracy of a 7-point LR grid (same budget, same initial
 * weights and batch order): the confidence a verdict states.
 *
 * The counts are all 34 task × seed runs of `npm run bench:finder -- --tasks all --seeds 2`:
 * the 20 developed runs (MNIST/Fashion-MNIST MLPs, CNNs, linear models, a 512-256 MLP, Adam,
 * batch 256) and the 14 held-out ones (AdamW, a wide MLP at batch 32, a CNN at batch 16, a CNN
 * with Adam, Gaussian blobs, batch 512, a linear model with AdamW). The figures first stated from
 * the developed runs alone (single, usable: 19 of 20 → 91%) failed their check on the held-out
 * runs (6 of 14 → 43%), so the confidence now pools both; it has no independent check left
 * (README "How sure is the suggestion?"). `probability` is Laplace's rule of succession,
 * (k + 1) / (n + 2), which does not claim certainty from a finite count and says 50% where there
 * is no evidence (n = 0).
 */
export interface VerdictConfidence {
  /** Developed benchmark runs with this verdict whose suggestion landed within 0.5 pp of the grid's best. */
  within: number;
  /** Developed benchmark runs with this verdict. */
  of: number;
  /** (within + 1) / (of + 2). */
  probability: number;
}

/** How the curve was recorded: one range test, several combined (`repeats` > 1), or on a held-out batch (`valLoss`). */
export type FinderMethod = 'single' | 'repeats' | 'val-loss';

const level = (within: number, of: number): VerdictConfidence => ({ within, of, probability: (within + 1) / (of + 2) });

/**
 * Per method and verdict that gives an answer (`unusable` gives none), over the 34 runs:
 * single — usable 25 of 34 (developed 19/20, held-out 6/14), no noisy run; repeats (3 runs) —
 * usable 18 of 30 (14/17, 4/13), noisy 4 of 4 (3/3, 1/1); val-loss — usable 24 of 34 (17/20, 7/14).
 */
export const FINDER_CONFIDENCE: Readonly<Record<FinderMethod, Readonly<Record<'usable' | 'noisy', VerdictConfidence>>>> = {
  single: { usable: level(25, 34), noisy: level(0, 0) },
  repeats: { usable: level(18, 30), noisy: level(4, 4) },
  'val-loss': { usable: level(24, 34), noisy: level(0, 0) },
};

/**
 * How the suggested LR is trained: `constant` for the whole budget, or `onecycle` — the schedule
 * `lrlab find` recommends, one-cycle peaking at the suggestion (core/finder/recommend.ts).
 */
export type TrainingProtocol = 'constant' | 'onecycle';

/**
 * Like FINDER_CONFIDENCE, for the schedule `lrlab find` recommends: one-cycle over the budget
 * peaking at ONECYCLE_PEAK_FACTOR × the suggestion, against a grid of one-cycle peaks
 * (`npm run bench:finder -- --schedule onecycle`, bench/results/finder-onecycle.json). Measured for
 * one range test (the default) only.
 */
export const ONECYCLE_CONFIDENCE: Readonly<Record<'usable' | 'noisy', VerdictConfidence>> = {
  usable: level(0, 0),
  noisy: level(0, 0),
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
  return verdict.status === 'unusable' ? null : FINDER_CONFIDENCE[method][verdict.status];
}
