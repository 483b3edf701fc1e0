import * as z from 'zod';
import { lineChart } from '../../report/charts/index.js';
import type { Study, StudyContext, StudyOutput, TrialSpec } from '../study.js';
import { bestLr } from '../shared/best-lr.js';
import { pct, sig } from '../shared/format.js';
import { generalizationVerdict, type BatchRow } from './verdict.js';
import { mean, minMax, sampleStd } from '../../core/stats.js';
import { increasingInts, increasingNums, posInt, posNum, seedList, seedsField, setupFields, setupTrial } from '../shared/setup.js';
import { errorNote, finalMetrics, indexOutcomes } from '../shared/trials.js';

export const batchGeneralizationConfigSchema = z.strictObject({
  ...setupFields,
  seeds: seedsField(),
  /** Keskar et al. trained with Adam. */
  optimizer: z.enum(['adam', 'sgd', 'momentum']),
  batchSizes: increasingInts().refine((a) => a.length >= 2, { error: 'needs at least two batch sizes' }),
  /** LR grid per batch size: baseLr·(B/refBatch)^exponent·factor for each factor (Adam's best LR grows slowly with B: exponent 0.25 in the presets). */
  lrGrid: z.strictObject({
    baseLr: posNum(),
    refBatch: posInt(),
    exponent: z.number().min(0).max(1),
    factors: increasingNums(),
  }),
  epochs: posInt(),
  /** Large batches take few steps per epoch: each batch size trains max(epochs, ceil(minSteps/stepsPerEpoch)) epochs. 0: none. */
  minSteps: z.number().int().min(0),
}).refine((c) => c.batchSizes[c.batchSizes.length - 1] <= c.trainSize, { error: 'largest batch size must be <= trainSize', path: ['batchSizes'] });
export type BatchGeneralizationConfig = z.infer<typeof batchGeneralizationConfigSchema>;

const quick: BatchGeneralizationConfig = {
  // Two seeds even in quick: a 0.5 pp difference on one seed is noise, and the spread sets the tolerance.
  data: 'mnist', trainSize: 2000, valSize: 2000, model: 'mlp', hidden: [64], seeds: 2, optimizer: 'adam',
  batchSizes: [16, 64, 200, 1000], lrGrid: { baseLr: 0.003, refBatch: 16, exponent: 0.25, factors: [1 / 3, 1, 3] },
  epochs: 8, minSteps: 60,
};
const full: BatchGeneralizationConfig = {
  data: 'mnist', trainSize: 10000, valSize: 5000, model: 'mlp', hidden: [128], seeds: 3, optimizer: 'adam',
  // Longer training on more data prefers smaller Adam LRs than the quick preset (measured: 0.001 at batch 16).
  batchSizes: [16, 64, 256, 1000, 5000], lrGrid: { baseLr: 0.001, refBatch: 16, exponent: 0.25, factors: [1 / 3, 1, 3] },
  epochs: 15, minSteps: 150,
};

/** The LRs tried at batch size b. */
export function lrGridFor(c: BatchGeneralizationConfig, b: number): number[] {
  const centre = c.lrGrid.baseLr * (b / c.lrGrid.refBatch) ** c.lrGrid.exponent;
  return c.lrGrid.factors.map((f) => Number((centre * f).toPrecision(3)));
}

/** Epochs at batch size b: the epoch budget, stretched so that large batches take at least minSteps updates. */
export function epochsFor(c: BatchGeneralizationConfig, b: number): number {
  return Math.max(c.epochs, Math.ceil(c.minSteps / Math.ceil(c.trainSize / b)));
}

const trialId = (b: number, lr: number, seed: number) => `b${b}-lr${lr}-s${seed}`;

/**
 * Study 6: "past a critical batch size, generalization drops" (Keskar et al. 2017). Each batch
 * size (16 up to 10% of the data and beyond) gets its best LR from a small grid, then is re-run
 * with more seeds; test (validation) accuracy, training accuracy and their gap against batch size.
 */
export const batchGeneralization: Study<BatchGeneralizationConfig> = {
  name: 'batch-generalization',
  title: 'Large batches and generalization',
  claim: 'Past a critical batch size, generalization drops: large batches reach similar training accuracy but worse test accuracy (Keskar et al. 2017).',
  configSchema: batchGeneralizationConfigSchema,
  presets: { quick, full },
  async run(c: BatchGeneralizationConfig, ctx: StudyContext): Promise<StudyOutput> {
    const seeds = seedList(ctx.seed, c.seeds);
    const trial = (b: number, lr: number, seed: number): TrialSpec => ({
      id: trialId(b, lr, seed),
      config: { ...setupTrial(c, ctx.seed), optimizer: { name: c.optimizer }, schedule: lr, batchSize: b, epochs: epochsFor(c, b), seed, evaluateTrain: true },
    });
    ctx.progress({ label: `tuning the LR at ${c.batchSizes.length} batch sizes` });
    const tuning = c.batchSizes.flatMap((b) => lrGridFor(c, b).map((lr) => trial(b, lr, seeds[0])));
    const first = indexOutcomes(await ctx.runTrials(tuning));
    const tuned = c.batchSizes.map((b) => {
      const lrs = lrGridFor(c, b);
      const best = bestLr(lrs, lrs.map((lr) => finalMetrics(first.byId.get(trialId(b, lr, seeds[0])))?.valAccuracy ?? null));
      return { batchSize: b, lrs, best };
    });
    let errors = first.errors;
    const byId = new Map(first.byId);
    if (seeds.length > 1) {
      ctx.progress({ label: `re-running the tuned LRs with ${seeds.length - 1} more seed(s)` });
      const more = tuned.flatMap((t) => (t.best ? seeds.slice(1).map((s) => trial(t.batchSize, t.best!.gridLr, s)) : []));
      const second = indexOutcomes(await ctx.runTrials(more));
      for (const [k, v] of second.byId) byId.set(k, v);
      errors = [...errors, ...second.errors];
    }

    const rows: (BatchRow & { runs: number; lrAtEdge: boolean; valRange: [number, number] })[] = [];
    for (const t of tuned) {
      if (!t.best) continue;
      const finals = seeds.map((s) => finalMetrics(byId.get(trialId(t.batchSize, t.best!.gridLr, s)))).filter((m) => m !== null);
      const val = finals.map((m) => m!.valAccuracy);
      const vr = minMax(val) as [number, number];
      rows.push({
        batchSize: t.batchSize, lr: t.best.gridLr, runs: finals.length, lrAtEdge: t.best.atEdge, valRange: vr,
        valAccuracy: mean(val), trainAccuracy: mean(finals.map((m) => m!.trainAccuracy)), valSpread: vr[1] - vr[0],
        ...(val.length > 1 ? { valStd: sampleStd(val) } : {}),
      });
    }
    const verdict = generalizationVerdict(rows, c.trainSize);
    const edges = rows.filter((r) => r.lrAtEdge).map((r) => r.batchSize);
    const missing = tuned.filter((t) => !t.best).map((t) => t.batchSize);
    const text = verdict.text +
      (edges.length > 0 ? ` At batch ${edges.join(', ')} the best LR is at the edge of its grid; a wider grid might do better there.` : '') +
      (missing.length > 0 ? ` Batch ${missing.join(', ')}: every LR diverged or failed.` : '') + errorNote(errors);

    const band = seeds.length > 1;
    const figures: StudyOutput['figures'] = [];
    if (rows.length > 0) {
      figures.push({
        id: 'accuracy-vs-batch', title: 'Training and test accuracy against batch size',
        caption: `Final accuracies at each batch size's tuned LR (mean of ${seeds.length} seed(s)${band ? '; band: min–max of test accuracy' : ''}). The dashed 10% mark of Keskar et al. is at batch ${c.trainSize / 10}.`,
        spec: lineChart({
          series: [
            { name: 'test (validation) accuracy', points: rows.map((r) => ({ x: r.batchSize, y: r.valAccuracy })), ...(band ? { band: rows.map((r) => r.valRange) } : {}) },
            { name: 'training accuracy (final weights)', points: rows.map((r) => ({ x: r.batchSize, y: r.trainAccuracy })) },
          ],
          xTitle: 'Batch size', yTitle: 'Accuracy', logX: true,
        }),
      });
      figures.push({
        id: 'gap-vs-batch', title: 'Train–test gap against batch size',
        caption: 'Training accuracy minus test accuracy at each tuned LR; a widening gap at large batch is the generalization gap.',
        spec: lineChart({ series: [{ name: 'train − test', points: rows.map((r) => ({ x: r.batchSize, y: r.trainAccuracy - r.valAccuracy })) }], xTitle: 'Batch size', yTitle: 'Train − test accuracy', logX: true }),
      });
      figures.push({
        id: 'tuning', title: 'Test accuracy over each batch size’s LR grid',
        caption: 'The tuning runs (first seed): the chosen LR is the peak of each line.',
        spec: lineChart({
          series: tuned.map((t) => ({
            name: `batch ${t.batchSize}`,
            points: t.lrs.flatMap((lr) => { const m = finalMetrics(byId.get(trialId(t.batchSize, lr, seeds[0]))); return m ? [{ x: lr, y: m.valAccuracy }] : []; }),
          })).filter((s) => s.points.length > 0),
          xTitle: 'Learning rate', yTitle: 'Test accuracy', logX: true,
        }),
      });
    }
    return {
      method: `Trained a ${c.model}${c.hidden ? ` (hidden ${c.hidden.join('×')})` : ''} with ${c.optimizer} on ${c.trainSize} ${c.data} examples at batch sizes ${c.batchSizes.join(', ')} ` +
        `(10% of the data = ${c.trainSize / 10}). Each batch size tried the LRs ${sig(c.lrGrid.baseLr)}·(B/${c.lrGrid.refBatch})^${c.lrGrid.exponent} × {${c.lrGrid.factors.map((f) => sig(f)).join(', ')}} ` +
        `and kept the one with the best test accuracy${seeds.length > 1 ? `, re-run with ${seeds.length} seeds` : ''}. Training ran ${c.epochs} epochs, longer for large batches so that each takes at least ${c.minSteps} updates ` +
        `(${c.batchSizes.map((b) => `${b}: ${epochsFor(c, b)}`).join(', ')} epochs). Test accuracy is on ${c.valSize} held-out examples (the same set chose the LR, equally for every batch size); ` +
        'training accuracy is measured on the whole training set with the final weights.',
      figures,
      table: {
        columns: ['batch size', 'epochs', 'tuned LR', 'test accuracy', 'seed range', 'training accuracy', 'train − test'],
        rows: rows.map((r) => [r.batchSize, epochsFor(c, r.batchSize), r.lr, pct(r.valAccuracy), `${pct(r.valRange[0])}–${pct(r.valRange[1])}`, pct(r.trainAccuracy), sig(100 * (r.trainAccuracy - r.valAccuracy), 2) + ' pp']),
      },
      verdict: { status: verdict.status, text },
      data: {
        config: c, seeds, rows, tolerance: verdict.tolerance, criticalBatch: verdict.criticalBatch,
        tuning: tuned.map((t) => ({ batchSize: t.batchSize, lrs: t.lrs, chosen: t.best?.gridLr ?? null, valAccuracy: t.lrs.map((lr) => finalMetrics(byId.get(trialId(t.batchSize, lr, seeds[0])))?.valAccuracy ?? null) })),
        trials: [...byId.values()].map((o) => ({ id: o.id, status: o.status, final: finalMetrics(o), seconds: o.seconds })),
        errors,
      },
    };
  },
};
