import { sig } from '../shared/format.js';
import type { VerdictStatus } from '../study.js';
import type { Ridge } from './ridge.js';

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
  const ci = Number.isFinite(lo) ? ` (95% interval ${sig(lo)} to ${sig(hi)}, r² ${sig(fit.r2)}, ${fit.n} points)` : ` (${fit.n} points, no interval)`;
  const has = (v: number) => Number.isFinite(lo) ? inInterval(fit.slopeCi95, v) : Math.abs(s - v) < 0.1;
  const edges = r.rows.filter((x) => x.atEdge).map((x) => x.batchSize);
  const edgeNote = edges.length === 0 ? '' : ` At batch ${edges.join(', ')} the best LR is at the edge of the grid, so it only bounds the optimum${r.fitOnInterior ? ' and is left out of the fit' : ''}.`;
  const ladder = r.rows.map((x) => `${x.batchSize}: ${sig(x.lr)}`).join(', ');
  const local = r.localSlopes.map((x) => `${x.from}→${x.to}: ${sig(x.slope)}`).join(', ');
  const head = `Best LR by batch size (${ladder}) grows as B^${sig(s)}${ci}; local slopes ${local}.`;
  let status: VerdictStatus;
  let tail: string;
  if (r.rising) {
    const f = r.rising.fit;
    const rci = Number.isFinite(f.slopeCi95[0]) ? ` (95% interval ${sig(f.slopeCi95[0])} to ${sig(f.slopeCi95[1])})` : '';
    status = 'nuanced';
    const [rlo, rhi] = f.slopeCi95;
    const inside = [1, 0.5].filter((v) => inInterval([rlo, rhi], v));
    const which = Number.isFinite(rlo) && inside.length === 0 ? ' (the interval excludes both rules)'
      : Number.isFinite(rlo) && inside.length === 1 ? ` (the interval contains ${inside[0]})` : '';
    tail = ` The ridge rises up to batch ${r.rising.upTo} as B^${sig(f.slope)}${rci}, nearer the ${nearerRule(f.slope)} rule${which}, ` +
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
