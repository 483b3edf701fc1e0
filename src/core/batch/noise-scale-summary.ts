import { SpecError, requireNumber } from '../spec-error.js';
import { mean } from '../stats.js';
import { studentTQuantile } from './student-t-quantile.js';

/** How far an estimate of B_simple can be trusted. */
export type NoiseScaleStatus =
  /** |G|² is significantly positive: B_simple has a finite confidence interval. */
  | 'ok'
  /** |G|² is not significantly above 0 (or its mean is ≤ 0): only a lower bound is meaningful. */
  | 'noise-dominated'
  /** The mean tr(Σ) estimate is ≤ 0: no gradient noise was measured, B_simple is reported as 0. */
  | 'no-noise'
  /** Fewer than two steps (or values beyond double range): a point estimate, no uncertainty. */
  | 'insufficient';

/** B_simple = tr(Σ)/|G|² with its uncertainty. Never NaN: undefined cases are flagged by `status`. */
export interface NoiseScaleEstimate {
  /** Ratio of means tr(Σ)/|G|²; `Infinity` when mean |G|² ≤ 0, 0 when mean tr(Σ) ≤ 0. */
  bSimple: number;
  /** Delta-method standard error of `bSimple` (`Infinity` when it cannot be computed). */
  standardError: number;
  /** Lower end of the confidence interval (the meaningful number when noise-dominated). */
  lower: number;
  /** Upper end of the confidence interval; `Infinity` when |G|² is not significantly positive. */
  upper: number;
  /** Two-sided confidence level of [lower, upper]. */
  confidence: number;
  /** Mean of the per-step |G|² estimates, and its standard error. */
  gradSqNorm: number;
  gradSqNormSE: number;
  /** Mean of the per-step tr(Σ) estimates, and its standard error. */
  traceSigma: number;
  traceSigmaSE: number;
  /** Number of per-step estimates averaged. */
  count: number;
  status: NoiseScaleStatus;
}

/**
 * Combine per-step two-batch estimates of |G|² and tr(Σ) into B_simple with an uncertainty.
 *
 * Method: ratio of plain means, B̂ = s̄/ḡ (s_i the tr(Σ) and g_i the |G|² estimate of step i).
 * The interval comes from the delta method applied to the *inverse* noise scale ρ = ḡ/s̄,
 *   Var(ρ̂) ≈ (Var g − 2ρ·Cov(g,s) + ρ²·Var s) / (n·s̄²),
 * because ρ is well behaved as |G|² → 0 (tr(Σ) is large and well determined while |G|² is the
 * noisy one). The interval on ρ, clamped to the physical ρ ≥ 0, is inverted:
 *   lower = 1/(max(ρ̂,0) + z·se_ρ),  upper = 1/(ρ̂ − z·se_ρ)  (Infinity when ρ̂ − z·se_ρ ≤ 0).
 * `standardError` is the delta-method se of B̂ itself, se_ρ/ρ̂². Steps are treated as
 * independent draws (true when the weights are fixed, as in `measureNoiseScale`; during training
 * use windows short enough that the weights barely move).
 * The multiplier z is Student's t quantile with n − 1 degrees of freedom (≈ 1.98 for n = 100,
 * 12.7 for n = 2), so few steps give honestly wide intervals.
 * Defaults: confidence 0.95.
 * Example: `summarizeNoiseScale([1, 3], [30, 34]).bSimple` → 16 (= 32/2).
 * Paper: McCandlish et al. 2018, "An Empirical Model of Large-Batch Training" (B_simple, app. A).
 */
export function summarizeNoiseScale(
  gradSqNorms: ReadonlyArray<number>,
  traces: ReadonlyArray<number>,
  confidence = 0.95,
): NoiseScaleEstimate {
  const n = gradSqNorms.length;
  if (n === 0) throw new SpecError('gradSqNorms', 'must contain at least one estimate');
  if (traces.length !== n) throw new SpecError('traces', `must have the same length as gradSqNorms (${n})`);
  requireNumber('confidence', confidence, 'must be in (0, 1)', (v) => v > 0 && v < 1);
  const z = studentTQuantile(0.5 + confidence / 2, Math.max(1, n - 1));
  const g = mean(gradSqNorms), s = mean(traces);
  const vgg = n > 1 ? covariance(gradSqNorms, gradSqNorms, g, g) : Infinity;
  const vss = n > 1 ? covariance(traces, traces, s, s) : Infinity;
  const base = {
    confidence, gradSqNorm: g, gradSqNormSE: Math.sqrt(vgg / n),
    traceSigma: s, traceSigmaSE: Math.sqrt(vss / n), count: n,
  };
  if (!(s > 0)) {
    // No measurable noise: B_simple is 0 at the point estimate; its upper end divides the
    // upper confidence bound of tr(Σ) by |G|².
    const upper = n > 1 && g > 0 ? Math.max(0, s + z * base.traceSigmaSE) / g : Infinity;
    const standardError = n > 1 && g > 0 ? base.traceSigmaSE / g : Infinity;
    return { ...base, bSimple: 0, standardError, lower: 0, upper, status: 'no-noise' };
  }
  const bSimple = g > 0 ? s / g : Infinity;
  if (n < 2) return { ...base, bSimple, standardError: Infinity, lower: 0, upper: Infinity, status: 'insufficient' };
  const rho = g / s;
  // Var ρ̂ is scale-free, so compute it on data divided by s̄: tiny or huge norms then
  // neither underflow nor overflow when squared.
  const gu = gradSqNorms.map((x) => x / s), su = traces.map((x) => x / s);
  const vggU = covariance(gu, gu, rho, rho), vssU = covariance(su, su, 1, 1), vgsU = covariance(gu, su, rho, 1);
  const seRho = Math.sqrt(Math.max(0, (vggU - 2 * rho * vgsU + rho * rho * vssU) / n));
  if (!Number.isFinite(seRho)) {
    // |G|²/tr(Σ) overflows (e.g. tr(Σ) ~ 1e-320): no interval can be computed in doubles.
    return { ...base, bSimple, standardError: Infinity, lower: 0, upper: Infinity, status: 'insufficient' };
  }
  const rhoHigh = Math.max(rho, 0) + z * seRho;
  const rhoLow = rho - z * seRho;
  // min/max only absorb the last-bit difference between 1/(ḡ/s̄) and s̄/ḡ when se_ρ = 0.
  const lower = Math.min(bSimple, rhoHigh > 0 ? 1 / rhoHigh : Infinity);
  const upper = Math.max(bSimple, rhoLow > 0 ? 1 / rhoLow : Infinity);
  const standardError = rho > 0 ? seRho / rho / rho : Infinity;
  return { ...base, bSimple, standardError, lower, upper, status: Number.isFinite(upper) ? 'ok' : 'noise-dominated' };
}

function covariance(xs: ReadonlyArray<number>, ys: ReadonlyArray<number>, mx: number, my: number): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += (xs[i] - mx) * (ys[i] - my);
  return sum / (xs.length - 1);
}
