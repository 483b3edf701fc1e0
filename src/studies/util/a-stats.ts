/**
 * Small statistics shared by the learning-rate studies (lr-curves, lr-range, lr-fit, schedules).
 * Pure functions over plain arrays; non-finite inputs are the caller's to filter.
 */

/** Arithmetic mean; NaN for an empty list. */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/**
 * Sample standard deviation √(Σ(x − x̄)² / (n − 1)); 0 for a single value, NaN for none.
 * @example sampleStd([1, 3]) // √((1 + 1) / 1) = √2
 */
export function sampleStd(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  if (xs.length === 1) return 0;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
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

/**
 * Distance between two learning rates in steps of a geometric grid with ratio `ratio` between
 * neighbours: log(a / b) / log(ratio). Positive when `a` is the larger.
 * @example gridSteps(0.3, 0.1, Math.sqrt(10)) // log 3 / log 3.162 ≈ 0.954
 */
export function gridSteps(a: number, b: number, ratio: number): number {
  return Math.log(a / b) / Math.log(ratio);
}

/**
 * Spearman rank correlation of two equally long lists (ties get their average rank); NaN when
 * fewer than two points or a list is constant. Used for "does y grow with x" without assuming a line.
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

function ranks(xs: readonly number[]): number[] {
  const order = xs.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const r = new Array<number>(xs.length);
  for (let k = 0; k < order.length;) {
    let e = k;
    while (e + 1 < order.length && order[e + 1].v === order[k].v) e++;
    for (let j = k; j <= e; j++) r[order[j].i] = (k + e) / 2 + 1;
    k = e + 1;
  }
  return r;
}

/** Per-position mean, min and max over equally long series (seeds): the line and band of a chart. */
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
