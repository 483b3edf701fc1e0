/**
 * The statistics every layer shares (core, studies, CLI): one implementation each, pure functions
 * over plain arrays. Conventions:
 * - An empty list has no mean, standard deviation or median: NaN (never a silent 0).
 * - `sampleStd` divides by n − 1 and is 0 for a single value (no spread measured);
 *   `populationStd` divides by n.
 * - `spearman` gives ties their average rank and is NaN when a list is constant or has fewer
 *   than two points (a correlation is undefined there; callers that need a number say so).
 * Non-finite inputs are the caller's to filter.
 */
import { studentTQuantile } from './batch/student-t-quantile.js';

/** Arithmetic mean; NaN for an empty list. */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Σ(x − x̄)², the sum both standard deviations share. */
function sumSquaredDeviations(xs: readonly number[]): number {
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return s;
}

/**
 * Sample standard deviation √(Σ(x − x̄)² / (n − 1)); 0 for a single value, NaN for none.
 * @example sampleStd([2, 4, 4, 4, 5, 5, 7, 9]) // √(32 / 7) ≈ 2.138
 */
export function sampleStd(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  if (xs.length === 1) return 0;
  return Math.sqrt(sumSquaredDeviations(xs) / (xs.length - 1));
}

/**
 * Population standard deviation √(Σ(x − x̄)² / n); NaN for none.
 * @example populationStd([2, 4, 4, 4, 5, 5, 7, 9]) // √(32 / 8) = 2
 */
export function populationStd(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  return Math.sqrt(sumSquaredDeviations(xs) / xs.length);
}

/** Median (mean of the two middle values when the count is even); NaN for an empty list. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Smallest and largest value, or null for an empty list. */
export function minMax(xs: readonly number[]): [number, number] | null {
  return xs.length === 0 ? null : [Math.min(...xs), Math.max(...xs)];
}

/**
 * Mean of `xs[from … to)` clipped to the array; NaN when the window is empty.
 * Used to read a noisy per-step loss curve at a point without trusting a single batch.
 */
export function windowMean(xs: readonly number[], from: number, to: number): number {
  const a = Math.max(0, Math.floor(from));
  const b = Math.min(xs.length, Math.ceil(to));
  return b > a ? mean(xs.slice(a, b)) : NaN;
}

/** Per-position mean, min, max and sample std over equally long series (seeds): the line and band of a chart. */
export function across(series: readonly (readonly number[])[]): { mean: number[]; min: number[]; max: number[]; std: number[] } {
  const n = Math.min(...series.map((s) => s.length));
  const out = { mean: [] as number[], min: [] as number[], max: [] as number[], std: [] as number[] };
  if (series.length === 0 || !Number.isFinite(n)) return out;
  for (let i = 0; i < n; i++) {
    const col = series.map((s) => s[i]);
    out.mean.push(mean(col));
    out.min.push(Math.min(...col));
    out.max.push(Math.max(...col));
    out.std.push(sampleStd(col));
  }
  return out;
}

/** Ranks 1…n with ties at their average rank; compares with < so Infinity ranks above every finite value. */
function ranks(xs: readonly number[]): number[] {
  const order = xs.map((v, i) => ({ v, i })).sort((a, b) => (a.v === b.v ? 0 : a.v < b.v ? -1 : 1));
  const r = new Array<number>(xs.length);
  for (let k = 0; k < order.length;) {
    let e = k;
    while (e + 1 < order.length && order[e + 1].v === order[k].v) e++;
    for (let j = k; j <= e; j++) r[order[j].i] = (k + e) / 2 + 1;
    k = e + 1;
  }
  return r;
}

/**
 * Spearman rank correlation of two equally long lists: the Pearson correlation of their ranks
 * (ties get their average rank). NaN when the lengths differ, with fewer than two points, or
 * when a list is constant. Used for "does y grow with x" without assuming a line.
 * @example spearman([1, 2, 3], [10, 30, 20]) // 1 − 6·(0 + 1 + 1)/(3·8) = 0.5
 */
export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length || x.length < 2) return NaN;
  const rx = ranks(x);
  const ry = ranks(y);
  const mx = mean(rx), my = mean(ry);
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < rx.length; i++) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) ** 2;
    syy += (ry[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
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
 * @example fitLine([0, 1, 2], [1, 3, 5]) // slope 2, intercept 1, r² 1
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
 * @example fitPowerLaw([1, 10, 100], [2, 20, 200]) // slope (p) 1, intercept log10(2)
 */
export function fitPowerLaw(xs: readonly number[], ys: readonly number[]): LineFit {
  if (xs.some((x) => !(x > 0)) || ys.some((y) => !(y > 0))) throw new Error('fitPowerLaw: every x and y must be > 0');
  return fitLine(xs.map(Math.log10), ys.map(Math.log10));
}

/**
 * Geometric standard deviation of positive values: exp(sample std of ln x); 1 means no spread,
 * 2 a typical factor-of-2 scatter. Null for fewer than two values (no spread can be measured).
 * Logs are taken relative to the first value so identical inputs give exactly 1.
 */
export function geometricStd(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  return Math.exp(sampleStd(xs.map((x) => Math.log(x / xs[0]))));
}

/** Geometric mean of positive values: exp(mean ln x). */
export function geometricMean(xs: readonly number[]): number {
  return xs[0] * Math.exp(mean(xs.map((x) => Math.log(x / xs[0]))));
}

/**
 * Robust standard deviation of the noise in a sequence whose trend changes slowly:
 * σ ≈ 1.4826 · MAD(Δx) / √2, with Δx the first differences. Differencing removes the trend,
 * the MAD ignores the few huge steps of a blow-up, 1.4826 makes MAD a σ for Gaussian noise and
 * √2 undoes the doubling of variance by differencing. Null for fewer than 4 values.
 */
export function noiseSigma(xs: readonly number[]): number | null {
  if (xs.length < 4) return null;
  const d = xs.slice(1).map((x, i) => x - xs[i]);
  const m = median(d);
  return (1.4826 * median(d.map((x) => Math.abs(x - m)))) / Math.SQRT2;
}

/**
 * Running median over ±h points, the window shrinking symmetrically towards the ends (±i at
 * point i, ±(n−1−i) near the end): a monotone stretch keeps every value, its last points included.
 */
export function runningMedian(xs: readonly number[], h: number): number[] {
  return xs.map((_, i) => {
    const w = Math.min(h, i, xs.length - 1 - i);
    return median(xs.slice(i - w, i + w + 1));
  });
}
