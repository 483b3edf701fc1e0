import { analysedRange, RULES, type RuleName, type SuggestOptions } from './suggestions.js';
import { median, noiseSigma, runningMedian } from '../stats.js';
import { TREND_HALF_WIDTH } from './interval.js';

export type StopReason = 'completed' | 'diverged' | 'nan';

/** A range-test curve: what the sweep recorded (only finite points). */
export interface RangeTestCurve {
  lrs: number[];
  /** Raw per-batch training losses. */
  losses: number[];
  /** Debiased EMA of `losses`. */
  smoothedLosses: number[];
  stopReason: StopReason;
  /** The LR at which the sweep stopped (the diverging or non-finite step); null when completed. */
  stopLr: number | null;
  /** Planned number of points of the sweep. */
  steps: number;
}

/** Whether a script can use the result: `usable`, `noisy` (use with care) or `unusable`. */
export interface Verdict {
  status: 'usable' | 'noisy' | 'unusable';
  reason: string;
}

/**
 * Thresholds of the verdict, exported so scripts and docs quote the same numbers.
 * - `minDrop` 0.1: the lowest loss must be at least 10% below the initial loss (median of the
 *   first 5 raw losses), or the loss "never fell meaningfully". The lowest loss is the lower of
 *   the smoothed curve's minimum and the minimum of a running median of 9 raw losses: the
 *   debiased EMA lags by ~29 points at β 0.98, and on a curve whose fall is followed quickly by
 *   the blow-up (the CNNs of `npm run bench:finder`: 8.5–9.4% by the EMA, with suggestions that
 *   trained to within 0.5 pp of the grid's best) it never reaches the bottom the batches did.
 * - `atOnceFraction` 0.1: stopping (divergence or NaN) within the first max(5, 10%) of the
 *   planned points is "diverged at once" — the sweep started too high.
 * - `maxRoughness` 0.3: per-batch loss noise σ (robust, from first differences over the
 *   analysed points) above 30% of the drop makes the curve "too noisy". Calibrated on a
 *   synthetic sigmoid drop (30 seeds): beyond it `steepest` scatters by factors > 10 while
 *   the median suggestion still holds (geometric std ≈ 1.3–1.5).
 * - `maxGsd` 2: over repeats, a suggested LR whose geometric standard deviation exceeds 2
 *   (runs typically disagree by more than a factor of 2) is "noisy".
 * - `agreeFactor` 4: the rules agree when each is within a factor of 4 of their median
 *   (Smith's base = max/3…max/4 spans the same factor).
 */
export const VERDICT_THRESHOLDS = {
  minDrop: 0.1,
  atOnceFraction: 0.1,
  maxRoughness: 0.3,
  maxGsd: 2,
  agreeFactor: 4,
} as const;

/** Measurements of one curve that the verdict is computed from. */
export interface CurveStats {
  /** Median of the first (up to) 5 raw losses. */
  initialLoss: number | null;
  /** Lowest loss: the lower of the smoothed curve's minimum and the running median's (±4 raw losses). */
  bestLoss: number | null;
  /** (initial − best) / |initial|; null when there are no points. */
  drop: number | null;
  /** Per-batch noise σ divided by (initial − best); null when it cannot be measured. */
  roughness: number | null;
}

/** Compute CurveStats (see VERDICT_THRESHOLDS for how they are used). */
export function curveStats(curve: RangeTestCurve, opts: SuggestOptions = {}): CurveStats {
  const n = curve.losses.length;
  if (n === 0) return { initialLoss: null, bestLoss: null, drop: null, roughness: null };
  const initialLoss = median(curve.losses.slice(0, 5));
  const bestLoss = Math.min(...curve.smoothedLosses, ...runningMedian(curve.losses, TREND_HALF_WIDTH));
  const fall = initialLoss - bestLoss;
  const drop = initialLoss === 0 ? 0 : fall / Math.abs(initialLoss);
  const range = analysedRange(n, opts);
  const sigma = range ? noiseSigma(curve.losses.slice(range[0], range[1] + 1)) : null;
  const roughness = sigma === null || !(fall > 0) ? null : sigma / fall;
  return { initialLoss, bestLoss, drop, roughness };
}

const fmt = (x: number): string => x.toPrecision(3);
const pct = (x: number): string => `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`;

/**
 * The verdict on one curve, checked in this order (the first that applies wins):
 * 1. no finite point → unusable ("every point was NaN/Inf");
 * 2. stopped within the first max(5, 10%) points → unusable ("diverged at once");
 * 3. drop < 10% → unusable ("the loss never fell meaningfully");
 * 4. no rule could suggest an LR → unusable;
 * 5. roughness > 0.3 → noisy;
 * otherwise usable. The reason always states the numbers that decided.
 */
export function curveVerdict(curve: RangeTestCurve, suggested: { lr: number } | null, opts: SuggestOptions = {}): Verdict {
  const n = curve.losses.length;
  const t = VERDICT_THRESHOLDS;
  if (n === 0) {
    return { status: 'unusable', reason: `every point was NaN/Inf: the loss was not finite even at the first lr ${fmt(curve.stopLr ?? NaN)}` };
  }
  const atOnce = Math.max(5, Math.ceil(t.atOnceFraction * curve.steps));
  if (curve.stopReason !== 'completed' && n < atOnce) {
    const how = curve.stopReason === 'nan' ? 'the loss became NaN/Inf' : 'the loss exploded';
    return { status: 'unusable', reason: `diverged at once: ${how} after ${n} of ${curve.steps} points (lr ${fmt(curve.stopLr ?? curve.lrs[n - 1])}); lower the start LR` };
  }
  const s = curveStats(curve, opts);
  const initial = s.initialLoss as number, best = s.bestLoss as number, drop = s.drop as number;
  if (!(drop >= t.minDrop)) {
    return { status: 'unusable', reason: `the loss never fell meaningfully: lowest ${fmt(best)} vs initial ${fmt(initial)} (${pct(Math.max(0, drop))} lower, needs ${pct(t.minDrop)}); raise the end LR or check the model and data` };
  }
  if (!suggested) return { status: 'unusable', reason: 'no rule found a falling stretch in the analysed points (too few points after trimming?)' };
  const ending = curve.stopReason === 'completed'
    ? `the sweep reached ${fmt(curve.lrs[n - 1])} without diverging`
    : `${curve.stopReason === 'nan' ? 'NaN/Inf' : 'diverged'} at lr ${fmt(curve.stopLr as number)}`;
  const fell = `loss fell ${pct(drop)} (${fmt(initial)} → ${fmt(best)}), ${ending}`;
  if (s.roughness !== null && s.roughness > t.maxRoughness) {
    return { status: 'noisy', reason: `the curve is too noisy: per-batch noise is ${pct(s.roughness)} of the drop (limit ${pct(t.maxRoughness)}); ${fell}; use repeats, a larger batch or more steps` };
  }
  const noise = s.roughness === null ? '' : `; noise ${pct(s.roughness)} of the drop`;
  return { status: 'usable', reason: `${fell}${noise}` };
}

/** Whether the rules point at the same LR: each within `agreeFactor` of their median. */
export interface Agreement {
  agree: boolean;
  /** Geometric median of the rules' LRs (middle value; geometric mean of the middle two). */
  medianLr: number | null;
  /** Largest ratio max(lr/median, median/lr) over the rules; null when no rule answered. */
  maxFactor: number | null;
  /** The factor the decision used (VERDICT_THRESHOLDS.agreeFactor). */
  factor: number;
}

/** Agreement of the rules that gave an answer (at least two are needed to agree). */
export function agreement(s: Partial<Record<RuleName, { lr: number } | null>>): Agreement {
  const lrs = RULES.flatMap((r) => (s[r] ? [s[r].lr] : [])).sort((a, b) => a - b);
  const factor = VERDICT_THRESHOLDS.agreeFactor;
  if (lrs.length === 0) return { agree: false, medianLr: null, maxFactor: null, factor };
  const m = Math.floor(lrs.length / 2);
  const medianLr = lrs.length % 2 ? lrs[m] : Math.sqrt(lrs[m - 1] * lrs[m]);
  const maxFactor = Math.max(...lrs.map((lr) => Math.max(lr / medianLr, medianLr / lr)));
  return { agree: lrs.length >= 2 && maxFactor <= factor, medianLr, maxFactor, factor };
}
