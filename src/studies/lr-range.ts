import { z } from 'zod';
import { gridLrs, gridSummary, rangeTest, RULES, type RuleName } from '../core/finder/index.js';
import { finderChart } from '../report/charts/finder-chart.js';
import { scatterFitChart } from '../report/charts/index.js';
import type { Study, StudyContext, StudyOutput, TrialOutcome } from './study.js';
import { finderData, gridTrial, trialRecord } from './util/a-finder.js';
import { sig } from './util/a-format.js';
import { describeSetup, intAtLeast, positiveNumber, setupSchema, trialConfig, withTrainer } from './util/a-setup.js';
import { gridSteps, mean, sampleStd } from './util/a-stats.js';

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
  status: 'confirmed' | 'nuanced' | 'refuted';
}

/**
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
  const a = Math.abs(decades);
  const status = a <= RANGE_THRESHOLDS.confirmDecades || inBand ? 'confirmed' : a <= RANGE_THRESHOLDS.nuancedDecades ? 'nuanced' : 'refuted';
  return { bestLr: best.lr, bestLoss, steps, decades, ratio, band: [pts[lo].lr, pts[hi].lr], tolerance, inBand, status };
}

/** Mean validation loss per grid LR over seeds; diverged or failed seeds are left out of the mean. */
export function gridPoints(lrs: readonly number[], outcomes: readonly TrialOutcome[][]): GridPoint[] {
  return lrs.map((lr, i) => {
    const losses = outcomes[i].filter((o) => o.status === 'ok').map((o) => Number(o.result?.final?.valLoss)).filter(Number.isFinite);
    return { lr, valLoss: losses.length > 0 ? mean(losses) : null, std: losses.length > 0 ? sampleStd(losses) : 0, seeds: losses.length };
  });
}

export const lrRangeConfigSchema = z.strictObject({
  setup: setupSchema,
  optimizer: z.enum(['sgd', 'momentum'], { error: 'must be sgd or momentum' }),
  epochs: intAtLeast(1),
  grid: z.strictObject({ min: positiveNumber(), max: positiveNumber(), points: intAtLeast(3) }),
  seeds: intAtLeast(1),
  finder: z.strictObject({ startLr: positiveNumber(), endLr: positiveNumber(), steps: intAtLeast(10) }),
}).check((ctx) => {
  const v = ctx.value;
  if (v.grid.max <= v.grid.min) ctx.issues.push({ code: 'custom', path: ['grid', 'max'], message: 'must be greater than min', input: v.grid.max });
  if (v.finder.endLr <= v.finder.startLr) ctx.issues.push({ code: 'custom', path: ['finder', 'endLr'], message: 'must be greater than startLr', input: v.finder.endLr });
});
export type LrRangeConfig = z.output<typeof lrRangeConfigSchema>;

/**
 * The one-run LR range test against a grid search of fixed-LR trainings on the same setting.
 * Verdict: {@link rangeVsGrid} on the suggestion and the seed-mean final validation losses.
 * Paper: L. N. Smith, "Cyclical Learning Rates for Training Neural Networks", WACV 2017 (the range test).
 */
export const lrRange: Study<LrRangeConfig> = {
  name: 'lr-range',
  title: 'Does the one-run range test find the grid search\'s best learning rate?',
  claim: 'An LR range test — one short run with the learning rate growing exponentially — points at a good learning rate, where a grid search of full trainings would put it.',
  configSchema: lrRangeConfigSchema,
  presets: {
    quick: {
      setup: { data: 'mnist', trainSize: 5000, valSize: 1000, model: 'mlp', hidden: [128], batchSize: 64 },
      optimizer: 'sgd', epochs: 2, grid: { min: 1e-3, max: 10 ** 0.5, points: 8 }, seeds: 1,
      finder: { startLr: 1e-5, endLr: 10, steps: 100 },
    },
    full: {
      setup: { data: 'fashion-mnist', trainSize: 20000, valSize: 5000, model: 'mlp', hidden: [256], batchSize: 64 },
      optimizer: 'sgd', epochs: 3, grid: { min: 1e-3, max: 10 ** 0.5, points: 15 }, seeds: 2,
      finder: { startLr: 1e-5, endLr: 10, steps: 200 },
    },
  },
  run: runLrRange,
};

async function runLrRange(config: LrRangeConfig, ctx: StudyContext): Promise<StudyOutput> {
  const c = lrRangeConfigSchema.parse(config);
  const optimizer = (lr: number) => (c.optimizer === 'sgd' ? { name: 'sgd', lr } : { name: 'momentum', lr, momentum: 0.9 });
  const seeds = Array.from({ length: c.seeds }, (_, k) => ctx.seed + k);
  const lrs = gridLrs(c.grid);
  const total = 1 + lrs.length * seeds.length;
  ctx.progress({ label: 'lr-range: range test', done: 0, total });
  const finder = await withTrainer(trialConfig(c.setup, { optimizer: optimizer(c.finder.startLr), epochs: 1, seed: seeds[0] }), ctx,
    (t) => rangeTest(t, { ...c.finder }));
  ctx.progress({ label: 'lr-range: grid', done: 1 });
  const flat = await ctx.runTrials(lrs.flatMap((lr, i) => seeds.map((seed) => ({
    // The data subset is fixed (dataSeed) so seeds vary only the initialisation and batch order.
    id: `lr${i}-seed${seed}`,
    config: trialConfig(c.setup, { optimizer: optimizer(lr), epochs: c.epochs, seed, dataSeed: seeds[0] }),
  }))));
  ctx.progress({ done: total });
  const outcomes = lrs.map((_, i) => flat.slice(i * seeds.length, (i + 1) * seeds.length));
  const grid = gridPoints(lrs, outcomes);
  // The core's grid summary (first seed) for the accuracy view and the record.
  const summary = gridSummary(outcomes.map((os, i) => gridTrial(lrs[i], os[0])), { by: 'valLoss' });
  const suggested = finder.suggested;
  const cmp = suggested ? rangeVsGrid(suggested.lr, grid) : null;
  const perRule = Object.fromEntries(RULES.map((r) => {
    const s = finder.suggestions[r];
    return [r, s && cmp ? { lr: s.lr, steps: gridSteps(s.lr, cmp.bestLr, cmp.ratio) } : null];
  })) as Record<RuleName, { lr: number; steps: number } | null>;

  const ratio = lrs.length > 1 ? lrs[1] / lrs[0] : NaN;
  const method = `One range test (${c.finder.steps} batches, LR ${sig(c.finder.startLr)} → ${sig(c.finder.endLr)}, exponential; suggestion = median of the steepest/minimum/valley/slide rules) `
    + `and a grid of ${lrs.length} fixed LRs from ${sig(c.grid.min)} to ${sig(c.grid.max)} (×${sig(ratio)} apart), each trained ${c.epochs} epochs with ${c.optimizer} over ${seeds.length} seed(s) from the same data, `
    + `on ${describeSetup(c.setup)}. The grid's best LR has the lowest final validation loss (mean over seeds); the distance is log(suggested/best)/log(${sig(ratio)}) grid steps. `
    + `Confirmed within half a decade (×3.16) or inside the near-best band (loss within max(${RANGE_THRESHOLDS.relTol * 100}%, 2 SE) of the best), nuanced within a decade, refuted beyond.`;

  let verdict: StudyOutput['verdict'];
  if (!suggested) verdict = { status: 'inconclusive', text: `The range test gave no suggestion (${finder.verdict.status}: ${finder.verdict.reason}).` };
  else if (!cmp) verdict = { status: 'inconclusive', text: 'No grid LR finished without diverging, so there is no best LR to compare with.' };
  else {
    const dir = cmp.steps > 0 ? 'above' : 'below';
    const rules = RULES.map((r) => (perRule[r] ? `${r} ${sig(perRule[r].lr)} (${perRule[r].steps >= 0 ? '+' : ''}${perRule[r].steps.toFixed(1)})` : `${r} none`)).join(', ');
    verdict = {
      status: cmp.status,
      text: `The range test suggests ${sig(suggested.lr)} (${suggested.rule}); the grid's best is ${sig(cmp.bestLr)} (validation loss ${sig(cmp.bestLoss)}). `
        + `The suggestion is ${sig(Math.abs(cmp.steps), 2)} grid step(s) ${dir} it (ratio ${sig(suggested.lr / cmp.bestLr)}, ${sig(Math.abs(cmp.decades), 2)} decade(s)), ${cmp.inBand ? 'inside' : 'outside'} the near-best band ${sig(cmp.band[0])}–${sig(cmp.band[1])}. `
        + `Range-test verdict: ${finder.verdict.status}. Each rule (grid steps from the best): ${rules}.`,
    };
  }
  const finite = grid.filter((g): g is GridPoint & { valLoss: number } => g.valLoss !== null && g.valLoss > 0);
  const marks = [
    ...(suggested ? [{ x: suggested.lr, label: `range test ${sig(suggested.lr)}` }] : []),
    ...(cmp ? [{ x: cmp.bestLr, label: `grid best ${sig(cmp.bestLr)}` }] : []),
  ];
  const figures: StudyOutput['figures'] = [
    { id: 'range-test', title: 'Range test', caption: `Training loss against the LR during the range test (raw and smoothed); dashed lines: the suggestion rules.`, spec: finderChart(finder, { title: 'LR range test' }) },
  ];
  if (finite.length > 0) {
    figures.push({
      id: 'grid-loss', title: 'Grid search: final validation loss against LR',
      caption: `Final validation loss after ${c.epochs} epochs at each fixed LR (mean over ${seeds.length} seed(s); diverged LRs missing), with the range test's suggestion and the grid's best.`,
      spec: scatterFitChart({ points: finite.map((g) => ({ x: g.lr, y: g.valLoss })), curve: finite.map((g) => ({ x: g.lr, y: g.valLoss })), xTitle: 'learning rate (log scale)', yTitle: 'final validation loss (log scale)', logX: true, logY: true, marks, pointsLabel: 'grid trial', curveLabel: 'grid', title: 'Grid search against the range test' }),
    });
  }
  return {
    method,
    figures,
    table: {
      columns: ['lr', 'val loss (mean)', 'val loss std', 'val accuracy (seed 1)', 'train loss (seed 1)', 'status'],
      rows: grid.map((g, i) => {
        const o = outcomes[i][0];
        return [sig(g.lr), g.valLoss === null ? null : sig(g.valLoss), g.seeds > 1 ? sig(g.std, 2) : null, o.result?.final ? sig(o.result.final.valAccuracy) : null, o.result?.final ? sig(o.result.final.trainLoss) : null, outcomes[i].map((x) => x.status).join('/')];
      }),
    },
    verdict,
    data: {
      config: c, seeds, backend: ctx.backend, thresholds: RANGE_THRESHOLDS,
      rangeTest: finderData(finder), grid, comparison: cmp, perRule, gridSummary: summary,
      trials: flat.map(trialRecord),
    },
  };
}
