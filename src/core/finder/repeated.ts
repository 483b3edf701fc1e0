import type { StepTrainer } from '../trainer.js';
import { parseFinderOptions, type FinderOptions } from './options.js';
import { analyzeCurve, recordCurve, type RangeTestOptions, type RangeTestResult } from './range-test.js';
import { geometricMean, geometricStd } from '../stats.js';
import { batchRuleApplies, chooseSuggested, forOptimizer, RULES, type RuleName, type SuggestedLr } from './suggestions.js';
import { agreement, VERDICT_THRESHOLDS, type Agreement, type Verdict } from './verdict.js';
import { confidenceOf, finderMethod, type VerdictConfidence } from './confidence.js';
import { suggestionInterval, type SuggestionInterval } from './interval.js';

/** One rule's suggestion over the repeats. */
export interface SpreadSuggestion {
  /** Geometric mean of the runs' suggestions. */
  lr: number;
  /** Geometric standard deviation over the runs (1 = identical; null with one run). */
  gsd: number | null;
  /** Each run's suggestion, in run order (runs where the rule gave none are left out). */
  lrs: number[];
}

export interface RepeatedRangeTestResult {
  options: FinderOptions;
  /** Every run, each with its own suggestions and verdict. */
  runs: RangeTestResult[];
  /** Per rule, over the runs that were not unusable; null when no such run had an answer. */
  suggestions: Record<RuleName, SpreadSuggestion | null>;
  /**
   * The median (chooseSuggested) of the combined suggestions; `gsd` is the geometric std of the
   * runs' own suggested LRs (each run's median of its rules).
   */
  suggested: (SuggestedLr & { gsd: number | null }) | null;
  agreement: Agreement;
  verdict: Verdict;
  /** The verdict's stated confidence (see confidence.ts); null when unusable. */
  confidence: VerdictConfidence | null;
  /**
   * 80% bootstrap interval of the suggested LR, resampled over every run that was not unusable
   * (interval.ts): with repeats it spans the spread between runs as well as each curve's noise.
   */
  interval: SuggestionInterval | null;
}

export interface RepeatedOptions extends RangeTestOptions {
  /** Called when a run finishes. */
  onRepeat?: (repeat: number, result: RangeTestResult) => void;
}

/**
 * The range test `repeats` times, each on a fresh trainer from `makeTrainer(repeat)` (give it
 * another seed and batch order per repeat), run one after the other; every trainer is restored.
 *
 * Each rule's suggestion is combined as the geometric mean over the runs that were not
 * `unusable`, with its geometric standard deviation as the spread. The verdict:
 * - more than half of the runs unusable → unusable (the first such run's reason);
 * - some runs unusable → noisy;
 * - the suggested LR's geometric std > VERDICT_THRESHOLDS.maxGsd (2) → noisy;
 * - otherwise usable (a curve that was noisy on its own but whose suggestion is stable over
 *   the repeats is usable: the spread was measured directly).
 * With one repeat the result is that run's own analysis.
 *
 * @example await rangeTestRepeated((r) => makeTrainer({ seed: 1 + r }), { repeats: 3 })
 */
export async function rangeTestRepeated(
  makeTrainer: (repeat: number) => StepTrainer | Promise<StepTrainer>,
  opts: RepeatedOptions = {},
): Promise<RepeatedRangeTestResult> {
  const { onPoint, onRepeat, ...rest } = opts;
  const options = parseFinderOptions(rest);
  const runs: RangeTestResult[] = [];
  for (let r = 0; r < options.repeats; r++) {
    const trainer = await makeTrainer(r);
    const curve = await recordCurve(trainer, options, onPoint, r);
    const run: RangeTestResult = { ...curve, ...analyzeCurve(curve, options), options };
    runs.push(run);
    onRepeat?.(r, run);
  }
  const good = runs.filter((run) => run.verdict.status !== 'unusable');
  const suggestions = Object.fromEntries(
    RULES.map((rule) => {
      const lrs = good.flatMap((run) => (run.suggestions[rule] ? [run.suggestions[rule].lr] : []));
      return [rule, lrs.length ? { lr: geometricMean(lrs), gsd: geometricStd(lrs), lrs } : null];
    }),
  ) as Record<RuleName, SpreadSuggestion | null>;
  // The batch rule's cap uses the lowest LR at which a usable run stopped (the most cautious).
  const stops = good.flatMap((run) => (run.stopLr !== null ? [run.stopLr] : []));
  const chosen = forOptimizer(chooseSuggested(suggestions), options.adaptive, { batchSize: options.batchSize, divergedAt: stops.length ? Math.min(...stops) : null });
  const perRun = good.flatMap((run) => (run.suggested ? [run.suggested.lr] : []));
  const suggested = chosen ? { ...chosen, gsd: geometricStd(perRun) } : null;
  if (runs.length === 1) {
    const only = runs[0];
    return { options, runs, suggestions, suggested, agreement: agreement(suggestions), verdict: only.verdict, confidence: only.confidence, interval: only.interval };
  }
  const verdict = repeatedVerdict(runs, suggested);
  const interval = suggested && verdict.status !== 'unusable'
    ? suggestionInterval(good, { smooth: options.smooth, center: suggested.lr, ...(options.trimStart !== undefined ? { trimStart: options.trimStart } : {}), trimEnd: options.trimEnd })
    : null;
  return { options, runs, suggestions, suggested, agreement: agreement(suggestions), verdict, confidence: batchRuleApplies(options) ? null : confidenceOf(verdict, finderMethod(options)), interval };
}

function repeatedVerdict(runs: RangeTestResult[], suggested: { lr: number; rule: string; gsd: number | null } | null): Verdict {
  if (runs.length === 1) return runs[0].verdict;
  const k = runs.length;
  const bad = runs.map((run, i) => ({ run, i })).filter(({ run }) => run.verdict.status === 'unusable');
  if (bad.length > k / 2 || !suggested) {
    return { status: 'unusable', reason: `${bad.length} of ${k} runs unusable; run ${bad[0].i + 1}: ${bad[0].run.verdict.reason}` };
  }
  if (bad.length > 0) {
    return { status: 'noisy', reason: `${bad.length} of ${k} runs unusable; run ${bad[0].i + 1}: ${bad[0].run.verdict.reason}` };
  }
  const spread = `suggested lr ${suggested.lr.toPrecision(3)} (${suggested.rule}) varies by a geometric std of ${(suggested.gsd ?? 1).toFixed(2)} over ${k} runs`;
  if ((suggested.gsd ?? 1) > VERDICT_THRESHOLDS.maxGsd) {
    return { status: 'noisy', reason: `${spread} (limit ${VERDICT_THRESHOLDS.maxGsd}); use more repeats, a larger batch or more steps` };
  }
  const noisy = runs.filter((run) => run.verdict.status === 'noisy').length;
  const note = noisy ? `; ${noisy} of ${k} curves noisy on their own` : '';
  return { status: 'usable', reason: `${spread}${note}` };
}
