import { z } from 'zod';
import { gridLrs, gridSummary } from '../core/finder/index.js';
import { lineChart } from '../report/charts/index.js';
import type { Study, StudyContext, StudyOutput } from './study.js';
import { gridTrial, trialRecord } from './util/a-finder.js';
import { pct, pts, sig } from './util/a-format.js';
import { describeSetup, intAtLeast, positiveNumber, setupSchema, trialConfig } from './util/a-setup.js';
import { mean, spearman } from './util/a-stats.js';

/** Train and validation accuracy at one LR (means over seeds). */
export interface FitPoint {
  lr: number;
  trainAccuracy: number;
  valAccuracy: number;
}

/** Where an accuracy gap curve crosses a level, interpolated in log LR. */
export interface Crossing {
  lr: number;
  between: [number, number];
}

/**
 * The first LR (in increasing order) where gap = train − val accuracy rises above `level`:
 * the first i with gap_{i−1} ≤ level < gap_i, and log lr* = log lr_{i−1} + (log lr_i − log lr_{i−1})·(level − gap_{i−1})/(gap_i − gap_{i−1}).
 * Null when it never does or is above the level from the start.
 *
 * @example
 * // gaps −0.01 at lr 0.01 and 0.03 at lr 1, level 0: f = 0.01/0.04 = 0.25, lr* = 10^(−2 + 0.25·2) = 10^−1.5 ≈ 0.0316
 * crossover([{lr: 0.01, trainAccuracy: 0.8, valAccuracy: 0.81}, {lr: 1, trainAccuracy: 0.99, valAccuracy: 0.96}], 0)
 */
export function crossover(points: readonly FitPoint[], level: number): Crossing | null {
  const p = [...points].sort((a, b) => a.lr - b.lr);
  for (let i = 1; i < p.length; i++) {
    const g0 = p[i - 1].trainAccuracy - p[i - 1].valAccuracy;
    const g1 = p[i].trainAccuracy - p[i].valAccuracy;
    if (g0 <= level && g1 > level) {
      const f = (level - g0) / (g1 - g0);
      return { lr: Math.exp(Math.log(p[i - 1].lr) + f * (Math.log(p[i].lr) - Math.log(p[i - 1].lr))), between: [p[i - 1].lr, p[i].lr] };
    }
  }
  return null;
}

/**
 * Sampling noise of an accuracy gap: two binomial standard errors of train − val accuracy,
 * 2·√(t(1−t)/nTrain + v(1−v)/nVal). A 500-example training set alone makes ±2 points of noise.
 *
 * @example gapNoise(0.5, 0.5, 100, 100) // 2·√(0.0025 + 0.0025) = 0.1
 */
export function gapNoise(train: number, val: number, nTrain: number, nVal: number): number {
  return 2 * Math.sqrt((train * (1 - train)) / nTrain + (val * (1 - val)) / nVal);
}

/** The fit regimes read off train/validation accuracy against LR. */
export interface FitVerdict {
  status: 'confirmed' | 'nuanced' | 'refuted' | 'inconclusive';
  /**
   * At the lowest LR: the gap is within gapTol plus its sampling noise, and train accuracy is more than
   * gapTol below the best train accuracy (the training set is not fitted yet).
   */
  underfitAtLow: boolean;
  /** Some higher LR has gap > gapTol plus its sampling noise (training set fitted better than the validation set). */
  overfitAbove: boolean;
  /** Where train accuracy passes validation accuracy (gap crosses 0) and where the gap passes gapTol. */
  crossZero: Crossing | null;
  crossTol: Crossing | null;
  /** Spearman correlation of the gap with the LR over the LRs up to the one with the highest train accuracy. */
  gapTrend: number;
  maxGap: { lr: number; gap: number };
  bestVal: { lr: number; valAccuracy: number };
}

/** What judgeFit needs besides the points: the overfitting threshold and the set sizes (for the noise). */
export interface FitOptions {
  gapTol: number;
  trainSize: number;
  valSize: number;
}

/**
 * Judge "as the LR increases the model goes from underfitting to overfitting" on accuracies against LR
 * (noise = {@link gapNoise} at each point):
 * confirmed when the lowest LR underfits (gap ≤ gapTol + noise, train accuracy below the best by more than
 * gapTol) and a higher LR overfits (gap > gapTol + noise); nuanced when the gap grows with the LR
 * (trend ≥ 0.5) and some LR overfits but the lowest LR already does (no underfitting regime in the grid);
 * refuted otherwise (no LR overfits beyond the noise, or the gap does not grow with the LR).
 * Fewer than 3 points: inconclusive.
 */
export function judgeFit(points: readonly FitPoint[], o: FitOptions): FitVerdict {
  const p = [...points].sort((a, b) => a.lr - b.lr);
  const gaps = p.map((x) => x.trainAccuracy - x.valAccuracy);
  const noise = p.map((x) => gapNoise(x.trainAccuracy, x.valAccuracy, o.trainSize, o.valSize));
  const none: FitVerdict = { status: 'inconclusive', underfitAtLow: false, overfitAbove: false, crossZero: null, crossTol: null, gapTrend: NaN, maxGap: { lr: NaN, gap: NaN }, bestVal: { lr: NaN, valAccuracy: NaN } };
  if (p.length < 3) return none;
  const bestTrain = Math.max(...p.map((x) => x.trainAccuracy));
  const iTrain = p.findIndex((x) => x.trainAccuracy === bestTrain);
  const underfitAtLow = gaps[0] <= o.gapTol + noise[0] && p[0].trainAccuracy < bestTrain - o.gapTol;
  const overfitAbove = gaps.some((g, i) => i > 0 && g > o.gapTol + noise[i]);
  let iGap = 0;
  gaps.forEach((g, i) => { if (g > gaps[iGap]) iGap = i; });
  let iVal = 0;
  p.forEach((x, i) => { if (x.valAccuracy > p[iVal].valAccuracy) iVal = i; });
  const upTo = Math.max(iTrain, 1);
  const gapTrend = spearman(p.slice(0, upTo + 1).map((x) => Math.log(x.lr)), gaps.slice(0, upTo + 1));
  let status: FitVerdict['status'];
  if (underfitAtLow && overfitAbove) status = 'confirmed';
  else if (overfitAbove && gapTrend >= 0.5) status = 'nuanced';
  else status = 'refuted';
  return {
    status, underfitAtLow, overfitAbove, crossZero: crossover(p, 0), crossTol: crossover(p, o.gapTol), gapTrend,
    maxGap: { lr: p[iGap].lr, gap: gaps[iGap] }, bestVal: { lr: p[iVal].lr, valAccuracy: p[iVal].valAccuracy },
  };
}

export const lrFitConfigSchema = z.strictObject({
  setup: setupSchema,
  optimizer: z.enum(['sgd', 'momentum'], { error: 'must be sgd or momentum' }),
  epochs: intAtLeast(1),
  grid: z.strictObject({ min: positiveNumber(), max: positiveNumber(), points: intAtLeast(3) }),
  seeds: intAtLeast(1),
  /** Gap (train − val accuracy, a fraction) that counts as overfitting. */
  gapTol: z.number({ error: 'must be in (0, 1)' }).gt(0, { error: 'must be in (0, 1)' }).lt(1, { error: 'must be in (0, 1)' }),
}).check((ctx) => {
  if (ctx.value.grid.max <= ctx.value.grid.min) ctx.issues.push({ code: 'custom', path: ['grid', 'max'], message: 'must be greater than min', input: ctx.value.grid.max });
});
export type LrFitConfig = z.output<typeof lrFitConfigSchema>;

/**
 * Train and validation accuracy against the LR on a setting that can overfit (small subset, wide MLP).
 * Verdict: {@link judgeFit}. Paper: L. N. Smith, "A disciplined approach to neural network
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

async function runLrFit(config: LrFitConfig, ctx: StudyContext): Promise<StudyOutput> {
  const c = lrFitConfigSchema.parse(config);
  const optimizer = (lr: number) => (c.optimizer === 'sgd' ? { name: 'sgd', lr } : { name: 'momentum', lr, momentum: 0.9 });
  const seeds = Array.from({ length: c.seeds }, (_, k) => ctx.seed + k);
  const lrs = gridLrs(c.grid);
  ctx.progress({ label: 'lr-fit: grid', done: 0, total: lrs.length * seeds.length });
  const flat = await ctx.runTrials(lrs.flatMap((lr, i) => seeds.map((seed) => ({
    id: `lr${i}-seed${seed}`,
    config: { ...trialConfig(c.setup, { optimizer: optimizer(lr), epochs: c.epochs, seed, dataSeed: seeds[0] }), evaluateTrain: true },
  }))));
  ctx.progress({ done: flat.length });
  const byLr = lrs.map((_, i) => flat.slice(i * seeds.length, (i + 1) * seeds.length));
  const rows = lrs.map((lr, i) => {
    const ok = byLr[i].filter((o) => o.status === 'ok' && o.result?.final);
    const tr = ok.map((o) => Number(o.trainEval?.accuracy ?? o.result?.final.trainAccuracy));
    const va = ok.map((o) => Number(o.result?.final.valAccuracy));
    return { lr, seeds: ok.length, trainAccuracy: mean(tr), valAccuracy: mean(va), train: tr, val: va, statuses: byLr[i].map((o) => o.status) };
  });
  const usable = rows.filter((r) => r.seeds > 0);
  const judged = judgeFit(usable, { gapTol: c.gapTol, trainSize: c.setup.trainSize, valSize: c.setup.valSize });
  const summary = gridSummary(byLr.map((os, i) => gridTrial(lrs[i], os[0])));

  const method = `${lrs.length} fixed LRs from ${sig(c.grid.min)} to ${sig(c.grid.max)} (evenly spaced in log LR), each trained ${c.epochs} epochs with ${c.optimizer} on ${describeSetup(c.setup)} — a small training set and a wide model, so it can overfit — `
    + `over ${seeds.length} seed(s) (same data subset; seeds vary the initialisation and batch order). Train and validation accuracy are both measured on the final weights (the whole training subset and the validation set). `
    + `Gap = train − validation accuracy; a gap above ${pts(c.gapTol).replace('+', '')} plus its sampling noise (2 binomial standard errors for ${c.setup.trainSize} training and ${c.setup.valSize} validation examples) counts as overfitting. Diverged runs are left out.`;
  let text: string;
  if (judged.status === 'inconclusive') text = `Only ${usable.length} LR(s) trained without diverging; at least 3 are needed.`;
  else {
    const lo = usable[0];
    const z0 = judged.crossZero ? `Train accuracy passes validation accuracy at lr ≈ ${sig(judged.crossZero.lr)} (between ${sig(judged.crossZero.between[0])} and ${sig(judged.crossZero.between[1])})` : `Train accuracy never crosses validation accuracy inside the grid (${summary.crossoverNote || 'no sign change'})`;
    const zt = judged.crossTol ? `; the gap exceeds ${pts(c.gapTol).replace('+', '')} from lr ≈ ${sig(judged.crossTol.lr)}` : '';
    const low = judged.underfitAtLow
      ? `At the lowest LR ${sig(lo.lr)} the model underfits: train ${pct(lo.trainAccuracy)} vs validation ${pct(lo.valAccuracy)}.`
      : `At the lowest LR ${sig(lo.lr)} there is no underfitting regime: train ${pct(lo.trainAccuracy)} vs validation ${pct(lo.valAccuracy)} (gap ${pts(lo.trainAccuracy - lo.valAccuracy)}, noise ±${pts(gapNoise(lo.trainAccuracy, lo.valAccuracy, c.setup.trainSize, c.setup.valSize)).slice(1)}).`;
    const valNote = judged.crossTol && judged.bestVal.lr >= judged.crossTol.lr
      ? ` The best validation accuracy (${pct(judged.bestVal.valAccuracy)} at lr ${sig(judged.bestVal.lr)}) lies in the overfitting regime: a larger gap did not mean worse generalisation here.`
      : ` The best validation accuracy is ${pct(judged.bestVal.valAccuracy)} at lr ${sig(judged.bestVal.lr)}.`;
    text = `${low} ${z0}${zt}. The largest gap is ${pts(judged.maxGap.gap)} at lr ${sig(judged.maxGap.lr)}; the gap's rank correlation with the LR (up to the best-fitting LR) is ${sig(judged.gapTrend, 2)}.${valNote}`;
  }
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
      caption: `Train − validation accuracy with its sampling noise (band: ±2 binomial standard errors); a gap above the ${pts(c.gapTol).replace('+', '')} threshold plus that noise counts as overfitting.`,
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
        return [sig(r.lr), r.seeds ? pct(r.trainAccuracy) : null, r.seeds ? pct(r.valAccuracy) : null, r.seeds ? pts(gap) : null, r.seeds ? pts(gapNoise(r.trainAccuracy, r.valAccuracy, c.setup.trainSize, c.setup.valSize)).slice(1) : null, regime, r.statuses.join('/')];
      }),
    },
    verdict: { status: judged.status, text },
    data: {
      config: c, seeds, backend: ctx.backend, points: rows, judgement: judged, gridSummary: summary,
      trials: flat.map((o) => trialRecord(o)),
    },
  };
}
