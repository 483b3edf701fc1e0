import type { Verdict } from './verdict.js';

/**
 * How often, on lrlab's finder benchmark, a suggestion with a given verdict trained to within
 * 0.5 percentage points of the best accuracy of a 7-point LR grid (same budget, same initial
 * weights and batch order): the confidence a verdict states.
 *
 * The counts pool every task × seed run of `npm run bench:finder` at constant LR: the 34 seen
 * runs (`--tasks seen --seeds 2`, bench/results/finder.json: 10 developed tasks and the 7 held out
 * in session 4), the 16 of each of three fresh held-out sets (`--tasks fresh|fresh2|fresh3`,
 * finder-fresh{,2,3}.json) and the 24 of the fourth (`--tasks fresh4 --methods single`,
 * finder-fresh4.json; one range test only), with Adam/AdamW's factor applied. Each figure was
 * checked against a set it had not seen before that set joined the pool (single, usable): the
 * seen 78% against the fresh rate 53%, the pooled 71% against the second fresh set's 94%, 76%
 * against the third's 31%, 67% against the fourth's 50% (the last two checks fixed before their
 * sets ran). Held-out sets differ from each other by far more than 10 points, so no pooled
 * constant-LR figure is calibrated for the next set; README "How sure is the suggestion?" says
 * what it does mean.
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
 * Per method and verdict that gives an answer (`unusable` gives none): single — usable 67 of
 * 105 (seen 27/34, fresh 8/15, fresh2 15/16, fresh3 5/16, fresh4 12/24), noisy 0 of 1 (fresh);
 * repeats (3 runs) — usable 51 of 71 (23/30, 9/12, 13/15, 6/14), noisy 9 of 11 (4/4, 3/4, 0/1,
 * 2/2); val-loss — usable 51 of 82 (27/34, 9/16, 11/16, 4/16). fresh4 measured one range test only.
 */
export const FINDER_CONFIDENCE: Readonly<Record<FinderMethod, Readonly<Record<'usable' | 'noisy', VerdictConfidence>>>> = {
  single: { usable: level(67, 105), noisy: level(0, 1) },
  repeats: { usable: level(51, 71), noisy: level(9, 11) },
  'val-loss': { usable: level(51, 82), noisy: level(0, 0) },
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
 * (bench/results/finder-onecycle.json: usable 28 of 34) and every fresh held-out run
 * (finder-onecycle-fresh.json: usable 9 of 15, noisy 0 of 1; -fresh2: 12 of 16; -fresh3: 11 of
 * 16; -fresh4: 17 of 24). The seen figure (81%) missed the fresh rate (60%) by 21 points; the
 * pooled figure then came within 10 points of each later set, each check fixed before its set
 * ran: 75% against 75% (fresh2), 75% against 69% (fresh3), 73% against 71% (fresh4).
 */
export const ONECYCLE_CONFIDENCE: Readonly<Record<'usable' | 'noisy', VerdictConfidence>> = {
  usable: level(77, 105),
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
