import type { Verdict } from './verdict.js';

/**
 * How often, on lrlab's finder benchmark, a suggestion with a given verdict trained to within
 * 0.5 percentage points of the best accuracy of a 7-point LR grid (same budget, same initial
 * weights and batch order): the confidence a verdict states.
 *
 * The counts pool every task × seed run of `npm run bench:finder` at constant LR: the 34 seen
 * runs (`--tasks seen --seeds 2`, bench/results/finder.json: 10 developed tasks and the 7 held out
 * in session 4), the 16 of each of three fresh held-out sets (`--tasks fresh|fresh2|fresh3`,
 * finder-fresh{,2,3}.json), the 24 of the fourth (`--tasks fresh4 --methods single`,
 * finder-fresh4.json; one range test only) and the 48 of the fifth (`--tasks fresh5 --seeds 3
 * --methods single`, finder-fresh5.json), with Adam/AdamW's factor applied. Each figure was
 * checked against a set it had not seen before that set joined the pool (single, usable): the
 * seen 78% against the fresh rate 53%, the pooled 71% against the second fresh set's 94%, 76%
 * against the third's 31%, 67% against the fourth's 50%, 64% against the fifth's 43% (the last
 * three checks fixed before their sets ran). Held-out sets differ from each other by far more
 * than 10 points, so no pooled figure is calibrated for the next set: `spread` states how far
 * they have differed, and README "How sure is the suggestion?" says what the figure does mean.
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
  /**
   * How far one family of new tasks has strayed from that pooled figure: the lowest and highest
   * rate (within / of) among the fresh held-out sets that measured this level with at least
   * SPREAD_MIN_RUNS runs, and how many sets that was. Null where fewer than two sets did.
   */
  spread: { lo: number; hi: number; sets: number } | null;
}

/** The fewest runs at a level for a fresh set's rate to count in `spread`. */
export const SPREAD_MIN_RUNS = 10;

/** How the curve was recorded: one range test, several combined (`repeats` > 1), or on a held-out batch (`valLoss`). */
export type FinderMethod = 'single' | 'repeats' | 'val-loss';

/** One set's count at a level: [runs within 0.5 pp, runs]. */
type Count = readonly [number, number];

/** A level from its per-set counts: the seen runs', then each fresh set's; pooled, with the fresh sets' spread. */
function level(seen: Count, ...fresh: Count[]): VerdictConfidence {
  const within = [seen, ...fresh].reduce((a, [k]) => a + k, 0);
  const of = [seen, ...fresh].reduce((a, [, n]) => a + n, 0);
  const rates = fresh.filter(([, n]) => n >= SPREAD_MIN_RUNS).map(([k, n]) => k / n);
  return { within, of, probability: (within + 1) / (of + 2), spread: rates.length >= 2 ? { lo: Math.min(...rates), hi: Math.max(...rates), sets: rates.length } : null };
}

/**
 * Per method and verdict that gives an answer (`unusable` gives none), seen then fresh to
 * fresh5: single — usable 86 of 149 (27/34, 8/15, 15/16, 5/16, 12/24, 19/44), noisy 0 of 4
 * (fresh 0/1, fresh5 0/3); repeats (3 runs) — usable 51 of 71 (23/30, 9/12, 13/15, 6/14), noisy
 * 9 of 11 (4/4, 3/4, 0/1, 2/2); val-loss — usable 51 of 82 (27/34, 9/16, 11/16, 4/16). fresh4
 * and fresh5 measured one range test only. Each level lists its sets' counts (seen first); the
 * pooled count is their sum, the spread comes from the fresh ones.
 */
export const FINDER_CONFIDENCE: Readonly<Record<FinderMethod, Readonly<Record<'usable' | 'noisy', VerdictConfidence>>>> = {
  single: { usable: level([27, 34], [8, 15], [15, 16], [5, 16], [12, 24], [19, 44]), noisy: level([0, 0], [0, 1], [0, 0], [0, 0], [0, 0], [0, 3]) },
  repeats: { usable: level([23, 30], [9, 12], [13, 15], [6, 14]), noisy: level([4, 4], [3, 4], [0, 1], [2, 2]) },
  'val-loss': { usable: level([27, 34], [9, 16], [11, 16], [4, 16]), noisy: level([0, 0]) },
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
 * 16; -fresh4: 17 of 24; -fresh5: 23 of 44, noisy 1 of 3). The seen figure (81%) missed the
 * fresh rate (60%) by 21 points; the pooled figure then came within 10 points of three later
 * sets and missed the fourth, each check fixed before its set ran: 75% against 75% (fresh2), 75%
 * against 69% (fresh3), 73% against 71% (fresh4), 73% against 52% (fresh5).
 */
export const ONECYCLE_CONFIDENCE: Readonly<Record<'usable' | 'noisy', VerdictConfidence>> = {
  usable: level([28, 34], [9, 15], [12, 16], [11, 16], [17, 24], [23, 44]),
  noisy: level([0, 0], [0, 1], [0, 0], [0, 0], [0, 0], [1, 3]),
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
