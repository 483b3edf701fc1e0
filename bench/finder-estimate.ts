/**
 * Estimating, from a task's trained 7-point grid, the accuracy an LR between its points would
 * reach — the estimate bench/finder.ts's header calls "quadratic interpolation of the grid" and
 * bench/finder-headroom.ts uses to ask how well any rule could do without training it.
 */

/** One trained grid point: its LR and validation accuracy (null: the training diverged). */
export interface GridPoint {
  lr: number;
  acc: number | null;
}

/** What a diverged grid point counts as: no accuracy at all. */
const DIVERGED = 0;

/**
 * The estimated accuracy at `lr`: the quadratic in log10 LR through the three grid points
 * nearest to it (the two around it and the nearer of their outer neighbours), kept between the
 * lower of the two around it and the highest of the three, so a parabola cannot overshoot the
 * points it was drawn through by more than they span. Outside the grid: the end point's accuracy.
 * A diverged point counts as accuracy 0. The grid must hold ≥ 3 points in increasing LR.
 *
 * @example estimateAccuracy([{ lr: 0.01, acc: 0.8 }, { lr: 0.1, acc: 0.9 }, { lr: 1, acc: 0.8 }], 0.1) // → 0.9
 */
export function estimateAccuracy(grid: readonly GridPoint[], lr: number): number {
  if (grid.length < 3) throw new Error(`grid: must hold at least 3 points, not ${grid.length}`);
  if (!(lr > 0)) throw new Error(`lr: must be a positive number, not ${lr}`);
  const pts = grid.map((g) => ({ x: Math.log10(g.lr), y: g.acc ?? DIVERGED }));
  for (let i = 1; i < pts.length; i++) if (!(pts[i].x > pts[i - 1].x)) throw new Error('grid: LRs must increase');
  const x = Math.log10(lr);
  if (x <= pts[0].x) return pts[0].y;
  if (x >= pts[pts.length - 1].x) return pts[pts.length - 1].y;
  const i = pts.findIndex((p) => p.x >= x); // pts[i - 1].x < x ≤ pts[i].x, 1 ≤ i ≤ length − 1
  // The third point: the outer neighbour nearer to x (at the ends, the only one there is).
  const left = i - 2 >= 0 && (i + 1 >= pts.length || x - pts[i - 2].x < pts[i + 1].x - x);
  const [a, b, c] = left ? [pts[i - 2], pts[i - 1], pts[i]] : [pts[i - 1], pts[i], pts[i + 1]];
  const q = a.y * ((x - b.x) * (x - c.x)) / ((a.x - b.x) * (a.x - c.x))
    + b.y * ((x - a.x) * (x - c.x)) / ((b.x - a.x) * (b.x - c.x))
    + c.y * ((x - a.x) * (x - b.x)) / ((c.x - a.x) * (c.x - b.x));
  const lo = Math.min(pts[i - 1].y, pts[i].y);
  const hi = Math.max(a.y, b.y, c.y);
  return Math.min(hi, Math.max(lo, q));
}

/** The estimated gap, in pp, of training at `lr` below the grid's best point. */
export function estimatedGapPp(grid: readonly GridPoint[], lr: number): number {
  const best = Math.max(...grid.map((g) => g.acc ?? DIVERGED));
  return 100 * (best - estimateAccuracy(grid, lr));
}

/**
 * The LR the estimate puts highest, searched on a 0.01-decade lattice over the grid's range
 * (the first of equal maxima), and the width in decades of the LR range whose estimate is within
 * `withinPp` of the grid's best (from its lowest to its highest lattice point).
 */
export function estimatedOptimum(grid: readonly GridPoint[], withinPp = 0.5): { lr: number; windowDecades: number } {
  const lo = Math.log10(grid[0].lr);
  const n = Math.round((Math.log10(grid[grid.length - 1].lr) - lo) / 0.01);
  let bestX = lo;
  let bestY = -Infinity;
  let first: number | null = null;
  let last = lo;
  for (let k = 0; k <= n; k++) {
    const x = lo + k * 0.01;
    const y = estimateAccuracy(grid, 10 ** x);
    if (y > bestY) {
      bestY = y;
      bestX = x;
    }
    if (estimatedGapPp(grid, 10 ** x) <= withinPp + 1e-9) {
      first ??= x;
      last = x;
    }
  }
  return { lr: 10 ** bestX, windowDecades: first === null ? 0 : last - first };
}

/** A run of bench/finder.ts as far as the other-seed ceiling needs it. */
export interface SeededRun {
  task: string;
  seed: number;
  grid: readonly GridPoint[];
  best: { lr: number; acc: number };
}

/**
 * The gap in pp of this run's own grid point at another seed's best grid LR (the first other
 * seed of the same task in `runs`): what the grid reproduces across seeds. Infinity when that
 * point diverged; null when no other seed ran.
 */
export function otherSeedGapPp(run: SeededRun, runs: readonly SeededRun[]): number | null {
  const o = runs.find((q) => q.task === run.task && q.seed !== run.seed);
  if (!o) return null;
  const a = run.grid.find((g) => g.lr === o.best.lr)?.acc ?? null;
  return a === null ? Infinity : 100 * (run.best.acc - a);
}

/** Φ(z), the standard normal CDF (erf by Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
