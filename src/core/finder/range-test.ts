import { SpecError } from '../spec-error.js';
import type { StepTrainer } from '../trainer.js';
import { parseFinderOptions, type FinderOptions, type FinderOptionsInput } from './options.js';
import { batchRuleApplies, chooseSuggested, forOptimizer, suggestAll, type RuleName, type SuggestedLr, type Suggestion, type SuggestOptions } from './suggestions.js';
import { DebiasedEma, sweepLr } from './sweep.js';
import { agreement, curveStats, curveVerdict, type Agreement, type CurveStats, type RangeTestCurve, type Verdict } from './verdict.js';
import { confidenceOf, finderMethod, type VerdictConfidence } from './confidence.js';
import { suggestionInterval, type SuggestionInterval } from './interval.js';

/** Called after every recorded point of a sweep (progress bars, live plots); `repeat` is 0 for a single run. */
export type OnPoint = (i: number, lr: number, loss: number, smoothed: number, repeat: number) => void;

export interface RangeTestOptions extends FinderOptionsInput {
  onPoint?: OnPoint;
}

/** What the rules and the verdict say about a curve. */
export interface CurveAnalysis {
  suggestions: Record<RuleName, Suggestion | null>;
  /** The median of the rules (see chooseSuggested); null when no rule answered. */
  suggested: SuggestedLr | null;
  agreement: Agreement;
  verdict: Verdict;
  /**
   * How often, on lrlab's finder benchmark, a suggestion with this verdict trained to within
   * 0.5 pp of a grid search's best (see confidence.ts); null when the verdict is unusable.
   */
  confidence: VerdictConfidence | null;
  /** 80% bootstrap interval of the suggested LR under the curve's batch noise (interval.ts); null without a suggestion. */
  interval: SuggestionInterval | null;
  stats: CurveStats;
}

export interface RangeTestResult extends RangeTestCurve, CurveAnalysis {
  /** The options after defaults (the sweep's config). */
  options: FinderOptions;
}

/**
 * Suggestions, the chosen LR, agreement and verdict for any curve — the rules run on the
 * smoothed losses. Use it on a curve you recorded yourself.
 */
export function analyzeCurve(curve: RangeTestCurve, opts: SuggestOptions & { smooth?: number; valLoss?: boolean; adaptive?: boolean; batchSize?: number } = {}): CurveAnalysis {
  const suggestions = suggestAll(curve.lrs, curve.smoothedLosses, opts);
  const suggested = forOptimizer(chooseSuggested(suggestions), opts.adaptive === true, { batchSize: opts.batchSize, divergedAt: curve.stopLr });
  const verdict = curveVerdict(curve, suggested, opts);
  const trims = { ...(opts.trimStart !== undefined ? { trimStart: opts.trimStart } : {}), ...(opts.trimEnd !== undefined ? { trimEnd: opts.trimEnd } : {}) };
  return {
    suggestions,
    suggested,
    agreement: agreement(suggestions),
    verdict,
    confidence: batchRuleApplies(opts) ? null : confidenceOf(verdict, finderMethod({ valLoss: opts.valLoss })),
    interval: suggested && verdict.status !== 'unusable' ? suggestionInterval([curve], { ...trims, smooth: opts.smooth ?? 0.98, center: suggested.lr }) : null,
    stats: curveStats(curve, opts),
  };
}

/**
 * The LR range test (Smith 2017; fastai's LRFinder): train one batch per point while the LR
 * sweeps from `startLr` to `endLr`, record the loss, and stop early when it blows up.
 *
 * - Point i (0 … steps−1) trains with lr_i = s·(e/s)^(i/(N−1)) (exp) or s + (e−s)·i/(N−1)
 *   (linear): both ends are tested exactly (see sweepLr).
 * - smoothed_i = debiased EMA (β = `smooth`) of the raw losses. With `valLoss`, the loss of
 *   point i is the trainer's `heldOutLoss()` after step i (the same held-out rows every time),
 *   not the loss of the batch the step trained on.
 * - Stops with `diverged` once smoothed_i > `diverge` × min_{j<=i} smoothed_j (that point is
 *   recorded), or with `nan` when a loss is NaN/±Inf (that point is not recorded: JSON has no
 *   NaN; its LR is `stopLr`).
 * - The trainer is snapshotted before the first step and restored afterwards — always, also
 *   when a step throws — and the snapshot disposed: weights, optimizer state, RNG and data
 *   position end exactly as they began. The LR set by the sweep is not part of a snapshot, so
 *   set your LR again before training.
 *
 * Defaults: startLr 1e-7, endLr 10, steps 100, mode exp, smooth 0.98, diverge 4.
 * @example const r = await rangeTest(trainer, { endLr: 1 }); r.suggested?.lr
 * Paper: L. N. Smith, "Cyclical Learning Rates for Training Neural Networks", WACV 2017.
 */
export async function rangeTest(trainer: StepTrainer, opts: RangeTestOptions = {}): Promise<RangeTestResult> {
  const { onPoint, ...rest } = opts;
  const options = parseFinderOptions(rest);
  const curve = await recordCurve(trainer, options, onPoint);
  return { ...curve, ...analyzeCurve(curve, options), options };
}

/** The sweep alone (see rangeTest): the recorded curve, trainer restored, no analysis. */
export async function recordCurve(trainer: StepTrainer, o: FinderOptions, onPoint?: OnPoint, repeat = 0): Promise<RangeTestCurve> {
  const curve: RangeTestCurve = { lrs: [], losses: [], smoothedLosses: [], stopReason: 'completed', stopLr: null, steps: o.steps };
  const heldOut = o.valLoss ? trainer.heldOutLoss?.bind(trainer) : undefined;
  if (o.valLoss && !heldOut) throw new SpecError('valLoss', 'needs a trainer with a held-out batch (heldOutLoss); give validation data');
  const snapshot = await trainer.snapshot();
  try {
    const ema = new DebiasedEma(o.smooth);
    let best = Infinity;
    for (let i = 0; i < o.steps; i++) {
      const lr = sweepLr(i, o);
      trainer.setLearningRate(lr);
      const trained = await trainer.trainBatch();
      // A step that already produced NaN is not evaluated: the weights are gone.
      const loss = heldOut && Number.isFinite(trained) ? await heldOut() : trained;
      const smoothed = Number.isFinite(loss) ? ema.push(loss) : NaN;
      if (!Number.isFinite(smoothed)) {
        curve.stopReason = 'nan';
        curve.stopLr = lr;
        break;
      }
      curve.lrs.push(lr);
      curve.losses.push(loss);
      curve.smoothedLosses.push(smoothed);
      onPoint?.(i, lr, loss, smoothed, repeat);
      if (smoothed > o.diverge * best) {
        curve.stopReason = 'diverged';
        curve.stopLr = lr;
        break;
      }
      best = Math.min(best, smoothed);
    }
  } finally {
    try {
      await trainer.restore(snapshot);
    } finally {
      trainer.disposeSnapshot?.(snapshot);
    }
  }
  return curve;
}
