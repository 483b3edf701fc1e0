import * as z from 'zod';
import { batchSchedule, decayToBatchGrowth, type BatchGrowthPlan } from '../../core/batch/index.js';
import { fromSpec } from '../../core/schedules/index.js';
import { lineChart } from '../../report/charts/index.js';
import type { Study, StudyContext, StudyOutput, TrialOutcome, TrialSpec } from '../study.js';
import { pct, sig } from '../shared/format.js';
import { increaseBatchVerdict, type VariantResult } from './verdict.js';
import { mean, minMax } from '../../core/stats.js';
import { increasingInts, posInt, posNum, seedList, seedsField, setupFields, setupTrial } from '../shared/setup.js';
import { epochRows, errorNote, finalMetrics, indexOutcomes } from '../shared/trials.js';

export const increaseBatchConfigSchema = z.strictObject({
  ...setupFields,
  seeds: seedsField(),
  optimizer: z.enum(['sgd', 'momentum']),
  /** Momentum (optimizer `momentum`); also enters the noise scale g = lr·N/(B(1 − m)). */
  momentum: z.number().min(0).max(0.999),
  lr: posNum(),
  batchSize: posInt(),
  epochs: posInt(),
  /** Epochs at which the baseline divides the LR by `factor` (and the others grow the batch). */
  milestones: increasingInts(),
  factor: z.number().gt(1, { error: 'must be > 1' }),
  /** Batch cap of the hybrid schedule (grow up to it, then decay the LR). Default floor(trainSize/10), as Smith et al. 2018. */
  hybridMaxBatch: posInt().optional(),
}).refine((c) => c.milestones[c.milestones.length - 1] < c.epochs, { error: 'must all be < epochs', path: ['milestones'] })
  .refine((c) => c.batchSize <= Math.floor(c.trainSize / 10), { error: 'must be <= trainSize/10 (room to grow)', path: ['batchSize'] });
export type IncreaseBatchConfig = z.infer<typeof increaseBatchConfigSchema>;

const quick: IncreaseBatchConfig = {
  data: 'mnist', trainSize: 5000, valSize: 2000, model: 'mlp', hidden: [64], seeds: 2,
  optimizer: 'momentum', momentum: 0.9, lr: 0.05, batchSize: 25, epochs: 9, milestones: [3, 6], factor: 5,
};
const full: IncreaseBatchConfig = {
  data: 'mnist', trainSize: 20000, valSize: 5000, model: 'mlp', hidden: [128], seeds: 3,
  optimizer: 'momentum', momentum: 0.9, lr: 0.05, batchSize: 25, epochs: 15, milestones: [5, 9, 12], factor: 5,
};

interface Variant {
  name: string;
  /** Epoch-unit LR spec and batch schedule spec the trial follows. */
  lrSchedule: Record<string, unknown>;
  batchSchedule: Record<string, unknown>;
  plannedUpdates: number;
}

/** The three schedules: the LR decay, its conversion to batch growth (no cap short of N), and the capped hybrid. */
export function increaseBatchVariants(c: IncreaseBatchConfig): { variants: Variant[]; plans: { growth: BatchGrowthPlan; hybrid: BatchGrowthPlan } } {
  const decay = { type: 'multistep', lr: c.lr, milestones: c.milestones, gamma: 1 / c.factor, unit: 'epoch' };
  const convert = (maxBatchSize: number) => decayToBatchGrowth({
    lrSchedule: decay, batchSize: c.batchSize, datasetSize: c.trainSize, epochs: c.epochs, maxBatchSize, momentum: c.momentum,
  });
  const growth = convert(c.trainSize);
  const hybrid = convert(c.hybridMaxBatch ?? Math.floor(c.trainSize / 10));
  const variants: Variant[] = [
    { name: 'LR decay', lrSchedule: decay, batchSchedule: { type: 'constant', batchSize: c.batchSize }, plannedUpdates: growth.updates.original },
    { name: 'batch growth', lrSchedule: growth.lrSchedule, batchSchedule: growth.batchSchedule, plannedUpdates: growth.updates.converted },
  ];
  // A cap at or above the largest batch makes the hybrid the same schedule as pure growth.
  if (JSON.stringify(hybrid.batchSchedule) !== JSON.stringify(growth.batchSchedule)) {
    variants.push({ name: 'hybrid', lrSchedule: hybrid.lrSchedule, batchSchedule: hybrid.batchSchedule, plannedUpdates: hybrid.updates.converted });
  }
  return { variants, plans: { growth, hybrid } };
}

const trialId = (v: string, seed: number) => `${v.replace(/\s+/g, '-')}-s${seed}`;

/**
 * Study 9: "don't decay the learning rate, increase the batch size" (Smith, Kindermans, Ying &
 * Le 2018). The LR-decay baseline (÷factor at milestones) against the core converter's
 * growing-batch schedule (same SGD noise scale g = lr·N/(B(1 − m)) each epoch) and a hybrid that
 * grows the batch up to a cap (N/10) and decays the LR after; accuracy per epoch and updates.
 */
export const increaseBatch: Study<IncreaseBatchConfig> = {
  name: 'increase-batch',
  title: 'Increase the batch size instead of decaying the LR',
  claim: 'Instead of decaying the learning rate, increase the batch size: the same accuracy per epoch with far fewer parameter updates (Smith et al. 2018).',
  configSchema: increaseBatchConfigSchema,
  presets: { quick, full },
  async run(c: IncreaseBatchConfig, ctx: StudyContext): Promise<StudyOutput> {
    const seeds = seedList(ctx.seed, c.seeds);
    const { variants } = increaseBatchVariants(c);
    const trials: TrialSpec[] = variants.flatMap((v) => seeds.map((seed) => ({
      id: trialId(v.name, seed),
      config: {
        ...setupTrial(c, ctx.seed),
        optimizer: { name: c.optimizer, ...(c.optimizer === 'momentum' ? { momentum: c.momentum } : {}) },
        // Epoch-unit specs (`"unit": "epoch"`), like the converter's output.
        schedule: v.lrSchedule,
        batchSize: c.batchSize, batchSchedule: v.batchSchedule, epochs: c.epochs, seed,
      },
    })));
    ctx.progress({ label: `${variants.length} schedules × ${seeds.length} seed(s)` });
    const { byId, errors } = indexOutcomes(await ctx.runTrials(trials));

    const epochs = Array.from({ length: c.epochs }, (_, e) => e);
    const m = c.optimizer === 'momentum' ? c.momentum : 0;
    const measured = variants.map((v) => {
      const runs = seeds.map((s) => byId.get(trialId(v.name, s))).filter((o): o is TrialOutcome => finalMetrics(o) !== null);
      const rows = runs.map(epochRows);
      const perEpoch = epochs.map((e) => rows.map((r) => r[e]?.valAccuracy).filter((x): x is number => Number.isFinite(x)));
      // Updates measured from the trainer's per-epoch step counts (the plan's count is the check).
      const updates = rows.length > 0 ? rows[0].reduce((a, r) => a + r.steps, 0) : v.plannedUpdates;
      const lrAt = fromSpec(v.lrSchedule, { stepsPerEpoch: 1 });
      const bAt = batchSchedule(v.batchSchedule);
      const schedule = epochs.map((e) => {
        const lr = lrAt.lr(e), b = bAt(e);
        return { epoch: e, lr, batchSize: b, noiseScale: (lr * c.trainSize) / (b * (1 - m)) };
      });
      const result: VariantResult = {
        name: v.name, finals: runs.map((o) => finalMetrics(o)!.valAccuracy), updates,
        perEpoch: perEpoch.map((xs) => mean(xs)).filter((x) => Number.isFinite(x)),
      };
      return { v, result, perEpoch, rows, schedule };
    });
    const verdict = increaseBatchVerdict(measured[0].result, measured.slice(1).map((x) => x.result));
    const text = verdict.text + errorNote(errors);

    const band = (xs: number[][]) => xs.map((a) => (minMax(a) ?? [NaN, NaN]) as [number, number]);
    const accSeries = measured.filter((x) => x.result.perEpoch.length > 0).map((x) => {
      const n = x.result.perEpoch.length;
      return { name: x.v.name, points: x.result.perEpoch.map((y, e) => ({ x: e + 1, y })), ...(seeds.length > 1 ? { band: band(x.perEpoch.slice(0, n)) } : {}) };
    });
    const updSeries = measured.filter((x) => x.rows.length > 0).map((x) => {
      let total = 0;
      const pts = x.rows[0].map((r, e) => { total += r.steps; return { x: total, y: x.result.perEpoch[e] }; }).filter((p) => Number.isFinite(p.y));
      return { name: x.v.name, points: pts };
    });
    const figures: StudyOutput['figures'] = [];
    if (accSeries.length > 0) {
      figures.push({
        id: 'acc-per-epoch', title: 'Validation accuracy per epoch',
        caption: `Mean over ${seeds.length} seed(s)${seeds.length > 1 ? ' (band: min–max)' : ''}. Milestones at epochs ${c.milestones.join(', ')}: the LR ÷${c.factor} or the batch ×${c.factor}.`,
        spec: lineChart({ series: accSeries, xTitle: 'Epoch', yTitle: 'Validation accuracy' }),
      });
      figures.push({
        id: 'acc-per-update', title: 'Validation accuracy against parameter updates',
        caption: 'The same runs against the number of optimizer steps taken: growing the batch reaches the accuracy in fewer updates.',
        spec: lineChart({ series: updSeries, xTitle: 'Parameter updates', yTitle: 'Validation accuracy', logX: true }),
      });
    }
    figures.push({
      id: 'schedules', title: 'Batch size and noise scale per epoch',
      caption: `Batch size per epoch of each schedule, and the SGD noise scale g = lr·N/(B(1 − m)) they share (the converter keeps it equal; N = ${c.trainSize}, m = ${m}).`,
      spec: lineChart({
        series: [
          ...measured.map((x) => ({ name: `${x.v.name}: batch`, points: x.schedule.map((s) => ({ x: s.epoch + 1, y: s.batchSize })) })),
          ...measured.map((x) => ({ name: `${x.v.name}: g`, points: x.schedule.map((s) => ({ x: s.epoch + 1, y: s.noiseScale })) })),
        ],
        xTitle: 'Epoch', yTitle: 'Batch size / noise scale g', logY: true,
      }),
    });

    const phases = (x: (typeof measured)[number]) => x.schedule.filter((s, i) => i === 0 || s.lr !== x.schedule[i - 1].lr || s.batchSize !== x.schedule[i - 1].batchSize)
      .map((s) => `e${s.epoch}: lr ${sig(s.lr)}, B ${s.batchSize}`).join('; ');
    return {
      method: `Trained a ${c.model}${c.hidden ? ` (hidden ${c.hidden.join('×')})` : ''} on ${c.trainSize} ${c.data} examples with ${c.optimizer} (momentum ${m}) for ${c.epochs} epochs, ${seeds.length} seed(s) each, under ` +
        `${measured.map((x) => `${x.v.name} (${phases(x)})`).join('; ')}. The growing-batch schedules come from the core converter decayToBatchGrowth, which multiplies the batch by ${c.factor} where the baseline divides the LR by ${c.factor}, ` +
        `keeping g = lr·N/(B(1 − m)) equal each epoch; the hybrid caps the batch at ${c.hybridMaxBatch ?? Math.floor(c.trainSize / 10)} and decays the LR past the cap. Validation accuracy on ${c.valSize} held-out examples.`,
      figures,
      table: {
        columns: ['schedule', 'final val. accuracy (mean)', 'seed range', 'parameter updates', 'planned updates'],
        rows: measured.map((x) => {
          const r = minMax(x.result.finals);
          return [x.v.name, pct(mean(x.result.finals)), r ? `${pct(r[0])}–${pct(r[1])}` : 'n/a', x.result.updates, x.v.plannedUpdates];
        }),
      },
      verdict: { status: verdict.status, text },
      data: {
        config: c, seeds, tolerance: verdict.tolerance,
        variants: measured.map((x) => ({
          name: x.v.name, lrSchedule: x.v.lrSchedule, batchSchedule: x.v.batchSchedule, plannedUpdates: x.v.plannedUpdates,
          updates: x.result.updates, finals: x.result.finals, meanPerEpoch: x.result.perEpoch, perEpochBySeed: x.perEpoch, schedule: x.schedule,
        })),
        trials: trials.map((t) => ({ id: t.id, status: byId.get(t.id)?.status ?? 'missing', epochs: epochRows(byId.get(t.id)), seconds: byId.get(t.id)?.seconds ?? null })),
        errors,
      },
    };
  },
};
