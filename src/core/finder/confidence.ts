import type { Verdict } from './verdict.js';

/**
 * How often, on lrlab's finder benchmark, a suggestion with a given verdict trained to within
 * 0.5 percentage points of the best accuracy of a 7-point LR grid (same budget, same initial
 * weights and batch order): the confidence a verdict states.
 *
 * The counts are the developed tasks of `npm run bench:finder` (the held-out tasks are kept out,
 * to check the figures against); `probability` is Laplace's rule of succession, (k + 1) / (n + 2),
 * which does not claim certainty from a finite count. See README "How sure is the suggestion?".
 */
export interface VerdictConfidence {
  /** Developed benchmark runs with this verdict whose suggestion landed within 0.5 pp of the grid's best. */
  within: number;
  /** Developed benchmark runs with this verdict. */
  of: number;
  /** (within + 1) / (of + 2). */
  probability: number;
}

const level = (within: number, of: number): VerdictConfidence => ({ within, of, probability: (within + 1) / (of + 2) });

/** Per verdict that gives an answer (`unusable` gives none). */
export const FINDER_CONFIDENCE: Readonly<Record<'usable' | 'noisy', VerdictConfidence>> = {
  usable: level(0, 0),
  noisy: level(0, 0),
};

/** The confidence a verdict states; null for `unusable` (no answer). */
export function confidenceOf(verdict: Verdict): VerdictConfidence | null {
  return verdict.status === 'unusable' ? null : FINDER_CONFIDENCE[verdict.status];
}
