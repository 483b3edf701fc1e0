import { studentTQuantile } from '../../core/batch/index.js';

/** Arithmetic mean; NaN for an empty list. */
export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
export function std(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/** Smallest and largest value, or null for an empty list. */
export function range(xs: readonly number[]): [number, number] | null {
  return xs.length === 0 ? null : [Math.min(...xs), Math.max(...xs)];
}

/** An ordinary least-squares line y = intercept + slope·x, with its uncertainty. */
export interface LineFit {
  slope: number;
  intercept: number;
  /** Standard error of the slope (NaN with two points: no residual degrees of freedom). */
  slopeStdErr: number;
  /** 95% interval of the slope, slope ± t(0.975, n − 2)·stdErr ([NaN, NaN] with two points). */
  slopeCi95: [number, number];
  /** Coefficient of determination (1 when the points are collinear). */
  r2: number;
  n: number;
}

/**
 * Least-squares straight line through (x, y).
 *
 * Formula: slope = Sxy/Sxx, intercept = ȳ − slope·x̄, SE(slope) = √(SSE/(n − 2)/Sxx),
 * r² = 1 − SSE/Syy. Needs n ≥ 2 and at least two distinct x (throws otherwise).
 * Example: fitLine([0, 1, 2], [1, 3, 5]) → slope 2, intercept 1, r² 1.
 */
export function fitLine(xs: readonly number[], ys: readonly number[]): LineFit {
  const n = xs.length;
  if (n !== ys.length) throw new Error(`fitLine: ${n} x values but ${ys.length} y values`);
  if (n < 2) throw new Error('fitLine: needs at least two points');
  const mx = mean(xs), my = mean(ys);
  let sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
    syy += (ys[i] - my) ** 2;
  }
  if (sxx === 0) throw new Error('fitLine: needs at least two distinct x values');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const sse = Math.max(0, syy - slope * sxy);
  const slopeStdErr = n > 2 ? Math.sqrt(sse / (n - 2) / sxx) : NaN;
  const t = n > 2 ? studentTQuantile(0.975, n - 2) : NaN;
  return {
    slope, intercept, slopeStdErr,
    slopeCi95: [slope - t * slopeStdErr, slope + t * slopeStdErr],
    r2: syy === 0 ? 1 : 1 - sse / syy,
    n,
  };
}

/**
 * Power law y = a·x^p fitted as a line on log10–log10 axes (x, y > 0).
 * Example: fitPowerLaw([1, 10, 100], [2, 20, 200]) → slope (p) 1, intercept log10(2).
 */
export function fitPowerLaw(xs: readonly number[], ys: readonly number[]): LineFit {
  if (xs.some((x) => !(x > 0)) || ys.some((y) => !(y > 0))) throw new Error('fitPowerLaw: every x and y must be > 0');
  return fitLine(xs.map(Math.log10), ys.map(Math.log10));
}
