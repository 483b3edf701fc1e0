import { createRng, type Rng } from '../random.js';
import { runningMedian } from '../stats.js';
import { SpecError } from '../spec-error.js';
import { analysedRange, chooseSuggested, suggestAll, type SuggestOptions } from './suggestions.js';
import { debiasedEma } from './sweep.js';

/** How far the suggested LR could move under the noise of the curve(s) it came from. */
export interface SuggestionInterval {
  /** Lower and upper end, centred (in log space) on the suggestion: lo = center / √factor, hi = center · √factor. */
  lo: number;
  hi: number;
  /** The suggestion the interval is centred on. */
  center: number;
  /** Central probability the interval covers (default 0.8). */
  level: number;
  /** hi / lo: how many-fold the interval spans (the resamples' (1+level)/2 over their (1−level)/2 quantile). */
  factor: number;
  /** Resamples drawn, and how many of them gave a suggestion (the quantiles are of those). */
  resamples: number;
  answered: number;
}

export interface IntervalOptions extends SuggestOptions {
  /** β of the debiased EMA the rules run on (the range test's `smooth`). */
  smooth: number;
  /** Resamples in all, split evenly over the curves. Default 200. */
  resamples?: number;
  /** Central coverage of the interval. Default 0.8. */
  level?: number;
  /** Seed of the resampling. Default 0: the same curves give the same interval. */
  seed?: number;
  /** The suggestion to centre the interval on (the range test's); default the resamples' median. */
  center?: number;
}

/** Half-width of the running median that separates a curve's trend from its batch-to-batch noise (as the verdict's). */
export const TREND_HALF_WIDTH = 4;
/** Length of the blocks of residuals resampled together (keeps short-range correlation). */
const BLOCK = 5;

/** Moving-block bootstrap: `n` values made of blocks of BLOCK consecutive `pool` values at random starts. */
function resampleResiduals(pool: readonly number[], n: number, rng: Rng): number[] {
  const block = Math.min(BLOCK, pool.length);
  const out: number[] = [];
  while (out.length < n) {
    const start = rng.int(pool.length - block + 1);
    for (let j = 0; j < block && out.length < n; j++) out.push(pool[start + j]);
  }
  return out;
}

/** The p-quantile (0 ≤ p ≤ 1) of sorted values, by linear interpolation in log space. */
function logQuantile(sorted: readonly number[], p: number): number {
  const pos = p * (sorted.length - 1);
  const a = Math.floor(pos), b = Math.ceil(pos);
  return Math.exp(Math.log(sorted[a]) + (pos - a) * (Math.log(sorted[b]) - Math.log(sorted[a])));
}

/**
 * A bootstrap interval for the suggested LR of one or more range-test curves (repeats).
 *
 * Each curve's raw losses x_i are split into a trend t_i (running median over ±4 points) and
 * residuals r_i = x_i − t_i, the batch-to-batch noise. A resample keeps the trend and draws the
 * residuals again in blocks of 5 consecutive points (a moving-block bootstrap: neighbouring
 * batches' noise is correlated through the weights), x*_i = t_i + r*_i. The blocks come from the
 * points the rules analyse only (analysedRange): the blow-up that ends a sweep is not noise, and
 * its residuals moved into the flat part would swamp it. The resample is smoothed
 * with the same debiased EMA, the four rules run on it and their median (chooseSuggested) is its
 * suggestion. With repeats, the resamples are split evenly over the curves and pooled, so the
 * interval carries the spread between runs (initialisation, batch order) as well as the noise
 * within each. The spread is the ratio f of the pooled suggestions' (1+level)/2 and (1−level)/2
 * quantiles; the interval is that many-fold wide and centred on the suggestion in log space,
 * [center/√f, center·√f] — the normal-approximation bootstrap interval on log LR with a robust
 * scale. (The plain percentile interval need not contain the suggestion itself: the resamples
 * keep the running-median trend, which is smoother than the curve the suggestion came from.)
 *
 * What it says: how far the answer could have moved had the batches' noise come out
 * differently. It is not an interval for the best LR of a full training run; how often the
 * suggestion lands near that one is what the verdict's confidence states (see confidence.ts).
 * Null when fewer than half of the resamples gave a suggestion (the curve cannot support one).
 *
 * @example suggestionInterval([{ lrs, losses }], { smooth: 0.98 }) // → { lo: 0.021, hi: 0.047, level: 0.8, … }
 */
export function suggestionInterval(
  curves: readonly { lrs: readonly number[]; losses: readonly number[] }[],
  opts: IntervalOptions,
): SuggestionInterval | null {
  const resamples = opts.resamples ?? 200;
  const level = opts.level ?? 0.8;
  if (!Number.isInteger(resamples) || resamples < 10) throw new SpecError('resamples', 'must be an integer >= 10');
  if (!(level > 0 && level < 1)) throw new SpecError('level', 'must be in (0, 1)');
  if (!(opts.smooth >= 0 && opts.smooth < 1)) throw new SpecError('smooth', 'must be in [0, 1)');
  const usable = curves.filter((c) => c.losses.length >= 2 * TREND_HALF_WIDTH + 1);
  if (usable.length === 0) return null;
  const rng = createRng(opts.seed ?? 0);
  const rules: SuggestOptions = { ...(opts.trimStart !== undefined ? { trimStart: opts.trimStart } : {}), ...(opts.trimEnd !== undefined ? { trimEnd: opts.trimEnd } : {}) };
  const found: number[] = [];
  usable.forEach((curve, k) => {
    const n = curve.losses.length;
    const range = analysedRange(n, rules);
    const trend = runningMedian(curve.losses, TREND_HALF_WIDTH);
    const residuals = curve.losses.map((x, i) => x - trend[i]);
    const pool = range ? residuals.slice(range[0], range[1] + 1) : residuals;
    const share = Math.floor(resamples / usable.length) + (k < resamples % usable.length ? 1 : 0);
    for (let b = 0; b < share; b++) {
      const r = resampleResiduals(pool, n, rng);
      const smoothed = debiasedEma(trend.map((t, i) => t + r[i]), opts.smooth);
      const s = chooseSuggested(suggestAll(curve.lrs, smoothed, rules));
      if (s) found.push(s.lr);
    }
  });
  if (found.length < resamples / 2) return null;
  found.sort((a, b) => a - b);
  const factor = logQuantile(found, (1 + level) / 2) / logQuantile(found, (1 - level) / 2);
  const center = opts.center ?? logQuantile(found, 0.5);
  if (!(center > 0) || !Number.isFinite(center)) throw new SpecError('center', 'must be a positive number');
  const half = Math.sqrt(factor);
  return { lo: center / half, hi: center * half, center, level, factor, resamples, answered: found.length };
}
