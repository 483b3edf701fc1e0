import { spearman } from '../../core/stats.js';
import type { VerdictStatus } from '../study.js';

/** Per batch size, over seeds: mean and [min, max]. */
export interface BatchSpeedRow {
  batchSize: number;
  stepsPerEpoch: number;
  secondsPerEpoch: Spread;
  samplesPerSecond: Spread;
  /** Std of the step-to-step change of the training loss over the second half of the steps. */
  lossChangeStd: Spread;
  valAccuracy: Spread;
  /** Trials (timing + recording) that diverged or failed. */
  failed: number;
}

export interface Spread {
  mean: number;
  min: number;
  max: number;
}

/** Rank correlation at least this strong counts as a trend. */
const TREND = 0.8;
/** A drop of validation accuracy (in points) at the largest batch, at a fixed epoch budget, worth stating. */
const ACCURACY_DROP = 0.02;

/**
 * The verdict from the measurements: "faster" holds when samples/s rises with the batch size
 * (Spearman ≥ 0.8), "more stable" when the loss-change std falls with it (≤ −0.8). Both → confirmed,
 * unless the largest batch also ends with validation accuracy 2+ points below the best at the same
 * epoch budget (fewer updates per epoch) → nuanced. Neither trend → refuted; one → nuanced.
 */
export function batchSpeedVerdict(rows: readonly BatchSpeedRow[]): { status: VerdictStatus; text: string; speedTrend: number; noiseTrend: number } {
  const ok = rows.filter((r) => Number.isFinite(r.samplesPerSecond.mean) && Number.isFinite(r.lossChangeStd.mean));
  if (ok.length < 3) {
    return { status: 'inconclusive', text: `Only ${ok.length} batch sizes produced measurements; at least 3 are needed to see a trend.`, speedTrend: NaN, noiseTrend: NaN };
  }
  const bs = ok.map((r) => r.batchSize);
  const speedTrend = spearman(bs, ok.map((r) => r.samplesPerSecond.mean));
  const noiseTrend = spearman(bs, ok.map((r) => r.lossChangeStd.mean));
  const first = ok[0], last = ok[ok.length - 1];
  const fmt = (v: number, d = 0) => v.toFixed(d);
  const speedText = `Throughput went from ${fmt(first.samplesPerSecond.mean)} samples/s at batch ${first.batchSize} to ${fmt(last.samplesPerSecond.mean)} at batch ${last.batchSize} `
    + `(×${fmt(last.samplesPerSecond.mean / first.samplesPerSecond.mean, 1)}; an epoch took ${fmt(first.secondsPerEpoch.mean, 2)} s vs ${fmt(last.secondsPerEpoch.mean, 2)} s; rank correlation with batch size ${fmt(speedTrend, 2)}).`;
  const noiseText = `The step-to-step change of the training loss had a standard deviation of ${first.lossChangeStd.mean.toPrecision(3)} at batch ${first.batchSize} `
    + `and ${last.lossChangeStd.mean.toPrecision(3)} at batch ${last.batchSize} (×${fmt(last.lossChangeStd.mean / first.lossChangeStd.mean, 2)}; rank correlation ${fmt(noiseTrend, 2)}).`;
  const faster = speedTrend >= TREND;
  const smoother = noiseTrend <= -TREND;
  const bestAcc = Math.max(...ok.map((r) => r.valAccuracy.mean));
  const drop = bestAcc - last.valAccuracy.mean;
  const accText = `With the same number of epochs, validation accuracy was ${(100 * last.valAccuracy.mean).toFixed(1)}% at batch ${last.batchSize} against the best ${(100 * bestAcc).toFixed(1)}%`
    + ` — a large batch takes ${first.stepsPerEpoch / last.stepsPerEpoch}× fewer steps per epoch.`;
  let status: VerdictStatus;
  let lead: string;
  if (faster && smoother) {
    status = drop > ACCURACY_DROP ? 'nuanced' : 'confirmed';
    lead = drop > ACCURACY_DROP
      ? 'Large batches were both faster per epoch and smoother, but at an equal epoch budget they learned less.'
      : 'Large batches were both faster per epoch and smoother.';
  } else if (faster || smoother) {
    status = 'nuanced';
    lead = faster ? 'Large batches were faster per epoch, but the loss curve did not get steadily smoother.' : 'The loss curve got smoother with larger batches, but throughput did not rise steadily.';
  } else {
    status = 'refuted';
    lead = 'Neither throughput nor the smoothness of the loss curve improved steadily with the batch size.';
  }
  return { status, text: [lead, speedText, noiseText, accText].join(' '), speedTrend, noiseTrend };
}
