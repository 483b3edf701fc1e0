import { SpecError, requireNumber } from '../spec-error.js';
import { gradSqNormEstimate, noiseCoefficients, traceSigmaEstimate } from './two-batch.js';
import { summarizeNoiseScale, type NoiseScaleEstimate } from './noise-scale-summary.js';

/** Options of `createNoiseScaleEstimator`. */
export interface NoiseScaleEstimatorOptions {
  /** The smaller batch size (integer ≥ 1). */
  bSmall: number;
  /** The larger batch size (integer > bSmall). */
  bBig: number;
  /** Two-sided confidence level of the reported interval. Default 0.95. */
  confidence?: number;
  /**
   * Number of training examples the batches are drawn from without replacement; enables the
   * finite-population correction of `two-batch.ts`. Default Infinity (no correction).
   */
  datasetSize?: number;
  /** Decay of the running EMAs of |G|² and tr(Σ) (McCandlish et al. use EMAs). Default 0.95. */
  emaBeta?: number;
}

/** The running (EMA) view of the estimate: cheap, no uncertainty, follows a drifting model. */
export interface NoiseScaleEma {
  /** Bias-corrected EMA of the per-step |G|² estimates. */
  gradSqNorm: number;
  /** Bias-corrected EMA of the per-step tr(Σ) estimates. */
  traceSigma: number;
  /** traceSigma/gradSqNorm; Infinity when gradSqNorm ≤ 0, 0 when traceSigma ≤ 0. */
  bSimple: number;
  /** True when the EMA of |G|² is ≤ 0 (B_simple beyond what these batch sizes resolve). */
  noiseDominated: boolean;
}

/**
 * Streaming estimator of the gradient noise scale B_simple = tr(Σ)/|G|² (McCandlish et al. 2018).
 *
 * Feed it `add(|G_small|², |G_big|²)` once per step; each pair becomes one unbiased estimate of
 * |G|² and of tr(Σ) (`two-batch.ts`). `estimate()` averages them (plain means over all steps or the
 * last `window`) and returns B_simple with a delta-method confidence interval
 * (`summarizeNoiseScale`); `ema()` is the bias-corrected EMA view, for following B_simple live
 * as the model trains.
 *
 * Example:
 *   const est = createNoiseScaleEstimator({ bSmall: 32, bBig: 256 });
 *   for (…) est.add(await src.gradSqNorm(32), await src.gradSqNorm(256));
 *   const { bSimple, lower, upper, status } = est.estimate();
 */
export class NoiseScaleEstimator {
  readonly bSmall: number;
  readonly bBig: number;
  readonly confidence: number;
  readonly emaBeta: number;
  readonly datasetSize: number;
  private readonly gradSqNorms: number[] = [];
  private readonly traces: number[] = [];
  private emaG = 0;
  private emaS = 0;

  constructor(options: NoiseScaleEstimatorOptions) {
    noiseCoefficients(options.bSmall, options.bBig, options.datasetSize ?? Infinity);
    this.datasetSize = options.datasetSize ?? Infinity;
    this.bSmall = options.bSmall;
    this.bBig = options.bBig;
    this.confidence = requireNumber('confidence', options.confidence ?? 0.95, 'must be in (0, 1)', (v) => v > 0 && v < 1);
    this.emaBeta = requireNumber('emaBeta', options.emaBeta ?? 0.95, 'must be in [0, 1)', (v) => v >= 0 && v < 1);
  }

  /** Steps added so far. */
  get count(): number {
    return this.gradSqNorms.length;
  }

  /** Add one step's squared norms of the mean gradient over bSmall and over bBig examples. */
  add(gSmallSq: number, gBigSq: number): void {
    requireNumber('gSmallSq', gSmallSq, 'must be a finite number ≥ 0', (v) => v >= 0);
    requireNumber('gBigSq', gBigSq, 'must be a finite number ≥ 0', (v) => v >= 0);
    const g = gradSqNormEstimate(this.bSmall, this.bBig, gSmallSq, gBigSq, this.datasetSize);
    const s = traceSigmaEstimate(this.bSmall, this.bBig, gSmallSq, gBigSq, this.datasetSize);
    this.gradSqNorms.push(g);
    this.traces.push(s);
    this.emaG = this.emaBeta * this.emaG + (1 - this.emaBeta) * g;
    this.emaS = this.emaBeta * this.emaS + (1 - this.emaBeta) * s;
  }

  /**
   * B_simple with uncertainty from plain means over every step, or over the last `window` steps.
   * Throws when no step has been added (there is nothing to estimate).
   */
  estimate(options: { window?: number } = {}): NoiseScaleEstimate {
    if (this.count === 0) throw new SpecError('count', 'add at least one measurement before estimating');
    const window = options.window ?? this.count;
    requireNumber('window', window, 'must be a positive integer', (v) => Number.isInteger(v) && v >= 1);
    const from = Math.max(0, this.count - window);
    return summarizeNoiseScale(this.gradSqNorms.slice(from), this.traces.slice(from), this.confidence);
  }

  /** The bias-corrected EMA view (as in Adam: m/(1 − β^t)). Throws before the first step. */
  ema(): NoiseScaleEma {
    if (this.count === 0) throw new SpecError('count', 'add at least one measurement before estimating');
    const correction = 1 - this.emaBeta ** this.count;
    const gradSqNorm = this.emaG / correction;
    const traceSigma = this.emaS / correction;
    const bSimple = !(traceSigma > 0) ? 0 : gradSqNorm > 0 ? traceSigma / gradSqNorm : Infinity;
    return { gradSqNorm, traceSigma, bSimple, noiseDominated: !(gradSqNorm > 0) };
  }

  /** The per-step estimates so far (copies), e.g. for a JSON result. */
  perStep(): { gradSqNorm: number[]; traceSigma: number[] } {
    return { gradSqNorm: [...this.gradSqNorms], traceSigma: [...this.traces] };
  }
}

/** Factory for `NoiseScaleEstimator` (lowercase, like tfjs's `tf.train.sgd`). */
export function createNoiseScaleEstimator(options: NoiseScaleEstimatorOptions): NoiseScaleEstimator {
  return new NoiseScaleEstimator(options);
}
