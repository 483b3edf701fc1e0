import {
  gradientNormSource, measureNoiseScale, noiseScaleCurve, type NoiseScaleMeasurement,
} from '../core/batch/index.js';
import { SpecError, requireNumber } from '../core/spec-error.js';
import type { StepInfo, Trainer } from './trainer/index.js';

/** What the measurement needs from the engine's Trainer. */
export type NoiseScaleTrainer = Pick<Trainer, 'gradientSquaredNorm' | 'config'>;

/** Options of {@link measureTrainerNoiseScale}. */
export interface TrainerNoiseScaleOptions {
  /** Smaller batch. Default `defaultBatchPair(n).bSmall` (64, or n/16 for tiny sets). */
  bSmall?: number;
  /** Larger batch. Default `defaultBatchPair(n).bBig` (1024, or n/2 for small sets). */
  bBig?: number;
  /** (small, big) pairs averaged. Default 20. */
  steps?: number;
  /** Two-sided confidence level of the interval. Default 0.95. */
  confidence?: number;
  onStep?: (step: number, steps: number) => void;
}

/**
 * The default pair of batch sizes for a training set of n rows: bSmall = 64 and bBig = 1024
 * (ratio 16, so |G_small|² and |G_big|² differ clearly in their noise terms), both shrunk for
 * small sets: bBig ≤ n/2 (two draws of bBig rows must not be the same set) and bSmall ≤ bBig/4.
 * Example: n = 60000 → {64, 1024}; n = 400 → {50, 200}.
 */
export function defaultBatchPair(n: number): { bSmall: number; bBig: number } {
  requireNumber('datasetSize', n, 'must be an integer >= 8', (v) => Number.isInteger(v) && v >= 8);
  const bBig = Math.min(1024, Math.floor(n / 2));
  const bSmall = Math.max(1, Math.min(64, Math.floor(bBig / 4)));
  return { bSmall, bBig };
}

/**
 * Measure the simple gradient noise scale B_simple = tr(Σ)/|G|² of the trainer's model at its
 * current weights (no update), from `steps` pairs of squared gradient norms over fresh random
 * batches of bSmall and bBig training rows (McCandlish et al. 2018, appendix A). The trainer draws
 * rows without replacement from its n training rows, so the finite-population correction is on
 * (datasetSize = n). Costs `steps·(bSmall + bBig)` per-example gradients.
 *
 * Example: `await measureTrainerNoiseScale(trainer, { steps: 30 })` → `{ bSimple, lower, upper, status, … }`.
 */
export async function measureTrainerNoiseScale(trainer: NoiseScaleTrainer, options: TrainerNoiseScaleOptions = {}): Promise<NoiseScaleMeasurement> {
  const n = trainSize(trainer);
  const pair = defaultBatchPair(n);
  return measureNoiseScale(gradientNormSource(trainer), {
    bSmall: options.bSmall ?? pair.bSmall,
    bBig: options.bBig ?? pair.bBig,
    steps: options.steps ?? 20,
    datasetSize: n,
    confidence: options.confidence,
    onStep: options.onStep,
  });
}

/** One point of {@link noiseScaleDuringTraining}: the measurement and where training stood. */
export interface NoiseScaleTrainingPoint extends NoiseScaleMeasurement {
  /** Optimizer steps taken before the measurement. */
  step: number;
  /** step / steps per epoch. */
  epoch: number;
  /** Mean training loss over the steps since the previous point (null at step 0). */
  trainLoss: number | null;
  valLoss: number;
  valAccuracy: number;
}

/** Options of {@link noiseScaleDuringTraining}. */
export interface NoiseScaleTrainingOptions extends TrainerNoiseScaleOptions {
  /** Optimizer steps after which to measure, strictly increasing, ≥ 0 (0 = before training). Required. */
  at: number[];
  /** Pairs for the last point, which the recommendation rests on. Default 3 × `steps`. */
  finalSteps?: number;
  /** Called with the phase and its fraction done, e.g. for a progress bar. */
  onProgress?: (phase: 'train' | 'measure', point: number, fraction: number) => void;
  signal?: AbortSignal;
}

/** Result of {@link noiseScaleDuringTraining}. */
export interface NoiseScaleTrainingCurve {
  points: NoiseScaleTrainingPoint[];
  /** Spearman rank correlation of B_simple with the step (expected > 0: B_simple grows as the loss falls). */
  trend: number;
  /** Last B_simple over the first. */
  growth: number;
  /** True when the signal stopped training before the last point. */
  aborted: boolean;
  /** Training seconds and measurement seconds. */
  trainSeconds: number;
  measureSeconds: number;
}

/**
 * Train with the trainer's own schedule and measure B_simple at the given steps: the curve of
 * McCandlish et al. (2018, fig. 4), where the noise scale grows as the loss falls. Between points
 * the trainer runs in its normal batched loop (stopped after exactly the requested step through
 * its abort signal, then resumed mid-epoch), so measuring does not change the training itself:
 * the gradient-norm probes draw from the trainer's separate random stream.
 * `trend` is the Spearman correlation from the core `noiseScaleCurve` (rank-based, so its
 * estimates without the finite-population correction rank the points the same way in practice).
 *
 * Example: `await noiseScaleDuringTraining(trainer, { at: [0, 60, 235, 469] })`.
 */
export async function noiseScaleDuringTraining(trainer: Trainer, options: NoiseScaleTrainingOptions): Promise<NoiseScaleTrainingCurve> {
  const at = options.at;
  if (!Array.isArray(at) || at.length === 0) throw new SpecError('at', 'must be a non-empty list of steps');
  at.forEach((s, i) => {
    requireNumber(`at[${i}]`, s, 'must be an integer >= 0', (v) => Number.isInteger(v) && v >= 0);
    if (i > 0 && !(s > at[i - 1])) throw new SpecError(`at[${i}]`, 'must be greater than the previous step');
  });
  const steps = options.steps ?? 20;
  const finalSteps = options.finalSteps ?? 3 * steps;
  const points: NoiseScaleTrainingPoint[] = [];
  let trainMs = 0, measureMs = 0, aborted = false;
  let done = 0;
  for (let i = 0; i < at.length && !aborted; i++) {
    const t0 = performance.now();
    const target = at[i];
    const r = await trainToStep(trainer, target, {
      signal: options.signal, onStep: (s) => options.onProgress?.('train', i, Math.min(1, s.globalStep / target)),
    });
    done = r.steps;
    aborted = r.aborted;
    const { lossSum, lossCount } = r;
    trainMs += performance.now() - t0;
    if (aborted) break;
    const t1 = performance.now();
    const pairs = i === at.length - 1 ? finalSteps : steps;
    const m = await measureTrainerNoiseScale(trainer, {
      ...options, steps: pairs, onStep: (k, total) => options.onProgress?.('measure', i, k / total),
    });
    const val = await trainer.evaluate();
    measureMs += performance.now() - t1;
    points.push({
      ...m, step: done, epoch: done / stepsPerEpoch(trainer), trainLoss: lossCount > 0 ? lossSum / lossCount : null,
      valLoss: val.loss, valAccuracy: val.accuracy,
    });
  }
  let trend = 0, growth = 1;
  if (points.length > 0) {
    const curve = noiseScaleCurve(points.map((p) => ({ step: p.step, bSmall: p.bSmall, bBig: p.bBig, samples: p.samples })));
    trend = curve.trend;
    const first = points[0].bSimple, last = points[points.length - 1].bSimple;
    growth = first === last ? 1 : first > 0 ? last / first : Infinity;
  }
  return { points, trend, growth, aborted, trainSeconds: trainMs / 1000, measureSeconds: measureMs / 1000 };
}

/**
 * Train until the trainer has taken exactly `step` optimizer steps (no-op if it already has),
 * in its normal batched loop: each `run` is stopped through its abort signal right after the
 * requested step and resumes mid-epoch next time. Throws when training diverges.
 * Returns the steps taken, whether `signal` stopped it, and the sum and count of the per-step
 * losses as read back (each readback stands for the steps until the next).
 *
 * Example: `await trainToStep(trainer, 100)` → `{ steps: 100, aborted: false, … }`.
 */
export async function trainToStep(
  trainer: Trainer, step: number, options: { signal?: AbortSignal; onStep?: (info: StepInfo) => void } = {},
): Promise<{ steps: number; aborted: boolean; lossSum: number; lossCount: number }> {
  requireNumber('step', step, 'must be an integer >= 0', (v) => Number.isInteger(v) && v >= 0);
  let lossSum = 0, lossCount = 0;
  // A zero-epoch run trains nothing and reports the steps taken so far.
  let done = (await trainer.run({ epochs: 0 })).steps;
  while (done < step) {
    if (options.signal?.aborted) return { steps: done, aborted: true, lossSum, lossCount };
    const stop = new AbortController();
    const onOuterAbort = (): void => stop.abort();
    options.signal?.addEventListener('abort', onOuterAbort);
    try {
      const r = await trainer.run({
        epochs: 1,
        signal: stop.signal,
        onStep: (s) => {
          if (s.loss !== null) { lossSum += s.loss; lossCount++; }
          options.onStep?.(s);
          if (s.globalStep >= step) stop.abort();
        },
      });
      if (r.diverged) throw new Error(`training diverged at step ${r.divergedAtStep}; lower the learning rate`);
      done = r.steps;
    } finally {
      options.signal?.removeEventListener('abort', onOuterAbort);
    }
  }
  return { steps: done, aborted: false, lossSum, lossCount };
}

function trainSize(trainer: NoiseScaleTrainer): number {
  const n = trainer.config().trainSize;
  if (typeof n !== 'number') throw new SpecError('trainer', 'does not report its training-set size');
  return n;
}

function stepsPerEpoch(trainer: Trainer): number {
  return trainer.stepsPerEpoch;
}
