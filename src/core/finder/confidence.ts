import type { Verdict } from './verdict.js';

/**
 * How often, on lrlab's finder benchmark, a suggestion with a given verdict trained to within
 * 0.5 percentage points of the best accuracy of a 7-point LR grid (same budget, same initial
 * weights and batch order): the confidence a verdict states.
 *
 * The counts are the 20 developed task × seed runs of `npm run bench:finder -- --tasks all
 * --seeds 2` (10 tasks: MNIST/Fashion-MNIST MLPs, CNNs, linear models, a 512-256 MLP, Adam,
 * batch 256); the held-out runs are kept out, to check the figures against (README "How sure
 * is the suggestion?"). `probability` is Laplace's rule of succession, (k + 1) / (n + 2), which
 * does not claim certainty from a finite count and says 50% where there is no evidence (n = 0).
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
 * Per method and verdict that gives an answer (`unusable` gives none). Measured on the developed
 * runs (bench:finder, this version's rules): single — 19 of 20 usable within 0.5 pp (the miss: a
 * linear model whose best LR was 6× below the suggestion), no noisy run; repeats (3 runs) — 14 of
 * 17 usable, 3 of 3 noisy; val-loss — 17 of 20 usable.
 */
export const FINDER_CONFIDENCE: Readonly<Record<FinderMethod, Readonly<Record<'usable' | 'noisy', VerdictConfidence>>>> = {
  single: { usable: level(19, 20), noisy: level(0, 0) },
  repeats: { usable: level(14, 17), noisy: level(3, 3) },
  'val-loss': { usable: level(17, 20), noisy: level(0, 0) },
};

/** The method of a range test's options: `val-loss` when valLoss is set, else `repeats` for more than one run. */
export function finderMethod(o: { valLoss?: boolean; repeats?: number }): FinderMethod {
  return o.valLoss ? 'val-loss' : (o.repeats ?? 1) > 1 ? 'repeats' : 'single';
}

/** The confidence a verdict states; null for `unusable` (no answer). */
export function confidenceOf(verdict: Verdict, method: FinderMethod = 'single'): VerdictConfidence | null {
  return verdict.status === 'unusable' ? null : FINDER_CONFIDENCE[method][verdict.status];
}
