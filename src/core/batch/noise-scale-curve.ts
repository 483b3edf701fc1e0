import { SpecError, requireNumber } from '../spec-error.js';
import { spearman } from '../stats.js';
import { createNoiseScaleEstimator } from './noise-scale-estimator.js';
import type { NoiseScaleEstimate } from './noise-scale-summary.js';

/** One measurement session during training: the squared norms taken at a given training step. */
export interface NoiseScaleCurveInput {
  /** Training step (or epoch) at which the weights were measured. */
  step: number;
  bSmall: number;
  bBig: number;
  samples: ReadonlyArray<{ gSmallSq: number; gBigSq: number }>;
  /** Training loss at that point, if known (the noise scale grows as the loss falls). */
  loss?: number;
}

/** One point of the curve: the estimate at `step`. */
export interface NoiseScaleCurvePoint extends NoiseScaleEstimate {
  step: number;
  loss?: number;
}

/** B_simple over training, with a rank summary of its trend. */
export interface NoiseScaleCurve {
  points: NoiseScaleCurvePoint[];
  /** Spearman rank correlation of B_simple with step, in [−1, 1] (0 with fewer than 2 points). */
  trend: number;
  /** Last B_simple over the first (Infinity/0 when an end is noise-dominated/no-noise). */
  growth: number;
}

/**
 * The gradient noise scale as a curve over training: one `NoiseScaleEstimate` per measurement
 * session, sorted by step, plus its trend. McCandlish et al. (2018) find B_simple grows as the
 * loss falls, so `trend` is expected to be positive.
 * Formula: trend = Spearman ρ = Pearson correlation of the ranks (ties get mean ranks; Infinity
 * ranks above every finite value).
 * Defaults: confidence 0.95.
 * Example: `noiseScaleCurve([{ step: 0, bSmall: 32, bBig: 256, samples }, …]).points[0].bSimple`.
 */
export function noiseScaleCurve(points: ReadonlyArray<NoiseScaleCurveInput>, options: { confidence?: number } = {}): NoiseScaleCurve {
  if (points.length === 0) throw new SpecError('points', 'must contain at least one point');
  const out: NoiseScaleCurvePoint[] = points.map((p, i) => {
    requireNumber(`points[${i}].step`, p.step, 'must be a finite number ≥ 0', (v) => v >= 0);
    if (p.samples.length === 0) throw new SpecError(`points[${i}].samples`, 'must contain at least one sample');
    const estimator = createNoiseScaleEstimator({ bSmall: p.bSmall, bBig: p.bBig, confidence: options.confidence });
    for (const s of p.samples) estimator.add(s.gSmallSq, s.gBigSq);
    const point: NoiseScaleCurvePoint = { step: p.step, ...estimator.estimate() };
    if (p.loss !== undefined) point.loss = p.loss;
    return point;
  });
  out.sort((a, b) => a.step - b.step);
  const first = out[0].bSimple, last = out[out.length - 1].bSimple;
  const growth = first === last ? 1 : first > 0 ? last / first : Infinity;
  const rho = spearman(out.map((p) => p.step), out.map((p) => p.bSimple));
  // One point or a flat curve shows no trend: 0 here, where the shared spearman says NaN.
  return { points: out, trend: Number.isNaN(rho) ? 0 : rho, growth };
}

/**
 * Group a per-step stream of squared norms (taken while training, one pair per step) into
 * consecutive windows of `window` steps, each a `NoiseScaleCurveInput` at its last step.
 * Short windows keep the weights nearly fixed within each, as the interval assumes.
 */
export function windowedCurveInput(
  stream: ReadonlyArray<{ step: number; gSmallSq: number; gBigSq: number }>,
  options: { bSmall: number; bBig: number; window: number },
): NoiseScaleCurveInput[] {
  requireNumber('window', options.window, 'must be an integer ≥ 2', (v) => Number.isInteger(v) && v >= 2);
  const out: NoiseScaleCurveInput[] = [];
  for (let i = 0; i < stream.length; i += options.window) {
    const chunk = stream.slice(i, i + options.window);
    out.push({
      step: chunk[chunk.length - 1].step, bSmall: options.bSmall, bBig: options.bBig,
      samples: chunk.map(({ gSmallSq, gBigSq }) => ({ gSmallSq, gBigSq })),
    });
  }
  return out;
}
