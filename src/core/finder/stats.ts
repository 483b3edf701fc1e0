/** Small robust statistics shared by the verdict and the repeats summary. */

/** Median of a non-empty list (mean of the two middle values when even). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Geometric standard deviation of positive values: exp(sample std of ln x), n − 1 in the
 * denominator; 1 means no spread, 2 means a typical factor-of-2 scatter. Null for fewer than
 * two values (no spread can be measured). Logs are taken relative to the first value so
 * identical inputs give exactly 1.
 */
export function geometricStd(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const d = xs.map((x) => Math.log(x / xs[0]));
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const v = d.reduce((a, b) => a + (b - mean) ** 2, 0) / (d.length - 1);
  return Math.exp(Math.sqrt(v));
}

/** Geometric mean of positive values: exp(mean ln x). */
export function geometricMean(xs: readonly number[]): number {
  const d = xs.map((x) => Math.log(x / xs[0]));
  return xs[0] * Math.exp(d.reduce((a, b) => a + b, 0) / d.length);
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
