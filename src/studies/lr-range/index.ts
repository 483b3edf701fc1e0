import * as z from 'zod';
import { gridLrs, gridSummary, rangeTest } from '../../core/finder/index.js';
import { finderChart } from '../../report/charts/finder-chart.js';
import { scatterFitChart } from '../../report/charts/index.js';
import type { Study, StudyContext, StudyOutput, TrialOutcome } from '../study.js';
import { lrRangeVerdict, RANGE_THRESHOLDS, type GridPoint } from './verdict.js';
import { mean, sampleStd } from '../../core/stats.js';
import { finderData, withTrainer } from '../shared/finder.js';
import { sig } from '../shared/format.js';
import { describeSetup, intAtLeast, optimizerSettings, posNum, setupSchema, sgdOrMomentum, trialConfig } from '../shared/setup.js';
import { gridTrial, trialRecord } from '../shared/trials.js';

/** Mean validation loss per grid LR over seeds; diverged or failed seeds are left out of the mean. */
export function gridPoints(lrs: readonly number[], outcomes: readonly TrialOutcome[][]): GridPoint[] {
  return lrs.map((lr, i) => {
    const losses = outcomes[i].filter((o) => o.status === 'ok').map((o) => Number(o.result?.final?.valLoss)).filter(Number.isFinite);
    return { lr, valLoss: losses.length > 0 ? mean(losses) : null, std: losses.length > 0 ? sampleStd(losses) : 0, seeds: losses.length };
  });
}

export const lrRangeConfigSchema = z.strictObject({
  setup: setupSchema,
  optimizer: sgdOrMomentum(),
  epochs: intAtLeast(1),
  grid: z.strictObject({ min: posNum(), max: posNum(), points: intAtLeast(3) }),
  seeds: intAtLeast(1),
  finder: z.strictObject({ startLr: posNum(), endLr: posNum(), steps: intAtLeast(10) }),
}).check((ctx) => {
  const v = ctx.value;
  if (v.grid.max <= v.grid.min) ctx.issues.push({ code: 'custom', path: ['grid', 'max'], message: 'must be greater than min', input: v.grid.max });
  if (v.finder.endLr <= v.finder.startLr) ctx.issues.push({ code: 'custom', path: ['finder', 'endLr'], message: 'must be greater than startLr', input: v.finder.endLr });
});
export type LrRangeConfig = z.output<typeof lrRangeConfigSchema>;

/**
 * The one-run LR range test against a grid search of fixed-LR trainings on the same setting.
 * Verdict: {@link lrRangeVerdict} on the suggestion and the seed-mean final validation losses.
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
      // Two seeds per grid LR: one seed's best LR moved by a decade between base seeds (0.316 or
      // 0.0316), and only with two can the verdict measure that noise (underpowered, not a coin flip).
      optimizer: 'sgd', epochs: 2, grid: { min: 1e-3, max: 10 ** 0.5, points: 8 }, seeds: 2,
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

async function runLrRange(c: LrRangeConfig, ctx: StudyContext): Promise<StudyOutput> {
  const optimizer = optimizerSettings(c.optimizer);
  const seeds = Array.from({ length: c.seeds }, (_, k) => ctx.seed + k);
  const lrs = gridLrs(c.grid);
  const total = 1 + lrs.length * seeds.length;
  ctx.progress({ label: 'lr-range: range test', done: 0, total });
  const finder = await withTrainer(trialConfig(c.setup, { optimizer, schedule: c.finder.startLr, epochs: 1, seed: seeds[0] }), ctx,
    (t) => rangeTest(t, { ...c.finder }));
  ctx.progress({ label: 'lr-range: grid', done: 1 });
  const flat = await ctx.runTrials(lrs.flatMap((lr, i) => seeds.map((seed) => ({
    // The data subset is fixed (dataSeed) so seeds vary only the initialisation and batch order.
    id: `lr${i}-seed${seed}`,
    config: trialConfig(c.setup, { optimizer, schedule: lr, epochs: c.epochs, seed, dataSeed: seeds[0] }),
  }))));
  ctx.progress({ done: total });
  const outcomes = lrs.map((_, i) => flat.slice(i * seeds.length, (i + 1) * seeds.length));
  const grid = gridPoints(lrs, outcomes);
  // The core's grid summary (first seed) for the accuracy view and the record.
  const summary = gridSummary(outcomes.map((os, i) => gridTrial(lrs[i], os[0])), { by: 'valLoss' });
  const suggested = finder.suggested;
  const { status, text, comparison: cmp, perRule } = lrRangeVerdict({ suggested, rangeTest: finder.verdict, rules: finder.suggestions, grid });

  const ratio = lrs.length > 1 ? lrs[1] / lrs[0] : NaN;
  const method = `One range test (${c.finder.steps} batches, LR ${sig(c.finder.startLr)} → ${sig(c.finder.endLr)}, exponential; suggestion = median of the steepest/minimum/valley/slide rules) `
    + `and a grid of ${lrs.length} fixed LRs from ${sig(c.grid.min)} to ${sig(c.grid.max)} (×${sig(ratio)} apart), each trained ${c.epochs} epochs with ${c.optimizer} over ${seeds.length} seed(s) from the same data, `
    + `on ${describeSetup(c.setup)}. The grid's best LR has the lowest final validation loss (mean over seeds); the distance is log(suggested/best)/log(${sig(ratio)}) grid steps. `
    + `Confirmed within half a decade (×3.16) or inside the near-best band (loss within max(${RANGE_THRESHOLDS.relTol * 100}%, 2 SE) of the best), nuanced within a decade, refuted beyond; `
    + `underpowered when grid LRs within 2 standard errors of the best loss would give the suggestion different statuses.`;

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
    verdict: { status, text },
    data: {
      config: c, seeds, backend: ctx.backend, thresholds: RANGE_THRESHOLDS,
      rangeTest: finderData(finder), grid, comparison: cmp, perRule, gridSummary: summary,
      trials: flat.map(trialRecord),
    },
  };
}
