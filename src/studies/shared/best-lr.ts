/** The best learning rate of a grid, optionally refined between grid points. */
export interface BestLr {
  /** Index of the best grid value. */
  index: number;
  /** The grid LR with the best value. */
  gridLr: number;
  /** Refined estimate: vertex of a parabola in log10(lr) through the best point and its neighbours; gridLr when it cannot be refined. */
  lr: number;
  /** The best is the first or last grid value: the true optimum may lie outside the grid. */
  atEdge: boolean;
  value: number;
}

/**
 * Best LR of a grid by a score to maximise (e.g. validation accuracy); null scores (diverged or
 * failed trials) are skipped. Ties go to the smaller LR (the first in the grid).
 *
 * Refinement: with both neighbours scored, the parabola through (log10 lr, score) at i − 1, i, i + 1
 * has its vertex at x₁ − ½·[(x₁−x₀)²(y₁−y₂) − (x₁−x₂)²(y₁−y₀)] / [(x₁−x₀)(y₁−y₂) − (x₁−x₂)(y₁−y₀)];
 * it is kept only when the parabola opens downward and is clamped to the neighbours' midpoints
 * in log space, so a noisy score cannot move the estimate past half a grid step.
 * Returns null when no score is finite. Example: lrs [0.01, 0.1, 1], scores [0.8, 0.9, 0.8] → lr 0.1.
 */
export function bestLr(lrs: readonly number[], scores: ReadonlyArray<number | null>): BestLr | null {
  if (lrs.length !== scores.length) throw new Error(`bestLr: ${lrs.length} LRs but ${scores.length} scores`);
  let index = -1;
  scores.forEach((s, i) => {
    if (s !== null && Number.isFinite(s) && (index < 0 || s > (scores[index] as number))) index = i;
  });
  if (index < 0) return null;
  const value = scores[index] as number;
  const atEdge = index === 0 || index === lrs.length - 1;
  let lr = lrs[index];
  const y0 = scores[index - 1], y2 = scores[index + 1];
  if (!atEdge && y0 !== null && y2 !== null && Number.isFinite(y0) && Number.isFinite(y2)) {
    const [x0, x1, x2] = [lrs[index - 1], lrs[index], lrs[index + 1]].map(Math.log10);
    const y1 = value;
    const den = (x1 - x0) * (y1 - y2) - (x1 - x2) * (y1 - y0);
    // Concave through three points ⇔ the middle one lies above the chord: den > 0 here.
    if (den > 0) {
      const v = x1 - 0.5 * ((x1 - x0) ** 2 * (y1 - y2) - (x1 - x2) ** 2 * (y1 - y0)) / den;
      const lo = (x0 + x1) / 2, hi = (x1 + x2) / 2;
      lr = 10 ** Math.min(hi, Math.max(lo, v));
    }
  }
  return { index, gridLr: lrs[index], lr, atEdge, value };
}
