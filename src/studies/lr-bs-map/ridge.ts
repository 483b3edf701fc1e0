import { bestLr, type BestLr } from '../shared/best-lr.js';
import { fitPowerLaw, type LineFit } from '../../core/stats.js';

/** Best LR per batch size over an LR × batch grid, and the log–log slope of that ridge. */
export interface Ridge {
  rows: Array<{ batchSize: number } & BestLr>;
  /** Batch sizes where no LR gave a result (all diverged or failed). */
  missing: number[];
  /** Power-law fit best LR ∝ B^slope, on the interior points when there are ≥ 3, else on all. */
  fit: LineFit | null;
  /** Whether the fit left out batch sizes whose best LR sits at the grid's edge. */
  fitOnInterior: boolean;
  /** Slope between neighbouring batch sizes, log(lr₂/lr₁)/log(B₂/B₁): where the ridge bends. */
  localSlopes: Array<{ from: number; to: number; slope: number }>;
  /**
   * When the ridge rises and then flattens: the fit over the rising part only (from the smallest
   * batch while every local slope is ≥ RISING), if that part has ≥ 3 points and is not all of them.
   */
  rising: { upTo: number; fit: LineFit } | null;
}

/** A local slope below this counts as flat (the ridge has bent over). */
export const RISING = 0.25;

/**
 * The ridge of an accuracy map: for each batch size the best LR (refined in log space, see
 * `bestLr`), then log10(best LR) = c + slope·log10(B) by least squares. Slope 1 is the linear
 * scaling rule (Goyal et al. 2017), 0.5 the square-root rule (Krizhevsky 2014, Hoffer et al. 2017).
 * A best LR at the edge of the grid only bounds the optimum, so those points are dropped from the
 * fit when at least three interior ones remain.
 *
 * `scores[b][l]` is the score (e.g. mean validation accuracy) of batchSizes[b] at lrs[l], or null.
 */
export function ridge(batchSizes: readonly number[], lrs: readonly number[], scores: ReadonlyArray<ReadonlyArray<number | null>>): Ridge {
  const rows: Ridge['rows'] = [];
  const missing: number[] = [];
  batchSizes.forEach((b, i) => {
    const best = bestLr(lrs, scores[i]);
    if (best) rows.push({ batchSize: b, ...best });
    else missing.push(b);
  });
  const interior = rows.filter((r) => !r.atEdge);
  const fitOnInterior = interior.length >= 3 && interior.length < rows.length;
  const used = fitOnInterior ? interior : rows;
  const distinct = new Set(used.map((r) => r.batchSize)).size;
  const fit = distinct >= 2 ? fitPowerLaw(used.map((r) => r.batchSize), used.map((r) => r.lr)) : null;
  const localSlopes = rows.slice(1).map((x, i) => ({
    from: rows[i].batchSize, to: x.batchSize, slope: Math.log(x.lr / rows[i].lr) / Math.log(x.batchSize / rows[i].batchSize),
  }));
  let n = 1;
  while (n < rows.length && localSlopes[n - 1].slope >= RISING) n++;
  const rising = n >= 3 && n < rows.length
    ? { upTo: rows[n - 1].batchSize, fit: fitPowerLaw(rows.slice(0, n).map((x) => x.batchSize), rows.slice(0, n).map((x) => x.lr)) }
    : null;
  return { rows, missing, fit, fitOnInterior, localSlopes, rising };
}
