import { SpecError, requireNumber } from '../spec-error.js';
import { studentTQuantile } from './student-t-quantile.js';

/** One measured point: training with `batchSize` needed `steps` optimizer steps to reach the target. */
export interface CriticalBatchPoint {
  batchSize: number;
  steps: number;
}

/** Where the best B_crit fell relative to the measured batch sizes. */
export type CriticalBatchBoundary =
  /** B_crit is inside the searchable range: a real fit. */
  | 'none'
  /** Steps fall like 1/B over the whole range: B_crit is above the largest batch (a lower bound). */
  | 'perfect-scaling'
  /** Steps do not fall with B: B_crit is below the smallest batch (an upper bound). */
  | 'no-scaling';

/** Result of `fitCriticalBatch`. */
export interface CriticalBatchFit {
  /** Minimum number of steps (B → ∞). */
  sMin: number;
  /** Minimum number of examples (B → 0): E_min = S_min·B_crit. */
  eMin: number;
  /** Critical batch size B_crit = E_min/S_min. */
  bCrit: number;
  /** Confidence interval of B_crit (profile likelihood; [0, ∞] with fewer than 3 points). */
  bCritLower: number;
  bCritUpper: number;
  confidence: number;
  method: 'log' | 'linear';
  /** Coefficient of determination in the fitted space (ln S for 'log', S for 'linear'). */
  rSquared: number;
  /** Root mean square of ln S − ln Ŝ, comparable across methods. */
  rmsLogResidual: number;
  boundary: CriticalBatchBoundary;
  count: number;
}

/** Options of `fitCriticalBatch`. */
export interface CriticalBatchFitOptions {
  /** 'log' (default): least squares on ln S; 'linear': ordinary least squares of S on 1/B. */
  method?: 'log' | 'linear';
  /** Two-sided confidence level of [bCritLower, bCritUpper]. Default 0.95. */
  confidence?: number;
}

/** Search range for ln B_crit around the data: this many e-folds beyond the smallest/largest batch. */
const SEARCH_MARGIN = Math.log(1e4);
const GRID = 801;

/**
 * Fit the steps/batch trade-off of McCandlish et al. (2018), `S(B) = S_min·(1 + B_crit/B)`,
 * equivalently `E = E_min·(1 + B/B_crit)` and `(S/S_min − 1)(E/E_min − 1) = 1`, to measured
 * (B, steps-to-target) pairs.
 *
 * Method 'log' (default) minimises Σ (ln S_i − ln S_min − ln(1 + B_crit/B_i))². Why log space:
 * S spans orders of magnitude over B = 16…8192 and its run-to-run noise is relative, so plain
 * least squares would be decided by the smallest batches alone. For fixed B_crit the best
 * ln S_min is the mean of ln S_i − ln(1 + B_crit/B_i), leaving a 1-D profile in ln B_crit that is
 * searched on a grid (801 points, 4 decades beyond the data on each side) and refined by
 * golden section. The interval is the profile-likelihood set
 *   SSR(B_crit) ≤ SSR_min·(1 + t²_{n−2}/(n − 2)).
 * Method 'linear' is the closed form S = a + b·(1/B) (a = S_min, b = S_min·B_crit), ordinary
 * least squares; it has no interval (reported as the point).
 * A best fit at the edge of the search range is flagged by `boundary`.
 * Example: points (64, 1500), (256, 750), (1024, 562.5) → S_min = 500, B_crit = 128.
 */
export function fitCriticalBatch(points: ReadonlyArray<CriticalBatchPoint>, options: CriticalBatchFitOptions = {}): CriticalBatchFit {
  const method = options.method ?? 'log';
  if (method !== 'log' && method !== 'linear') throw new SpecError('method', "must be 'log' or 'linear'");
  const confidence = requireNumber('confidence', options.confidence ?? 0.95, 'must be in (0, 1)', (v) => v > 0 && v < 1);
  if (points.length < 2) throw new SpecError('points', 'must contain at least 2 points');
  points.forEach((p, i) => {
    requireNumber(`points[${i}].batchSize`, p.batchSize, 'must be a finite number > 0', (v) => v > 0);
    requireNumber(`points[${i}].steps`, p.steps, 'must be a finite number > 0', (v) => v > 0);
  });
  if (new Set(points.map((p) => p.batchSize)).size < 2) throw new SpecError('points', 'must contain at least 2 different batch sizes');
  const bs = points.map((p) => p.batchSize), ys = points.map((p) => Math.log(p.steps));
  const base = { confidence, method, count: points.length };
  if (method === 'linear') {
    const { sMin, eMin, boundary, rSquared } = linearFit(bs, points.map((p) => p.steps));
    const bCrit = boundary === 'perfect-scaling' ? Infinity : boundary === 'no-scaling' ? 0 : eMin / sMin;
    const rmsLogResidual = Math.sqrt(ssrOf(bs, ys, sMin, eMin) / bs.length);
    return { ...base, sMin, bCrit, eMin, bCritLower: bCrit, bCritUpper: bCrit, rSquared, rmsLogResidual, boundary };
  }
  const lo = Math.log(Math.min(...bs)) - SEARCH_MARGIN, hi = Math.log(Math.max(...bs)) + SEARCH_MARGIN;
  const ssr = (u: number): number => profile(bs, ys, Math.exp(u)).ssr;
  const grid = Array.from({ length: GRID }, (_, k) => lo + (hi - lo) * k / (GRID - 1));
  const values = grid.map(ssr);
  let best = 0;
  for (let k = 1; k < GRID; k++) if (values[k] < values[best]) best = k;
  const boundary: CriticalBatchBoundary = best === 0 ? 'no-scaling' : best === GRID - 1 ? 'perfect-scaling' : 'none';
  const u = boundary === 'none' ? goldenSection(ssr, grid[best - 1], grid[best + 1]) : grid[best];
  const n = points.length;
  const meanY = ys.reduce((a, y) => a + y, 0) / n;
  // At an edge report the limit the data point to: S = S_min (no scaling) or S = E_min/B (perfect).
  let sMin: number, eMin: number, bCrit: number;
  if (boundary === 'no-scaling') {
    sMin = Math.exp(meanY); eMin = 0; bCrit = 0;
  } else if (boundary === 'perfect-scaling') {
    sMin = 0; eMin = Math.exp(meanY + bs.reduce((a, b) => a + Math.log(b), 0) / n); bCrit = Infinity;
  } else {
    bCrit = Math.exp(u); sMin = Math.exp(profile(bs, ys, bCrit).logSMin); eMin = sMin * bCrit;
  }
  const ssrMin = ssrOf(bs, ys, sMin, eMin);
  const sst = ys.reduce((a, y) => a + (y - meanY) ** 2, 0);
  let bCritLower = 0, bCritUpper = Infinity;
  if (n >= 3) {
    const t = studentTQuantile(0.5 + confidence / 2, n - 2);
    const limit = Math.min(values[best], ssr(u)) * (1 + t * t / (n - 2));
    const [l, r] = profileInterval(grid, values, limit, u, ssr);
    bCritLower = Math.min(Math.exp(l), bCrit);
    bCritUpper = Math.max(Math.exp(r), bCrit);
  }
  return {
    ...base, sMin, bCrit, eMin, bCritLower, bCritUpper,
    rSquared: sst > 0 ? 1 - ssrMin / sst : 1, rmsLogResidual: Math.sqrt(ssrMin / n), boundary,
  };
}

/** Steps the fitted model predicts at batch size B: S_min·(1 + B_crit/B). */
export function predictSteps(fit: Pick<CriticalBatchFit, 'sMin' | 'bCrit'>, batchSize: number): number {
  requireNumber('batchSize', batchSize, 'must be a finite number > 0', (v) => v > 0);
  return fit.sMin * (1 + fit.bCrit / batchSize);
}

/** How B_crit (fitted) and B_simple (measured) compare; the target is agreement within 2×. */
export interface CriticalBatchComparison {
  /** bCrit / bSimple (0 when B_simple is Infinity). */
  ratio: number;
  /** max(ratio, 1/ratio) ≥ 1: by how much they disagree. */
  factor: number;
  /** factor ≤ 2. */
  within2x: boolean;
}

/**
 * Compare the fitted critical batch with the measured simple noise scale (McCandlish et al.
 * report B_crit ≈ B_simple within an order of magnitude, usually closer).
 * Example: `compareCriticalBatch(300, 200)` → ratio 1.5, factor 1.5, within2x true.
 */
export function compareCriticalBatch(bCrit: number, bSimple: number): CriticalBatchComparison {
  requireNumber('bCrit', bCrit, 'must be a finite number > 0', (v) => v > 0);
  if (!(bSimple > 0)) throw new SpecError('bSimple', 'must be a number > 0 (Infinity allowed)');
  const ratio = bCrit / bSimple;
  const factor = ratio === 0 ? Infinity : Math.max(ratio, 1 / ratio);
  return { ratio, factor, within2x: factor <= 2 };
}

function profile(bs: ReadonlyArray<number>, ys: ReadonlyArray<number>, bCrit: number): { logSMin: number; ssr: number } {
  const r = ys.map((y, i) => y - Math.log1p(bCrit / bs[i]));
  const logSMin = r.reduce((a, x) => a + x, 0) / r.length;
  return { logSMin, ssr: r.reduce((a, x) => a + (x - logSMin) ** 2, 0) };
}

/** Σ (ln S_i − ln Ŝ_i)² for the model Ŝ = S_min + E_min/B (covers both limits); ∞ if Ŝ ≤ 0. */
function ssrOf(bs: ReadonlyArray<number>, ys: ReadonlyArray<number>, sMin: number, eMin: number): number {
  let sum = 0;
  for (let i = 0; i < bs.length; i++) {
    const s = sMin + eMin / bs[i];
    if (!(s > 0)) return Infinity;
    sum += (ys[i] - Math.log(s)) ** 2;
  }
  return sum;
}

function linearFit(bs: ReadonlyArray<number>, ss: ReadonlyArray<number>): { sMin: number; eMin: number; boundary: CriticalBatchBoundary; rSquared: number } {
  const xs = bs.map((b) => 1 / b), n = xs.length;
  const mx = xs.reduce((a, x) => a + x, 0) / n, my = ss.reduce((a, y) => a + y, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { sxy += (xs[i] - mx) * (ss[i] - my); sxx += (xs[i] - mx) ** 2; syy += (ss[i] - my) ** 2; }
  const b = sxy / sxx, a = my - b * mx;
  const rSquared = syy > 0 ? (sxy * sxy) / (sxx * syy) : 1;
  // Outside the model's physical region (S_min ≤ 0 or a rising S) report the limit it points to.
  if (!(b > 0)) return { sMin: my, eMin: 0, boundary: 'no-scaling', rSquared };
  if (!(a > 0)) return { sMin: 0, eMin: b, boundary: 'perfect-scaling', rSquared };
  return { sMin: a, eMin: b, boundary: 'none', rSquared };
}

function goldenSection(f: (u: number) => number, a: number, b: number): number {
  const phi = (Math.sqrt(5) - 1) / 2;
  let c = b - phi * (b - a), d = a + phi * (b - a), fc = f(c), fd = f(d);
  for (let i = 0; i < 80 && b - a > 1e-12; i++) {
    if (fc < fd) { b = d; d = c; fd = fc; c = b - phi * (b - a); fc = f(c); }
    else { a = c; c = d; fc = fd; d = a + phi * (b - a); fd = f(d); }
  }
  return (a + b) / 2;
}

/** The ln B_crit range where the profile SSR stays ≤ limit, walking out from the optimum u. */
function profileInterval(grid: number[], values: number[], limit: number, u: number, f: (u: number) => number): [number, number] {
  // Past the grid's ends the profile is flat (the model's limits), so the set is unbounded there.
  let i = grid.length - 1;
  while (i >= 0 && grid[i] >= u) i--;
  while (i >= 0 && values[i] <= limit) i--;
  const left = i < 0 ? -Infinity : crossing(f, grid[i], i + 1 < grid.length && grid[i + 1] < u ? grid[i + 1] : u, limit);
  let j = 0;
  while (j < grid.length && grid[j] <= u) j++;
  while (j < grid.length && values[j] <= limit) j++;
  const right = j >= grid.length ? Infinity : crossing(f, grid[j], j - 1 >= 0 && grid[j - 1] > u ? grid[j - 1] : u, limit);
  return [left, right];
}

/** Bisection for f(x) = limit between `outside` (f > limit) and `inside` (f ≤ limit). */
function crossing(f: (u: number) => number, outside: number, inside: number, limit: number): number {
  for (let i = 0; i < 60; i++) {
    const mid = (outside + inside) / 2;
    if (f(mid) > limit) outside = mid; else inside = mid;
  }
  return inside;
}
