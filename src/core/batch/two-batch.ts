import { SpecError, requireNumber } from '../spec-error.js';

/**
 * The two-batch unbiased estimators of McCandlish et al. (2018, "An Empirical Model of
 * Large-Batch Training", appendix A). A batch-mean gradient over B examples has
 * `E|G_B|² = |G|² + tr(Σ)/B` (G the true gradient, Σ the per-example gradient covariance), so two
 * squared norms at B_small < B_big solve for both unknowns:
 *
 *   |G|²  ≈ (B_big·|G_big|² − B_small·|G_small|²) / (B_big − B_small)
 *   tr(Σ) ≈ (|G_small|² − |G_big|²) / (1/B_small − 1/B_big)
 *
 * Each is unbiased for any single pair of measurements; their *ratio* is not, which is why the
 * paper (and `NoiseScaleEstimator`) averages each over many steps before dividing.
 *
 * Finite data set (optional `datasetSize` = n): batches drawn *without replacement* from n
 * examples have `E|G_B|² = |G|² + c_B·tr(Σ)` with `c_B = (1/B)·(n − B)/(n − 1)` (the
 * finite-population correction; G the full-batch gradient, Σ the covariance over the n examples
 * with 1/n). The same two equations then give
 *   |G|² = (c_small·|G_big|² − c_big·|G_small|²)/(c_small − c_big),
 *   tr(Σ) = (|G_small|² − |G_big|²)/(c_small − c_big),
 * which reduce to the formulas above as n → ∞ (the default). Use it when B_big is not ≪ n.
 *
 * Example: B_small = 8, B_big = 64, |G_small|² = 5, |G_big|² = 1.5 →
 * |G|² = (64·1.5 − 8·5)/56 = 1, tr(Σ) = 3.5/(1/8 − 1/64) = 32, so B_simple = 32.
 */
export function gradSqNormEstimate(bSmall: number, bBig: number, gSmallSq: number, gBigSq: number, datasetSize = Infinity): number {
  const [cSmall, cBig] = noiseCoefficients(bSmall, bBig, datasetSize);
  if (datasetSize === Infinity) return (bBig * gBigSq - bSmall * gSmallSq) / (bBig - bSmall);
  return (cSmall * gBigSq - cBig * gSmallSq) / (cSmall - cBig);
}

/** tr(Σ) from one pair of squared gradient norms; see `gradSqNormEstimate` for the formula. */
export function traceSigmaEstimate(bSmall: number, bBig: number, gSmallSq: number, gBigSq: number, datasetSize = Infinity): number {
  const [cSmall, cBig] = noiseCoefficients(bSmall, bBig, datasetSize);
  return (gSmallSq - gBigSq) / (cSmall - cBig);
}

/**
 * The coefficients c_B of tr(Σ) in E|G_B|² for both batch sizes: 1/B, times (n − B)/(n − 1)
 * for a finite data set. Validates 1 ≤ bSmall < bBig ≤ datasetSize.
 */
export function noiseCoefficients(bSmall: number, bBig: number, datasetSize = Infinity): [number, number] {
  checkBatchPair(bSmall, bBig);
  if (datasetSize === Infinity) return [1 / bSmall, 1 / bBig];
  requireNumber('datasetSize', datasetSize, 'must be an integer ≥ 2 (or Infinity)', (v) => Number.isInteger(v) && v >= 2);
  if (bBig > datasetSize) throw new SpecError('bBig', `must be ≤ datasetSize (${datasetSize})`);
  const c = (b: number): number => (datasetSize - b) / (b * (datasetSize - 1));
  return [c(bSmall), c(bBig)];
}

/** Throw a SpecError unless 1 ≤ bSmall < bBig are integers. */
export function checkBatchPair(bSmall: number, bBig: number): void {
  requireNumber('bSmall', bSmall, 'must be a positive integer', (v) => Number.isInteger(v) && v >= 1);
  requireNumber('bBig', bBig, 'must be a positive integer', (v) => Number.isInteger(v) && v >= 1);
  if (!(bBig > bSmall)) throw new SpecError('bBig', `must be greater than bSmall (${bSmall})`);
}
