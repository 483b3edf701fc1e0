import { gridSteps } from '../../core/finder/grid.js';
import { RULES, type RuleName } from '../../core/finder/suggestions.js';
import { sig } from '../shared/format.js';
import type { VerdictStatus } from '../study.js';

/** One grid LR with its validation loss averaged over seeds (null when every seed diverged or failed). */
export interface GridPoint {
  lr: number;
  valLoss: number | null;
  /** Sample std of the validation loss over the seeds that finished (0 with one seed). */
  std: number;
  seeds: number;
}

/** How far the range test's suggestion lies from the grid's best LR. */
export interface RangeVsGrid {
  bestLr: number;
  bestLoss: number;
  /** log(suggested / best) / log(grid ratio): + means the suggestion is higher. */
  steps: number;
  /** log10(suggested / best): the same distance in decades, independent of the grid's density. */
  decades: number;
  ratio: number;
  /** Grid LRs next to the best whose loss is within `tolerance` of it (a contiguous run): [lowest, highest]. */
  band: [number, number];
  tolerance: number;
  inBand: boolean;
  /**
   * Grid LRs whose loss is within the seed noise of the best, 2·√2·SE_best (the noise of a
   * difference of two means with the best point's SE; the best itself included): with one seed
   * per LR the noise is not measured and this is the best alone.
   */
  plausibleBest: number[];
  /** The status against each LR in `plausibleBest` (the distance rule, or confirmed inside the band). */
  plausibleStatuses: Array<'confirmed' | 'nuanced' | 'refuted'>;
  /** underpowered: outside the band and `plausibleStatuses` disagree, so the grid's noise decides the verdict. */
  status: 'confirmed' | 'nuanced' | 'refuted' | 'underpowered';
}

/**
 * Underpowered: when the seeds' noise leaves several grid LRs as candidates for the best (loss
 * within 2·√2·SE_best of it) and the suggestion's status differs between them, the grid
 * cannot decide the verdict, and says so instead of reporting the seed's draw.
 *
 * Thresholds: a suggestion within `confirmDecades` (½ decade, a factor √10 ≈ 3.2) of the best LR, or
 * inside the near-best band, confirms; within `nuancedDecades` (1 decade, a factor 10) is nuanced;
 * farther refutes. In decades rather than grid steps, so a finer grid is not a stricter test (on the
 * quick preset's ×√10 grid these are 1 and 2 grid steps). The band holds the grid LRs adjacent to the
 * best whose loss ≤ best + tolerance, tolerance = max(`relTol` (5%) · best, 2 × the standard error of
 * the best point's loss over seeds).
 */
export const RANGE_THRESHOLDS = { confirmDecades: 0.5, nuancedDecades: 1, relTol: 0.05 } as const;

/**
 * Compare a suggested LR with a grid's losses. Null when no grid point has a loss.
 *
 * @example
 * // grid 0.01, 0.1, 1 (ratio 10), losses 0.5, 0.3, 0.9, suggestion 0.05:
 * // best 0.1, steps = decades = log10(0.5) = −0.301 → confirmed; band [0.1, 0.1] (0.5 > 0.3·1.05)
 * rangeVsGrid(0.05, [{lr: 0.01, valLoss: 0.5, std: 0, seeds: 1}, …])
 */
export function rangeVsGrid(suggested: number, grid: readonly GridPoint[]): RangeVsGrid | null {
  const pts = [...grid].sort((a, b) => a.lr - b.lr);
  if (pts.length < 2) return null;
  const ratio = Math.exp((Math.log(pts[pts.length - 1].lr) - Math.log(pts[0].lr)) / (pts.length - 1));
  let b = -1;
  pts.forEach((p, i) => {
    if (p.valLoss !== null && Number.isFinite(p.valLoss) && (b < 0 || p.valLoss < (pts[b].valLoss as number))) b = i;
  });
  if (b < 0) return null;
  const best = pts[b];
  const bestLoss = best.valLoss as number;
  const se = best.seeds > 1 ? best.std / Math.sqrt(best.seeds) : 0;
  const tolerance = Math.max(RANGE_THRESHOLDS.relTol * bestLoss, 2 * se);
  const near = (p: GridPoint): boolean => p.valLoss !== null && p.valLoss <= bestLoss + tolerance;
  let lo = b, hi = b;
  while (lo > 0 && near(pts[lo - 1])) lo--;
  while (hi < pts.length - 1 && near(pts[hi + 1])) hi++;
  const steps = gridSteps(suggested, best.lr, ratio);
  // Half a grid step either side of the band: the grid cannot tell LRs closer than that apart.
  const inBand = suggested >= pts[lo].lr / Math.sqrt(ratio) && suggested <= pts[hi].lr * Math.sqrt(ratio);
  const decades = Math.log10(suggested / best.lr);
  const against = (lr: number): 'confirmed' | 'nuanced' | 'refuted' => {
    const a = Math.abs(Math.log10(suggested / lr));
    return a <= RANGE_THRESHOLDS.confirmDecades || inBand ? 'confirmed' : a <= RANGE_THRESHOLDS.nuancedDecades ? 'nuanced' : 'refuted';
  };
  // The best point's seed noise stands for every point's: an LR whose own seeds spread far wider
  // (one seed near divergence) is unstable, a real property of that LR, not a noisy good one.
  const plausible = pts.filter((p) => p.valLoss !== null && Number.isFinite(p.valLoss) && p.valLoss - bestLoss <= 2 * Math.SQRT2 * se);
  const plausibleStatuses = plausible.map((p) => against(p.lr));
  const status = new Set(plausibleStatuses).size > 1 ? 'underpowered' : against(best.lr);
  return { bestLr: best.lr, bestLoss, steps, decades, ratio, band: [pts[lo].lr, pts[hi].lr], tolerance, inBand, plausibleBest: plausible.map((p) => p.lr), plausibleStatuses, status };
}

/** What the verdict reads: the range test's outcome and the grid's seed-mean losses. */
export interface RangeVerdictInput {
  /** The range test's suggested LR and how it was chosen; null when it gave none. */
  suggested: { lr: number; rule: string } | null;
  /** The range test's own verdict: quoted when there is no suggestion, named otherwise. */
  rangeTest: { status: string; reason: string };
  /** Each rule's own suggestion (null when the rule found none). */
  rules: Record<RuleName, { lr: number } | null>;
  grid: readonly GridPoint[];
}

/** Each rule's suggestion and its distance from the grid's best LR in grid steps. */
export type PerRule = Record<RuleName, { lr: number; steps: number } | null>;

/**
 * The verdict: {@link rangeVsGrid}'s status on the suggestion, with the distance in grid steps and
 * decades, the near-best band, and every rule's own distance in the text. Inconclusive when the
 * range test gave no suggestion or no grid LR has a loss to compare with.
 */
export function lrRangeVerdict(v: RangeVerdictInput): { status: VerdictStatus; text: string; comparison: RangeVsGrid | null; perRule: PerRule } {
  const { suggested, rangeTest } = v;
  const cmp = suggested ? rangeVsGrid(suggested.lr, v.grid) : null;
  const perRule = Object.fromEntries(RULES.map((r) => {
    const s = v.rules[r];
    return [r, s && cmp ? { lr: s.lr, steps: gridSteps(s.lr, cmp.bestLr, cmp.ratio) } : null];
  })) as PerRule;
  if (!suggested) return { status: 'inconclusive', comparison: cmp, perRule, text: `The range test gave no suggestion (${rangeTest.status}: ${rangeTest.reason}).` };
  if (!cmp) return { status: 'inconclusive', comparison: cmp, perRule, text: 'No grid LR finished without diverging, so there is no best LR to compare with.' };
  const dir = cmp.steps > 0 ? 'above' : 'below';
  const rules = RULES.map((r) => {
    const p = perRule[r];
    return p ? `${r} ${sig(p.lr)} (${p.steps >= 0 ? '+' : ''}${p.steps.toFixed(1)})` : `${r} none`;
  }).join(', ');
  const noise = cmp.status === 'underpowered'
    ? `This preset cannot decide: the grid LRs ${cmp.plausibleBest.map((lr) => sig(lr)).join(', ')} are within 2 standard errors (over seeds) of the best loss, and against them the suggestion would be ${cmp.plausibleStatuses.join(', ')} in turn. `
    : '';
  const text = noise + `The range test suggests ${sig(suggested.lr)} (${suggested.rule}); the grid's best is ${sig(cmp.bestLr)} (validation loss ${sig(cmp.bestLoss)}). `
    + `The suggestion is ${sig(Math.abs(cmp.steps), 2)} grid step(s) ${dir} it (ratio ${sig(suggested.lr / cmp.bestLr)}, ${sig(Math.abs(cmp.decades), 2)} decade(s)), ${cmp.inBand ? 'inside' : 'outside'} the near-best band ${sig(cmp.band[0])}–${sig(cmp.band[1])}. `
    + `Range-test verdict: ${rangeTest.status}. Each rule (grid steps from the best): ${rules}.`;
  return { status: cmp.status, text, comparison: cmp, perRule };
}
