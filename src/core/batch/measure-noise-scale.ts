import { requireNumber } from '../spec-error.js';
import { createNoiseScaleEstimator } from './noise-scale-estimator.js';
import type { NoiseScaleEstimate } from './noise-scale-summary.js';

/**
 * What `measureNoiseScale` needs from a model: the squared L2 norm of the mean gradient over a
 * fresh random batch of `batchSize` training examples, at the current weights (no update).
 * The tfjs trainer provides it as `gradientSquaredNorm(batchSize)`.
 */
export interface GradientNormSource {
  gradSqNorm(batchSize: number): Promise<number>;
}

/**
 * Adapt the tfjs trainer (its `gradientSquaredNorm(batchSize)`, which draws batches without
 * replacement from the training set) to a `GradientNormSource`.
 * Example: `measureNoiseScale(gradientNormSource(trainer), { bSmall: 32, bBig: 512, steps: 50, datasetSize: n })`.
 */
export function gradientNormSource(trainer: { gradientSquaredNorm(batchSize: number): Promise<number> }): GradientNormSource {
  return { gradSqNorm: (batchSize) => trainer.gradientSquaredNorm(batchSize) };
}

/** Options of `measureNoiseScale`. */
export interface MeasureNoiseScaleOptions {
  /** Smaller batch size. */
  bSmall: number;
  /** Larger batch size (> bSmall; a ratio of 8 or more keeps the estimators' variance low). */
  bBig: number;
  /** Number of (small, big) measurement pairs (integer ≥ 2). */
  steps: number;
  /**
   * Training-set size, when the source draws batches without replacement from it (the tfjs
   * trainer does): applies the finite-population correction. Default Infinity (none).
   */
  datasetSize?: number;
  /** Two-sided confidence level. Default 0.95. */
  confidence?: number;
  /** Called after every pair, e.g. to drive a progress bar. */
  onStep?: (step: number, steps: number) => void;
}

/** Result of `measureNoiseScale`: the estimate plus the raw measurements, for JSON output. */
export interface NoiseScaleMeasurement extends NoiseScaleEstimate {
  bSmall: number;
  bBig: number;
  /** The raw squared norms, one pair per step. */
  samples: Array<{ gSmallSq: number; gBigSq: number }>;
}

/**
 * Measure B_simple = tr(Σ)/|G|² at the current weights: `steps` times, take |G_small|² and
 * |G_big|² from fresh batches, then average the two-batch estimators (McCandlish et al. 2018).
 * The weights do not change, so steps are independent and the interval of
 * `summarizeNoiseScale` applies as stated.
 *
 * Example: `await measureNoiseScale(trainer, { bSmall: 32, bBig: 512, steps: 50 })`.
 */
export async function measureNoiseScale(source: GradientNormSource, options: MeasureNoiseScaleOptions): Promise<NoiseScaleMeasurement> {
  const estimator = createNoiseScaleEstimator({
    bSmall: options.bSmall, bBig: options.bBig, confidence: options.confidence, datasetSize: options.datasetSize,
  });
  const steps = requireNumber('steps', options.steps, 'must be an integer ≥ 2', (v) => Number.isInteger(v) && v >= 2);
  const samples: Array<{ gSmallSq: number; gBigSq: number }> = [];
  for (let step = 1; step <= steps; step++) {
    const gSmallSq = await source.gradSqNorm(options.bSmall);
    const gBigSq = await source.gradSqNorm(options.bBig);
    estimator.add(gSmallSq, gBigSq);
    samples.push({ gSmallSq, gBigSq });
    options.onStep?.(step, steps);
  }
  return { ...estimator.estimate(), bSmall: options.bSmall, bBig: options.bBig, samples };
}
