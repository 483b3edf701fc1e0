import { SpecError } from '../../core/spec-error.js';

/** Upper cap on points per drawn series, whatever the plot width: keeps inline SVG small. */
export const DEFAULT_MAX_POINTS = 2000;

/**
 * Default point budget for a plot `width` px wide: one min and one max per pixel column (plus the
 * two ends), so min–max downsampling changes nothing visible; never more than 2000.
 *
 * Example: width 560 → 1122 points; width 1200 → 2000.
 */
export function pointBudget(width: number): number {
  return Math.min(DEFAULT_MAX_POINTS, 2 * width + 2);
}

/**
 * Indices of the points to draw when a series is longer than `maxPoints`.
 *
 * Min–max bucketing: the first and last index always stay; the interior indices 1…n−2 are cut
 * into B = ⌊(maxPoints − 2) / 2⌋ contiguous buckets of near-equal size, and each bucket keeps
 * the index of its smallest and of its largest value (the first one on ties), in step order.
 * So at most 2 + 2B ≤ maxPoints points remain, and every extreme survives: an LR spike, the
 * jump of an SGDR restart or the bottom of a cyclic valley is drawn at its true height, and
 * its step is off by at most one bucket width (⌈(n − 2) / B⌉ steps). Plain striding
 * (every k-th point) would drop exactly those features.
 *
 * Defaults: maxPoints = 2000. Series of length ≤ maxPoints come back whole (0, 1, …, n−1).
 *
 * Example: `minMaxIndices([0, 9, 0, 0, 0, 0, 0, 0], 4)` → B = 1, keeps 0, 1 (max 9),
 * 2 (first min 0) and 7: `[0, 1, 2, 7]`.
 *
 * Related: the M4 aggregation of Jugel et al., "M4: A Visualization-Oriented Time Series Data
 * Aggregation" (VLDB 2014), which also keeps first/last per bucket; we keep only min/max.
 */
export function minMaxIndices(values: readonly number[], maxPoints = DEFAULT_MAX_POINTS): number[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 4) throw new SpecError('maxPoints', 'must be an integer >= 4');
  const n = values.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const buckets = Math.floor((maxPoints - 2) / 2);
  const interior = n - 2;
  const kept = [0];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * interior) / buckets);
    const end = 1 + Math.floor(((b + 1) * interior) / buckets);
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      if (values[i] < values[lo]) lo = i;
      if (values[i] > values[hi]) hi = i;
    }
    if (lo === hi) kept.push(lo);
    else kept.push(Math.min(lo, hi), Math.max(lo, hi));
  }
  kept.push(n - 1);
  return kept;
}
