import * as z from 'zod';
import { heatmapChart, lineChart } from '../../report/charts/index.js';
import type { Study, StudyContext, StudyOutput, TrialSpec } from '../study.js';
import { pct, sig } from '../shared/format.js';
import { ridge } from './ridge.js';
import { ridgeVerdict } from './verdict.js';
import { mean } from '../../core/stats.js';
import { increasingInts, increasingNums, posInt, seedList, seedsField, setupFields, setupTrial } from '../shared/setup.js';
import { errorNote, finalMetrics, indexOutcomes } from '../shared/trials.js';

export const lrBsMapConfigSchema = z.strictObject({
  ...setupFields,
  seeds: seedsField(),
  /** Plain SGD (the rules' setting) or momentum SGD. */
  optimizer: z.enum(['sgd', 'momentum']),
  momentum: z.number().min(0).max(0.999).optional(),
  batchSizes: increasingInts().refine((a) => a.length >= 2, { error: 'needs at least two batch sizes' }),
  /** LR grid, log-spaced (the fit refines between grid points in log space). */
  lrs: increasingNums().refine((a) => a.length >= 3, { error: 'needs at least three LRs' }),
  epochs: posInt(),
  /**
   * LR over the run: `constant`, or `cosine` from the grid LR to 0 over all steps. Plain SGD at a
   * high constant LR ends each run at a random phase of its oscillation, so the last epoch's
   * accuracy swings by several points between epochs; annealing to 0 scores the settled weights.
   */
  schedule: z.enum(['constant', 'cosine']),
}).refine((c) => c.batchSizes[c.batchSizes.length - 1] <= c.trainSize, { error: 'largest batch size must be <= trainSize', path: ['batchSizes'] });
export type LrBsMapConfig = z.infer<typeof lrBsMapConfigSchema>;

/** 10^(i/3): three LRs per decade. */
const thirds = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => Number((10 ** ((from + i) / 3)).toPrecision(3)));

// Batch sizes start small: plain SGD's best LR is capped by the stability edge (≈ 0.2–0.5 for this
// MLP) from batch ≈ 16 on, so the noise-limited part of the ridge, where a scaling rule can show,
// lies below that (measured: a flat ridge at 16–1024).
const quick: LrBsMapConfig = {
  data: 'mnist', trainSize: 2000, valSize: 2000, model: 'mlp', hidden: [64], seeds: 1,
  optimizer: 'sgd', batchSizes: [2, 8, 32, 128, 512], lrs: thirds(-7, 0), epochs: 3, schedule: 'cosine',
};
const full: LrBsMapConfig = {
  data: 'mnist', trainSize: 10000, valSize: 5000, model: 'mlp', hidden: [100], seeds: 2,
  optimizer: 'sgd', batchSizes: [4, 8, 16, 32, 64, 128, 256, 512, 1024], lrs: thirds(-7, 1), epochs: 5, schedule: 'cosine',
};

const trialId = (b: number, lr: number, seed: number) => `b${b}-lr${lr}-s${seed}`;

/**
 * Study 10: validation accuracy over an LR × batch-size grid (fixed epoch budget), the best LR
 * per batch size, and the slope of that ridge on log–log axes with a least-squares fit
 * (1 = linear rule, Goyal et al. 2017; 0.5 = square-root rule, Hoffer et al. 2017).
 */
export const lrBsMap: Study<LrBsMapConfig> = {
  name: 'lr-bs-map',
  title: 'The LR × batch-size map',
  claim: 'The best learning rate grows in proportion to the batch size (slope 1 on log–log axes; the square-root rule says 0.5).',
  configSchema: lrBsMapConfigSchema,
  presets: { quick, full },
  async run(c: LrBsMapConfig, ctx: StudyContext): Promise<StudyOutput> {
    const seeds = seedList(ctx.seed, c.seeds);
    const opt = { name: c.optimizer, ...(c.momentum !== undefined ? { momentum: c.momentum } : {}) };
    const trials: TrialSpec[] = [];
    for (const b of c.batchSizes) for (const lr of c.lrs) for (const seed of seeds) {
      const schedule = c.schedule === 'cosine' ? { type: 'cosine', lr, tMax: c.epochs * Math.ceil(c.trainSize / b) } : lr;
      trials.push({ id: trialId(b, lr, seed), config: { ...setupTrial(c, ctx.seed), optimizer: opt, schedule, batchSize: b, epochs: c.epochs, seed } });
    }
    ctx.progress({ label: `LR × batch grid: ${c.batchSizes.length} × ${c.lrs.length} × ${seeds.length} seed(s)` });
    const { byId, errors } = indexOutcomes(await ctx.runTrials(trials));

    // Mean over seeds; a cell where any seed diverged or failed has no score (it is not a safe LR).
    const cell = (b: number, lr: number) => {
      const m = seeds.map((s) => finalMetrics(byId.get(trialId(b, lr, s))));
      return m.every((x) => x !== null) ? { val: mean(m.map((x) => x!.valAccuracy)), train: mean(m.map((x) => x!.trainAccuracy)) } : null;
    };
    const grid = c.batchSizes.map((b) => c.lrs.map((lr) => cell(b, lr)));
    const scores = grid.map((row) => row.map((x) => (x ? x.val : null)));
    const r = ridge(c.batchSizes, c.lrs, scores);
    const verdict = ridgeVerdict(r);
    // The stability edge: past it SGD diverges, so the ridge cannot keep rising above it.
    const maxStable = (b: number): number | null => {
      const row = scores[c.batchSizes.indexOf(b)];
      const ok = c.lrs.filter((_, j) => row[j] !== null);
      return ok.length > 0 ? ok[ok.length - 1] : null;
    };
    const stable = c.batchSizes.map((b) => ({ batchSize: b, lr: maxStable(b) }));
    const capped = r.rows.filter((x) => x.index + 1 < c.lrs.length && scores[c.batchSizes.indexOf(x.batchSize)][x.index + 1] === null);
    if (capped.length > 0) verdict.text += ` At batch ${capped.map((x) => x.batchSize).join(', ')} the next LR up already diverged: the best LR sits at the stability edge, which caps the ridge.`;
    verdict.text += errorNote(errors);

    const figures: StudyOutput['figures'] = [];
    figures.push({
      id: 'lr-bs-heatmap', title: 'Validation accuracy over LR × batch size',
      caption: `Final validation accuracy after ${c.epochs} epochs (${c.optimizer}, mean of ${seeds.length} seed(s)); outlined: the best LR per batch size; grey: diverged or failed.`,
      spec: heatmapChart({
        cells: c.batchSizes.flatMap((b, i) => c.lrs.map((lr, j) => ({ x: lr, y: b, value: scores[i][j] }))),
        xTitle: 'Learning rate', yTitle: 'Batch size', valueTitle: 'Val. accuracy', logX: true, logY: true, annotate: true, valueFormat: '.2f',
        highlight: r.rows.map((x) => ({ x: x.gridLr, y: x.batchSize })),
      }),
    });
    const accSeries = c.batchSizes.map((b, i) => ({
      name: `batch ${b}`,
      points: c.lrs.flatMap((lr, j) => (scores[i][j] === null ? [] : [{ x: lr, y: scores[i][j] as number }])),
    })).filter((s) => s.points.length > 0);
    if (accSeries.length > 0) {
      figures.push({
        id: 'acc-vs-lr', title: 'Validation accuracy against LR, per batch size',
        caption: 'Each batch size has its own best LR; the peak moves right as the batch grows. Missing points diverged.',
        spec: lineChart({ series: accSeries, xTitle: 'Learning rate', yTitle: 'Validation accuracy', logX: true }),
      });
    }
    if (r.fit && r.rows.length >= 2) {
      const fit = r.fit;
      const bs = r.rows.map((x) => x.batchSize);
      const ends = [bs[0], bs[bs.length - 1]];
      // Reference rules drawn through the geometric centre of the measured ridge.
      const gx = mean(bs.map(Math.log10)), gy = mean(r.rows.map((x) => Math.log10(x.lr)));
      const line = (slope: number, c0: number) => ends.map((b) => ({ x: b, y: 10 ** (c0 + slope * Math.log10(b)) }));
      figures.push({
        id: 'ridge-fit', title: 'Best LR against batch size (log–log)',
        caption: `Best LR per batch size (refined between grid points), the least-squares power law (slope ${sig(fit.slope)}), and the linear (1) and square-root (0.5) rules through the same centre.`,
        spec: lineChart({
          series: [
            { name: 'best LR (measured)', points: r.rows.map((x) => ({ x: x.batchSize, y: x.lr })) },
            { name: `fit: slope ${sig(fit.slope)}`, points: line(fit.slope, fit.intercept) },
            ...(r.rising ? [{ name: `rising part (to ${r.rising.upTo}): slope ${sig(r.rising.fit.slope)}`, points: [bs[0], r.rising.upTo].map((b) => ({ x: b, y: 10 ** (r.rising!.fit.intercept + r.rising!.fit.slope * Math.log10(b)) })) }] : []),
            { name: 'linear rule (slope 1)', points: line(1, gy - gx) },
            { name: 'sqrt rule (slope 0.5)', points: line(0.5, gy - 0.5 * gx) },
          ],
          xTitle: 'Batch size', yTitle: 'Best learning rate', logX: true, logY: true,
        }),
      });
    }

    return {
      method: `Trained a ${c.model}${c.hidden ? ` (hidden ${c.hidden.join('×')})` : ''} on ${c.trainSize} ${c.data} examples with ${c.optimizer} ` +
        `for ${c.epochs} epochs${c.schedule === 'cosine' ? ' (LR annealed from the grid value to 0 by a cosine over all steps)' : ' at constant LR'} at every pair of ${c.lrs.length} learning rates (${sig(c.lrs[0])} to ${sig(c.lrs[c.lrs.length - 1])}) and ` +
        `${c.batchSizes.length} batch sizes (${c.batchSizes.join(', ')}), ${seeds.length} seed(s) each; scored by validation accuracy on ${c.valSize} held-out examples. ` +
        'The best LR per batch size is refined by a parabola in log LR through its neighbours; the ridge slope is a least-squares fit of log best LR on log batch size.',
      figures,
      table: {
        columns: ['batch size', 'best grid LR', 'refined LR', 'val. accuracy', 'at grid edge', 'largest LR that trained'],
        rows: [
          ...r.rows.map((x) => [x.batchSize, x.gridLr, Number(x.lr.toPrecision(3)), pct(x.value), x.atEdge ? 'yes' : 'no', maxStable(x.batchSize)]),
          ...r.missing.map((b) => [b, null, null, 'all diverged', '', null]),
        ],
      },
      verdict,
      data: {
        config: c, seeds, lrs: c.lrs, batchSizes: c.batchSizes,
        valAccuracy: scores,
        trainAccuracy: grid.map((row) => row.map((x) => (x ? x.train : null))),
        ridge: r.rows, missing: r.missing, fit: r.fit, fitOnInterior: r.fitOnInterior, localSlopes: r.localSlopes, rising: r.rising, largestTrainedLr: stable,
        trials: trials.map((t) => ({ id: t.id, status: byId.get(t.id)?.status ?? 'missing', final: finalMetrics(byId.get(t.id)), seconds: byId.get(t.id)?.seconds ?? null })),
        errors,
      },
    };
  },
};
