import { mean, sampleStd } from '../../core/stats.js';
import { pct, pp, sig } from '../shared/format.js';
import type { VerdictStatus } from '../study.js';

/** One budget's measurements: final validation accuracy per seed, in seed order (null where a run failed). */
export interface BudgetResult {
  /** The budget in epochs. */
  epochs: number;
  /** The WSD branch ending at this budget, per seed. */
  wsd: (number | null)[];
  /** The separate cosine run of this budget, per seed. */
  cosine: (number | null)[];
}

/** Optimizer steps each way: the one branched WSD run against one cosine run per budget (per seed). */
export interface Compute {
  branchedSteps: number;
  separateSteps: number;
}

/** One budget judged: mean paired difference (WSD − cosine) and the tolerance it is held to. */
export interface BudgetJudgement {
  epochs: number;
  wsd: number;
  cosine: number;
  /** Mean over seeds of WSD − cosine (same seed: same data, initialisation and batch order). */
  diff: number;
  tolerance: number;
  /** diff ≥ −tolerance. */
  matches: boolean;
  /** Seeds with both runs finished. */
  pairs: number;
}

/** Smallest tolerance: half a percentage point (a few validation examples of a small set). */
export const MIN_TOLERANCE = 0.005;

/**
 * One budget's comparison: the mean of the paired differences d_s = WSD_s − cosine_s over the
 * seeds with both runs, held to tolerance = max(margin, 2·SE), SE = sd(d)/√n (0 for one pair).
 * Null when no seed has both runs.
 */
export function judgeBudget(b: BudgetResult, margin: number): BudgetJudgement | null {
  const pairs: [number, number][] = [];
  b.wsd.forEach((w, i) => {
    const c = b.cosine[i];
    if (w !== null && c !== null && Number.isFinite(w) && Number.isFinite(c)) pairs.push([w, c]);
  });
  if (pairs.length === 0) return null;
  const d = pairs.map(([w, c]) => w - c);
  const se = pairs.length > 1 ? sampleStd(d) / Math.sqrt(pairs.length) : 0;
  const tolerance = Math.max(margin, 2 * se);
  const diff = mean(d);
  return {
    epochs: b.epochs, wsd: mean(pairs.map((p) => p[0])), cosine: mean(pairs.map((p) => p[1])),
    diff, tolerance, matches: diff >= -tolerance, pairs: pairs.length,
  };
}

/**
 * Verdict on "one WSD run with decays branched off its stable phase matches separate cosine runs
 * at every budget within a small margin, at a fraction of the compute" (Hägele et al. 2024).
 * Each budget is judged by {@link judgeBudget} with `margin` (at least MIN_TOLERANCE).
 * Status: confirmed when every judged budget matches and the branched run took fewer steps;
 * refuted when no budget matches; nuanced otherwise (some budgets only, or no saving);
 * inconclusive when no budget has both measurements.
 */
export function wsdBudgetsVerdict(budgets: readonly BudgetResult[], compute: Compute, margin = MIN_TOLERANCE): { status: VerdictStatus; text: string; judged: BudgetJudgement[] } {
  const m = Math.max(margin, MIN_TOLERANCE);
  const judged = budgets.map((b) => judgeBudget(b, m)).filter((j): j is BudgetJudgement => j !== null);
  if (judged.length === 0) return { status: 'inconclusive', text: 'No budget has both a branched WSD result and a cosine run to compare.', judged };
  const matching = judged.filter((j) => j.matches);
  const worst = judged.reduce((a, b) => (b.diff < a.diff ? b : a));
  const ahead = judged.filter((j) => j.diff > j.tolerance);
  const fraction = compute.branchedSteps / compute.separateSteps;
  const saves = compute.branchedSteps < compute.separateSteps;
  const cost = `The branched curve took ${compute.branchedSteps} optimizer steps against ${compute.separateSteps} for one cosine run per budget (${pct(fraction)} of the compute).`;
  const per = judged.map((j) => `${j.epochs} ep: WSD ${pct(j.wsd)} vs cosine ${pct(j.cosine)} (${pp(j.diff)}${j.matches ? '' : ', outside'})`).join('; ');
  const tol = `tolerance max(${sig(100 * m, 2)} pp, 2 SE of the paired differences)`;
  let status: VerdictStatus;
  let lead: string;
  if (matching.length === judged.length && saves) {
    status = 'confirmed';
    lead = `One WSD run with branched decays matched the separate cosine runs at all ${judged.length} budgets (${tol}; worst ${pp(worst.diff)} at ${worst.epochs} epochs)` +
      `${ahead.length > 0 ? `, and was ahead by more than the tolerance at ${ahead.map((j) => `${j.epochs}`).join(', ')} epochs` : ''}.`;
  } else if (matching.length === 0) {
    status = 'refuted';
    lead = `The branched WSD decays fell short of the separate cosine runs at every budget (${tol}; worst ${pp(worst.diff)} at ${worst.epochs} epochs).`;
  } else if (matching.length === judged.length) {
    status = 'nuanced';
    lead = 'The branched WSD decays matched the cosine runs but saved no compute (a single budget).';
  } else {
    status = 'nuanced';
    const short = judged.filter((j) => !j.matches).map((j) => `${j.epochs}`).join(', ');
    lead = `The branched WSD decays matched the cosine runs at ${matching.length} of ${judged.length} budgets (${tol}) but fell short at ${short} epochs (worst ${pp(worst.diff)}).`;
  }
  return { status, text: `${lead} ${cost} Per budget: ${per}.`, judged };
}
