import * as z from 'zod';
import { gridLrs, gridSummary } from '../../core/finder/index.js';
import { lineChart } from '../../report/charts/index.js';
import type { Study, StudyContext, StudyOutput } from '../study.js';
import { mean } from '../../core/stats.js';
import { gapNoise, lrFitVerdict } from './verdict.js';
import { pct, pp, sig } from '../shared/format.js';
import { describeSetup, intAtLeast, optimizerSettings, posNum, setupSchema, sgdOrMomentum, trialConfig } from '../shared/setup.js';
import { gridTrial, trialRecord } from '../shared/trials.js';

export const lrFitConfigSchema = z.strictObject({
  setup: setupSchema,
  optimizer: sgdOrMomentum(),
  epochs: intAtLeast(1),
  grid: z.strictObject({ min: posNum(), max: posNum(), points: intAtLeast(3) }),
  seeds: intAtLeast(1),
  /** Gap (train − val accuracy, a fraction) that counts as overfitting. */
  gapTol: z.number({ error: 'must be in (0, 1)' }).gt(0, { error: 'must be in (0, 1)' }).lt(1, { error: 'must be in (0, 1)' }),
}).check((ctx) => {
  if (ctx.value.grid.max <= ctx.value.grid.min) ctx.issues.push({ code: 'custom', path: ['grid', 'max'], message: 'must be greater than min', input: ctx.value.grid.max });
});
export type LrFitConfig = z.output<typeof lrFitConfigSchema>;

/**
 * Train and validation accuracy against the LR on a setting that can overfit (small subset, wide MLP).
 * Verdict: {@link lrFitVerdict}. Paper: L. N. Smith, "A disciplined approach to neural network
 * hyper-parameters: Part 1", 2018 (large LRs regularise; the LR moves a model between under- and overfitting).
 */
export const lrFit: Study<LrFitConfig> = {
  name: 'lr-fit',
  title: 'From underfitting to overfitting as the learning rate grows',
  claim: 'As the learning rate increases, the model can go from underfitting to overfitting.',
  configSchema: lrFitConfigSchema,
  presets: {
    quick: {
      setup: { data: 'mnist', trainSize: 1000, valSize: 1000, model: 'mlp', hidden: [256], batchSize: 32 },
      optimizer: 'sgd', epochs: 25, grid: { min: 1e-4, max: 1, points: 9 }, seeds: 1, gapTol: 0.02,
    },
    full: {
      setup: { data: 'mnist', trainSize: 2000, valSize: 2000, model: 'mlp', hidden: [512], batchSize: 32 },
      optimizer: 'sgd', epochs: 40, grid: { min: 1e-4, max: 1, points: 11 }, seeds: 2, gapTol: 0.02,
    },
  },
  run: runLrFit,
};

async function runLrFit(c: LrFitConfig, ctx: StudyContext): Promise<StudyOutput> {
  const optimizer = optimizerSettings(c.optimizer);
  const seeds = Array.from({ length: c.seeds }, (_, k) => ctx.seed + k);
  const lrs = gridLrs(c.grid);
  ctx.progress({ label: 'lr-fit: grid', done: 0, total: lrs.length * seeds.length });
  const flat = await ctx.runTrials(lrs.flatMap((lr, i) => seeds.map((seed) => ({
    id: `lr${i}-seed${seed}`,
    config: { ...trialConfig(c.setup, { optimizer, schedule: lr, epochs: c.epochs, seed, dataSeed: seeds[0] }), evaluateTrain: true },
  }))));
  ctx.progress({ done: flat.length });
  const byLr = lrs.map((_, i) => flat.slice(i * seeds.length, (i + 1) * seeds.length));
  const rows = lrs.map((lr, i) => {
    const ok = byLr[i].filter((o) => o.status === 'ok' && o.result?.final);
    const tr = ok.map((o) => Number(o.trainEval?.accuracy ?? o.result?.final?.trainAccuracy));
    const va = ok.map((o) => Number(o.result?.final?.valAccuracy));
    return { lr, seeds: ok.length, trainAccuracy: mean(tr), valAccuracy: mean(va), train: tr, val: va, statuses: byLr[i].map((o) => o.status) };
  });
  const usable = rows.filter((r) => r.seeds > 0);
  const summary = gridSummary(byLr.map((os, i) => gridTrial(lrs[i], os[0])));
  const { status, text, judgement } = lrFitVerdict(usable, { gapTol: c.gapTol, trainSize: c.setup.trainSize, valSize: c.setup.valSize }, summary.crossoverNote);

  const method = `${lrs.length} fixed LRs from ${sig(c.grid.min)} to ${sig(c.grid.max)} (evenly spaced in log LR), each trained ${c.epochs} epochs with ${c.optimizer} on ${describeSetup(c.setup)} — a small training set and a wide model, so it can overfit — `
    + `over ${seeds.length} seed(s) (same data subset; seeds vary the initialisation and batch order). Train and validation accuracy are both measured on the final weights (the whole training subset and the validation set). `
    + `Gap = train − validation accuracy; a gap above ${pp(c.gapTol).replace('+', '')} plus its sampling noise (2 binomial standard errors for ${c.setup.trainSize} training and ${c.setup.valSize} validation examples) counts as overfitting. Diverged runs are left out.`;
  const line = (key: 'trainAccuracy' | 'valAccuracy', list: 'train' | 'val', name: string) => ({
    name,
    points: usable.map((r) => ({ x: r.lr, y: r[key] })),
    ...(seeds.length > 1 ? { band: usable.map((r) => [Math.min(...r[list]), Math.max(...r[list])] as const) } : {}),
  });
  const gapSeries = {
    name: 'gap',
    points: usable.map((r) => ({ x: r.lr, y: r.trainAccuracy - r.valAccuracy })),
    band: usable.map((r) => {
      const g = r.trainAccuracy - r.valAccuracy;
      const e = gapNoise(r.trainAccuracy, r.valAccuracy, c.setup.trainSize, c.setup.valSize);
      return [g - e, g + e] as const;
    }),
  };
  const figures: StudyOutput['figures'] = usable.length === 0 ? [] : [
    {
      id: 'accuracy-vs-lr', title: 'Train and validation accuracy against LR',
      caption: `Train and validation accuracy of the final weights after ${c.epochs} epochs${seeds.length > 1 ? `; bands: min–max over ${seeds.length} seeds` : ''}.`,
      spec: lineChart({ series: [line('trainAccuracy', 'train', 'train accuracy'), line('valAccuracy', 'val', 'validation accuracy')], xTitle: 'learning rate (log scale)', yTitle: 'accuracy', logX: true, title: 'Accuracy against learning rate' }),
    },
    {
      id: 'gap-vs-lr', title: 'Generalisation gap against LR',
      caption: `Train − validation accuracy with its sampling noise (band: ±2 binomial standard errors); a gap above the ${pp(c.gapTol).replace('+', '')} threshold plus that noise counts as overfitting.`,
      spec: lineChart({ series: [gapSeries, { name: 'threshold', points: usable.map((r) => ({ x: r.lr, y: c.gapTol })) }], xTitle: 'learning rate (log scale)', yTitle: 'accuracy gap', logX: true, title: 'Generalisation gap against learning rate' }),
    },
  ];
  return {
    method,
    figures,
    table: {
      columns: ['lr', 'train accuracy', 'validation accuracy', 'gap', 'gap noise (±)', 'regime', 'runs'],
      rows: rows.map((r) => {
        const gap = r.trainAccuracy - r.valAccuracy;
        const regime = r.seeds === 0 ? 'diverged' : gap > c.gapTol + gapNoise(r.trainAccuracy, r.valAccuracy, c.setup.trainSize, c.setup.valSize) ? 'overfitting' : 'train ≈ validation';
        return [sig(r.lr), r.seeds ? pct(r.trainAccuracy) : null, r.seeds ? pct(r.valAccuracy) : null, r.seeds ? pp(gap) : null, r.seeds ? pp(gapNoise(r.trainAccuracy, r.valAccuracy, c.setup.trainSize, c.setup.valSize)).slice(1) : null, regime, r.statuses.join('/')];
      }),
    },
    verdict: { status, text },
    data: {
      config: c, seeds, backend: ctx.backend, points: rows, judgement, gridSummary: summary,
      trials: flat.map((o) => trialRecord(o)),
    },
  };
}
