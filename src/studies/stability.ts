import type { VerdictStability, VerdictStatus } from './study.js';

/**
 * The verdict statuses from the most cautious to the least: a tie between seeds is reported as
 * the more cautious status, so disagreement never makes a report more sure of a claim.
 * `underpowered` and `inconclusive` say the run could not decide; `nuanced` decides only in part;
 * `refuted` comes before `confirmed` because not asserting a claim is the cautious side.
 */
export const CAUTION_ORDER: readonly VerdictStatus[] = ['underpowered', 'inconclusive', 'nuanced', 'refuted', 'confirmed'];

/** One seed's verdict. */
export interface SeedVerdict {
  seed: number;
  status: VerdictStatus;
  text: string;
}

/** The verdict reported for several seeds: the majority status, one seed's text for it, and the stability record. */
export interface CombinedVerdict {
  status: VerdictStatus;
  /** The seed whose text and figures stand for the combined verdict: the first (in seed order) with the reported status. */
  seed: number;
  text: string;
  stability: VerdictStability;
}

/**
 * Combine the verdicts of one study at several seeds (given in seed order). The reported status is
 * the most common one; a tie goes to the earliest status in {@link CAUTION_ORDER}. `agree` counts
 * the seeds with the reported status.
 *
 * @example
 * // confirmed, confirmed, refuted → confirmed, agree 2 of 3
 * // confirmed, refuted (a tie)    → refuted, agree 1 of 2
 */
export function combineVerdicts(verdicts: readonly SeedVerdict[]): CombinedVerdict {
  if (verdicts.length === 0) throw new RangeError('combineVerdicts needs at least one verdict');
  const count = (s: VerdictStatus): number => verdicts.filter((v) => v.status === s).length;
  let status = verdicts[0].status;
  for (const s of CAUTION_ORDER) {
    if (count(s) > count(status) || (count(s) === count(status) && CAUTION_ORDER.indexOf(s) < CAUTION_ORDER.indexOf(status))) status = s;
  }
  const chosen = verdicts.find((v) => v.status === status) as SeedVerdict;
  return {
    status,
    seed: chosen.seed,
    text: chosen.text,
    stability: { agree: count(status), of: verdicts.length, statuses: verdicts.map((v) => v.status), seeds: verdicts.map((v) => v.seed) },
  };
}

