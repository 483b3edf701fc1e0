import type { CosineSpec, LinearSpec, OneCycleSpec, SequenceSpec } from '../schedules/index.js';
import { requireNumber, SpecError } from '../spec-error.js';

/** Linear warmup followed by cosine decay: a two-part `sequence` spec. */
export interface WarmupCosineSpec extends SequenceSpec {
  parts: [{ schedule: LinearSpec; steps: number }, { schedule: CosineSpec }];
}

export interface RecommendInput {
  /** The suggested LR from the range test. */
  lr: number;
  stepsPerEpoch: number;
  /** The training budget in epochs. */
  epochs: number;
  /** Default 'onecycle'. */
  kind?: 'onecycle' | 'warmup-cosine';
  /** Peak LR = peakFactor × lr. Default ONECYCLE_PEAK_FACTOR (3) for `onecycle`, 1 for `warmup-cosine`. */
  peakFactor?: number;
}

export interface Recommendation {
  spec: OneCycleSpec | WarmupCosineSpec;
  /** How the spec was derived, in words, with the numbers. */
  rule: string;
}

/**
 * One-cycle's default peak, as a multiple of the suggested LR. The suggestion aims at the best
 * constant LR; one-cycle anneals to almost zero, which removes most of the noise a high LR adds,
 * and its best peak is higher. On the one-cycle grids of `npm run bench:finder -- --schedule
 * onecycle` (the 34 seen runs), the best peak was a median 4.5× the suggestion (with Adam/AdamW's
 * factor applied). Chosen among 1, 1.5, 2, 3, 4, 5, 7 by the most of those runs within 0.5 pp of
 * the grid's best, estimated by quadratic interpolation of the grid (3: 30 of 34; 1: 13), and
 * checked by training them and the fresh held-out tasks (README "How sure is the suggestion?").
 * It is also Smith's advice for one-cycle (Smith & Topin 2019): a peak near the largest LR at
 * which the range test's loss still falls, well above its steepest point.
 */
export const ONECYCLE_PEAK_FACTOR = 3;

/**
 * The divergence-distance peak's weight: the peak sits this far, in log LR, from the suggestion
 * towards the LR at which the range test stopped (diverged or NaN).
 */
export const DIVERGENCE_PEAK_WEIGHT = 0.25;

/** A one-cycle peak and how it was derived. */
export interface OneCyclePeak {
  peak: number;
  /** The multiple of the suggestion the peak is (peak / lr). */
  factor: number;
  rule: string;
}

/**
 * The divergence-distance one-cycle peak: P = lr · (stopLr / lr)^DIVERGENCE_PEAK_WEIGHT when the
 * range test stopped at `stopLr` (it diverged or went NaN), otherwise ONECYCLE_PEAK_FACTOR × lr
 * (the sweep reached its end, so no distance is known). The further above the suggestion the
 * loss blows up, the more headroom the schedule's peak has: at the median distance of the
 * benchmark's runs (stopLr ≈ 180 × lr) this is 180^0.25 ≈ 3.7 × lr; at 40 × lr, 2.5 ×; at
 * 1500 × lr, 6.2 ×.
 *
 * Chosen on the 105 usable one-cycle runs of bench/results/ (`npm run bench:finder-headroom`):
 * among weights 0.05 … 0.5, the most runs within 0.5 pp of the grid's best as estimated by
 * quadratic interpolation of the grid (89 against 82 for 3 × lr); leaving each of the five result
 * sets out in turn, the other four chose 0.25 every time. The check fixed before the fifth fresh
 * set ran (bench/finder.ts's header) asked for at least 2 more of its usable runs within 0.5 pp
 * than 3 × lr, trained: it got 24 of 44 against 23, and both diverged once. So recommendSchedule
 * keeps ONECYCLE_PEAK_FACTOR; this stays for experiments, e.g.
 * `recommendSchedule({ lr, stepsPerEpoch, epochs, peakFactor: divergencePeak(lr, stopLr).factor })`.
 *
 * @example divergencePeak(0.01, 2.56).peak // → 0.01 × 256^0.25 = 0.04
 */
export function divergencePeak(lr: number, stopLr: number | null): OneCyclePeak {
  requireNumber('lr', lr, 'must be a positive number', (v) => v > 0);
  if (stopLr !== null) requireNumber('stopLr', stopLr, 'must be a positive number or null', (v) => v > 0);
  const f = (x: number): string => x.toPrecision(3);
  if (stopLr === null) {
    return { peak: ONECYCLE_PEAK_FACTOR * lr, factor: ONECYCLE_PEAK_FACTOR, rule: `${ONECYCLE_PEAK_FACTOR} × the suggested lr ${f(lr)} (the range test did not diverge)` };
  }
  const factor = (stopLr / lr) ** DIVERGENCE_PEAK_WEIGHT;
  return { peak: factor * lr, factor, rule: `the suggested lr ${f(lr)} × (divergence lr ${f(stopLr)} / ${f(lr)})^${DIVERGENCE_PEAK_WEIGHT} = ${f(factor * lr)}` };
}

/**
 * A complete schedule for an epoch budget from a range-test suggestion. N = epochs ·
 * stepsPerEpoch steps; the peak is P = peakFactor · lr (default: ONECYCLE_PEAK_FACTOR for
 * one-cycle; 1 for warmup-cosine, which the benchmark has not measured).
 *
 * - `onecycle` (default, Smith & Topin 2019): {maxLr: P, totalSteps: N, pctStart 0.3, cos,
 *   divFactor 25, finalDivFactor 1e4} — starts at P/25, peaks at step 0.3·N, ends at P/2.5e5.
 * - `warmup-cosine` (Goyal et al. 2017 warmup, then SGDR's cosine without restarts):
 *   linear warmup from 0.01·P to P over W = max(1, round(0.05·N)) steps, then cosine from P
 *   to 0 over the remaining N − W steps.
 *
 * @example recommendSchedule({ lr: 0.05, stepsPerEpoch: 469, epochs: 5 }).spec
 *          // → { type: 'onecycle', maxLr: 0.15 (= 3 × 0.05), totalSteps: 2345, pctStart: 0.3, … }
 */
export function recommendSchedule(input: RecommendInput): Recommendation {
  const lr = requireNumber('lr', input.lr, 'must be a positive number', (v) => v > 0);
  const spe = requireNumber('stepsPerEpoch', input.stepsPerEpoch, 'must be an integer >= 1', (v) => Number.isInteger(v) && v >= 1);
  const epochs = requireNumber('epochs', input.epochs, 'must be an integer >= 1', (v) => Number.isInteger(v) && v >= 1);
  const kind = input.kind ?? 'onecycle';
  if (kind !== 'onecycle' && kind !== 'warmup-cosine') throw new SpecError('kind', "must be 'onecycle' or 'warmup-cosine'");
  const k = requireNumber('peakFactor', input.peakFactor ?? (kind === 'onecycle' ? ONECYCLE_PEAK_FACTOR : 1), 'must be a positive number', (v) => v > 0);
  const n = spe * epochs;
  if (n < 10) throw new SpecError('epochs', `must give at least 10 steps (epochs × stepsPerEpoch = ${n})`);
  const peak = k * lr;
  const f = (x: number): string => x.toPrecision(3);
  const peakText = k === 1 ? `the suggested lr ${f(lr)}` : `${k} × the suggested lr ${f(lr)} = ${f(peak)}`;
  if (kind === 'onecycle') {
    return {
      spec: { type: 'onecycle', maxLr: peak, totalSteps: n, pctStart: 0.3, annealStrategy: 'cos', divFactor: 25, finalDivFactor: 1e4 },
      rule: `one-cycle over ${epochs} epochs (${n} steps) peaking at ${peakText}: up from ${f(peak / 25)} for 30% of the steps, then cosine down to ${f(peak / 25 / 1e4)}`,
    };
  }
  const w = Math.max(1, Math.round(0.05 * n));
  return {
    spec: {
      type: 'sequence',
      parts: [
        { schedule: { type: 'linear', lr: peak, startFactor: 0.01, endFactor: 1, totalIters: w }, steps: w },
        { schedule: { type: 'cosine', lr: peak, tMax: n - w, etaMin: 0 } },
      ],
    },
    rule: `linear warmup from ${f(peak * 0.01)} to ${peakText} over the first 5% of ${n} steps (${w}), then cosine decay to 0 over the remaining ${n - w}`,
  };
}
