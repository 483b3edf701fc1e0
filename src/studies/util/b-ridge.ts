import type { VerdictStatus } from '../study.js';
import { bestLr, type BestLr } from './b-best-lr.js';
import { num } from './b-format.js';
import { fitPowerLaw, type LineFit } from './b-stats.js';

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

/**
 * Verdict on "the best LR grows in proportion to the batch size" from a ridge fit:
 * - fewer than 3 batch sizes with a best LR → inconclusive;
 * - the ridge rises (local slopes ≥ RISING from the smallest batch, ≥ 3 points) and then goes
 *   flat → nuanced: a scaling rule up to that batch size, none beyond (the slope of the rising
 *   part is reported, with the rule it is nearer to);
 * - the slope's 95% interval contains 0 and one of the rules → inconclusive (not determined);
 * - the slope's 95% interval contains 1 → confirmed (and says whether it also contains 0.5);
 * - else it contains 0.5 → nuanced (the square-root rule fits, the linear one does not);
 * - else slope < 0.25 → refuted (the best LR barely moves with the batch size);
 * - else nuanced, naming the nearer rule.
 * Best LRs at the grid edge are named, as they only bound the optimum.
 */
export function ridgeVerdict(r: Ridge): { status: VerdictStatus; text: string } {
  const fit = r.fit;
  if (!fit || r.rows.length < 3) {
    return { status: 'inconclusive', text: `Only ${r.rows.length} batch size(s) had a usable best LR; a slope needs at least 3.` };
  }
  const [lo, hi] = fit.slopeCi95;
  const s = fit.slope;
  const ci = Number.isFinite(lo) ? ` (95% interval ${num(lo)} to ${num(hi)}, r² ${num(fit.r2)}, ${fit.n} points)` : ` (${fit.n} points, no interval)`;
  const has = (v: number) => Number.isFinite(lo) ? inInterval(fit.slopeCi95, v) : Math.abs(s - v) < 0.1;
  const edges = r.rows.filter((x) => x.atEdge).map((x) => x.batchSize);
  const edgeNote = edges.length === 0 ? '' : ` At batch ${edges.join(', ')} the best LR is at the edge of the grid, so it only bounds the optimum${r.fitOnInterior ? ' and is left out of the fit' : ''}.`;
  const ladder = r.rows.map((x) => `${x.batchSize}: ${num(x.lr)}`).join(', ');
  const local = r.localSlopes.map((x) => `${x.from}→${x.to}: ${num(x.slope)}`).join(', ');
  const head = `Best LR by batch size (${ladder}) grows as B^${num(s)}${ci}; local slopes ${local}.`;
  let status: VerdictStatus;
  let tail: string;
  if (r.rising) {
    const f = r.rising.fit;
    const rci = Number.isFinite(f.slopeCi95[0]) ? ` (95% interval ${num(f.slopeCi95[0])} to ${num(f.slopeCi95[1])})` : '';
    status = 'nuanced';
    const [rlo, rhi] = f.slopeCi95;
    const inside = [1, 0.5].filter((v) => inInterval([rlo, rhi], v));
    const which = Number.isFinite(rlo) && inside.length === 0 ? ' (the interval excludes both rules)'
      : Number.isFinite(rlo) && inside.length === 1 ? ` (the interval contains ${inside[0]})` : '';
    tail = ` The ridge rises up to batch ${r.rising.upTo} as B^${num(f.slope)}${rci}, nearer the ${nearerRule(f.slope)} rule${which}, ` +
      'and is flat beyond it: no scaling rule holds past that batch size.';
  } else if (has(0) && (has(0.5) || has(1))) {
    status = 'inconclusive';
    tail = ` The interval contains 0 as well as ${has(1) ? 'both rules' : 'the square-root rule'}: these points do not determine the slope.`;
  } else if (has(1)) {
    status = 'confirmed';
    tail = has(0.5) ? ' Both the linear (1) and the square-root (0.5) rule are within the interval: the data do not separate them.'
      : ' The linear rule (slope 1) fits; the square-root rule (0.5) is outside the interval.';
  } else if (has(0.5)) {
    status = 'nuanced';
    tail = ' The square-root rule (0.5) fits; the linear rule (1) is outside the interval.';
  } else if (s < 0.25) {
    status = 'refuted';
    tail = ' The best LR barely moves with the batch size: neither rule describes it.';
  } else {
    status = 'nuanced';
    tail = ` Neither rule is within the interval; the slope is nearer the ${nearerRule(s)} rule.`;
  }
  return { status, text: head + tail + edgeNote };
}

/** Whether v lies in [lo, hi]; the small margin keeps an exact fit (zero-width interval) from missing its own slope by round-off. */
function inInterval([lo, hi]: readonly number[], v: number): boolean {
  return lo - 1e-9 <= v && v <= hi + 1e-9;
}

/** The scaling rule a slope is nearer to, in words. */
function nearerRule(slope: number): string {
  return Math.abs(slope - 1) < Math.abs(slope - 0.5) ? 'linear (1)' : 'square-root (0.5)';
}
