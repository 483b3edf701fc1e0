import * as z from 'zod';
import { lineChart, type LineSeries } from '../../report/charts/index.js';
import { mean, populationStd } from '../../core/stats.js';
import { increasingInts, posInt, posNum, setupFields, setupTrial } from '../shared/setup.js';
import type { Study, StudyOutput, TrialConfig, TrialOutcome, TrialSpec } from '../study.js';
import { batchSpeedVerdict, type BatchSpeedRow, type Spread } from './verdict.js';

const configSchema = z.strictObject({
  ...setupFields,
  optimizer: z.enum(['sgd', 'momentum', 'nesterov', 'adam']),
  /** One LR for every batch size: the claim is about the batch alone, so the LR is held fixed. */
  lr: posNum(),
  batchSizes: increasingInts().refine((b) => b.length >= 3, { error: 'must list at least 3 batch sizes' }),
  /** Epochs of the timing runs (no per-step readback) and of the loss-recording runs. */
  timingEpochs: posInt(),
  noiseEpochs: posInt(),
  /** Repeats with different initialisation and batch order (same data), to show the spread. */
  seeds: posInt(),
});

export type BatchSpeedConfig = z.infer<typeof configSchema>;

/**
 * The standard deviation (population) of the step-to-step changes `L[t+1] − L[t]` over the last
 * `1 − from` of the steps: how jagged the training-loss curve is once the first fast drop is past.
 *
 * Example: losses [4, 3, 2, 2, 3, 2] with from = 0.5 → steps 3…5: [2, 3, 2] → changes [1, −1] → std 1.
 */
export function lossChangeStd(losses: readonly number[], from = 0.5): number {
  const tail = losses.slice(Math.floor(losses.length * from)).filter(Number.isFinite);
  if (tail.length < 3) return NaN;
  return populationStd(tail.slice(1).map((v, i) => v - tail[i]));
}

function spread(values: number[]): Spread {
  const v = values.filter(Number.isFinite);
  if (v.length === 0) return { mean: NaN, min: NaN, max: NaN };
  return { mean: mean(v), min: Math.min(...v), max: Math.max(...v) };
}

function trials(c: BatchSpeedConfig, baseSeed: number): TrialSpec[] {
  const out: TrialSpec[] = [];
  for (let s = 0; s < c.seeds; s++) {
    for (const batchSize of c.batchSizes) {
      const config: TrialConfig = {
        ...setupTrial(c), optimizer: { name: c.optimizer }, schedule: c.lr, batchSize, epochs: c.timingEpochs, seed: baseSeed + s, dataSeed: baseSeed,
      };
      // Timing runs read losses back in chunks (the engine's default), as real training does.
      out.push({ id: `time bs=${batchSize} seed=${s}`, config });
      out.push({ id: `noise bs=${batchSize} seed=${s}`, config: { ...config, epochs: c.noiseEpochs, recordStepLosses: true } });
    }
  }
  return out;
}

function rowsFrom(c: BatchSpeedConfig, outcomes: Map<string, TrialOutcome>): BatchSpeedRow[] {
  return c.batchSizes.map((batchSize) => {
    const seeds = Array.from({ length: c.seeds }, (_, s) => s);
    const time = seeds.map((s) => outcomes.get(`time bs=${batchSize} seed=${s}`) as TrialOutcome);
    const noise = seeds.map((s) => outcomes.get(`noise bs=${batchSize} seed=${s}`) as TrialOutcome);
    const okTime = time.filter((o) => o.status === 'ok' && o.result?.epochs?.length);
    const okNoise = noise.filter((o) => o.status === 'ok' && o.stepLosses);
    // Each run's fastest epoch: the least disturbed by warm-up and by other processes (the usual benchmark choice).
    const fastest = okTime.map((o) => (o.result!.epochs as { seconds: number; samplesPerSecond: number }[])
      .reduce((a, b) => (b.seconds < a.seconds ? b : a)));
    return {
      batchSize,
      stepsPerEpoch: Math.ceil(c.trainSize / batchSize),
      secondsPerEpoch: spread(fastest.map((e) => e.seconds)),
      samplesPerSecond: spread(fastest.map((e) => e.samplesPerSecond)),
      lossChangeStd: spread(okNoise.map((o) => lossChangeStd(o.stepLosses as number[]))),
      valAccuracy: spread(okNoise.map((o) => (o.result!.final as { valAccuracy: number }).valAccuracy)),
      failed: time.length + noise.length - okTime.length - okNoise.length,
    };
  });
}

/** A line with its min–max band over seeds, leaving out batch sizes without a value. */
function series(name: string, rows: readonly BatchSpeedRow[], pick: (r: BatchSpeedRow) => Spread): LineSeries {
  const ok = rows.filter((r) => Number.isFinite(pick(r).mean));
  return { name, points: ok.map((r) => ({ x: r.batchSize, y: pick(r).mean })), band: ok.map((r) => [pick(r).min, pick(r).max] as const) };
}

async function run(c: BatchSpeedConfig, ctx: Parameters<Study['run']>[1]): Promise<StudyOutput> {
  const specs = trials(c, ctx.seed);
  ctx.progress({ label: `${specs.length} trials` });
  const outcomes = await ctx.runTrials(specs);
  const byId = new Map(outcomes.map((o) => [o.id, o]));
  const rows = rowsFrom(c, byId);
  const verdict = batchSpeedVerdict(rows);
  const model = c.model === 'mlp' ? `an MLP (hidden ${(c.hidden ?? [256]).join('×')})` : `a ${c.model} model`;
  const method = [
    `${model} trained on ${c.trainSize} ${c.data} examples (validation ${c.valSize}) with ${c.optimizer} at a fixed LR of ${c.lr} for every batch size in ${c.batchSizes.join(', ')}, ${c.seeds} seed${c.seeds > 1 ? 's' : ''} each (same data, different initialisation and batch order).`,
    `Speed: ${c.timingEpochs} epoch${c.timingEpochs > 1 ? 's' : ''} per run, the fastest epoch of each run, training time only (evaluation excluded), losses read back every 25 steps as in normal training; trials ran ${Number.isFinite(ctx.jobs) ? `${ctx.jobs} at a time on ${ctx.backend}, one thread each` : `on queue workers (${ctx.backend})`}.`,
    `Stability: separate runs of ${c.noiseEpochs} epoch${c.noiseEpochs > 1 ? 's' : ''} recording every step's training loss; we report the standard deviation of the step-to-step loss change over the second half of the steps.`,
  ].join('\n\n');

  const withLosses = outcomes.filter((o) => o.id.startsWith('noise') && o.id.endsWith('seed=0') && o.status === 'ok' && o.stepLosses);
  const lossSeries: LineSeries[] = withLosses.map((o) => {
    const steps = Math.ceil(c.trainSize / o.config.batchSize);
    const losses = o.stepLosses as number[];
    return { name: `batch ${o.config.batchSize}`, points: losses.map((l, i) => ({ x: (i + 1) / steps, y: l })).filter((p) => Number.isFinite(p.y) && p.y > 0) };
  }).filter((s) => s.points.length > 0);

  const figures: StudyOutput['figures'] = [
    {
      id: 'samples-per-second', title: 'Throughput against batch size', caption: 'Training samples per second (mean over seeds, band: min–max) against the batch size, log–log.',
      spec: lineChart({ series: [series('samples/s', rows, (r) => r.samplesPerSecond)], xTitle: 'Batch size', yTitle: 'Samples per second', logX: true, logY: true }),
    },
    {
      id: 'seconds-per-epoch', title: 'Seconds per epoch against batch size', caption: `Training seconds per epoch of ${c.trainSize} examples against the batch size, log–log.`,
      spec: lineChart({ series: [series('seconds/epoch', rows, (r) => r.secondsPerEpoch)], xTitle: 'Batch size', yTitle: 'Seconds per epoch', logX: true, logY: true }),
    },
    {
      id: 'loss-change-std', title: 'Jaggedness of the loss curve against batch size', caption: 'Standard deviation of the step-to-step change of the training loss (second half of the steps) against the batch size, log–log.',
      spec: lineChart({ series: [series('std of Δloss', rows, (r) => r.lossChangeStd)], xTitle: 'Batch size', yTitle: 'Std of step-to-step loss change', logX: true, logY: true }),
    },
  ];
  if (lossSeries.length > 0) {
    figures.push({
      id: 'loss-curves', title: 'Training loss per step', caption: 'Training loss of every step against epochs completed (seed 0), one line per batch size: small batches take many noisy steps, large ones few smooth steps.',
      spec: lineChart({ series: lossSeries, xTitle: 'Epoch', yTitle: 'Training loss', logY: true }),
    });
  }
  const num = (v: number, d: number) => (Number.isFinite(v) ? Number(v.toFixed(d)) : null);
  return {
    method,
    figures,
    table: {
      columns: ['batch size', 'steps/epoch', 'seconds/epoch', 'samples/s', 'std of Δloss', 'val accuracy', 'failed runs'],
      rows: rows.map((r) => [r.batchSize, r.stepsPerEpoch, num(r.secondsPerEpoch.mean, 3), num(r.samplesPerSecond.mean, 0), num(r.lossChangeStd.mean, 5), num(r.valAccuracy.mean, 4), r.failed]),
    },
    verdict: { status: verdict.status, text: verdict.text },
    data: {
      rows,
      speedTrend: verdict.speedTrend,
      noiseTrend: verdict.noiseTrend,
      trials: outcomes.map((o) => ({ id: o.id, status: o.status, error: o.error ?? null, epochs: o.result?.epochs ?? [], stepLosses: o.stepLosses ?? null, seconds: o.seconds })),
    },
  };
}

/** Study 5: "large batches cut training time and make training more stable". */
export const batchSpeed: Study<BatchSpeedConfig> = {
  name: 'batch-speed',
  title: 'Large batches: faster epochs, smoother loss',
  claim: 'Large batches cut training time and make training more stable.',
  configSchema,
  presets: {
    quick: {
      data: 'mnist', trainSize: 4096, valSize: 1000, model: 'mlp', hidden: [64], optimizer: 'sgd', lr: 0.05,
      batchSizes: [16, 32, 64, 128, 256], timingEpochs: 2, noiseEpochs: 1, seeds: 1,
    },
    full: {
      data: 'mnist', trainSize: 60000, valSize: 10000, model: 'mlp', hidden: [256], optimizer: 'sgd', lr: 0.05,
      batchSizes: [8, 16, 32, 64, 128, 256, 512, 1024, 2048], timingEpochs: 2, noiseEpochs: 2, seeds: 3,
    },
  },
  run,
};
