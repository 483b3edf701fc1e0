import * as tf from '@tensorflow/tfjs-core';
import {
  batchRuleApplies, finderConfidence, finderMethod, recommendSchedule, RULES,
  type AccuracyTestResult, type Agreement, type ClrSpec as CyclicSpec, type RecommendedOneCycleSpec as OneCycleSpec,
  type RangeTestResult, type RepeatedRangeTestResult, type RuleName, type StopReason, type SuggestedLr, type SuggestionInterval, type Verdict,
  type VerdictConfidence, type WarmupCosineSpec,
} from '../core/finder/index.js';
import { SpecError } from '../core/spec-error.js';
import { VERSION } from '../version.js';
import { activeAdapter } from './webgpu.js';

/** One rule's suggestion in the `find` result: its LR and, over repeats, the spread. */
export interface FindSuggestion {
  /** The rule's LR (over repeats: the geometric mean of the runs' LRs). */
  lr: number;
  /** Geometric standard deviation over the repeats; null for a single run. */
  gsd: number | null;
  /** Each run's LR for this rule (one entry for a single run). */
  lrs: number[];
}

/** Cyclical-LR bounds (Smith 2017), with how they were found. */
export interface ClrBounds {
  baseLr: number;
  maxLr: number;
  rule: string;
  /** A ready triangular2 `cyclic` spec (accuracy mode). */
  spec?: CyclicSpec;
}

/** One run of a repeated range test, as it appears in `runs`. */
export interface FindRun {
  lrs: number[];
  losses: number[];
  smoothedLosses: number[];
  stopReason: StopReason;
  stopLr: number | null;
  suggestions: Record<RuleName, { lr: number } | null>;
  suggested: SuggestedLr | null;
  verdict: Verdict;
}

/** The `find` result, shared by `lrlab find --json` and `lrFind`. */
export interface FindResult {
  config: Record<string, unknown>;
  /** The (first) run's curve: tested LRs, raw losses, debiased-EMA losses. */
  lrs: number[];
  losses: number[];
  smoothedLosses: number[];
  stopReason: StopReason;
  stopLr: number | null;
  suggestions: Record<RuleName, FindSuggestion | null>;
  suggested: (SuggestedLr & { gsd: number | null }) | null;
  agreement: Agreement;
  verdict: Verdict;
  /**
   * How often, on lrlab's finder benchmark (every run measured, seen and fresh held-out: core
   * FINDER_CONFIDENCE), a suggestion with this verdict and method, trained as a constant LR,
   * came within 0.5 pp of a 7-point grid's best accuracy: `probability` = (within + 1) /
   * (of + 2); `spread`, the lowest and highest rate among the fresh held-out sets, says how far
   * one family of new tasks has strayed from it. Null when the verdict is unusable, and with the
   * batch rule (not measured).
   */
  confidence: VerdictConfidence | null;
  /**
   * 80% bootstrap interval of the suggested LR (the batch noise of the curve resampled; over
   * repeats, of every usable run). Null without a usable suggestion.
   */
  interval: SuggestionInterval | null;
  /**
   * The same count for the recommended schedule — one-cycle peaking at ONECYCLE_PEAK_FACTOR × the
   * suggestion, against a grid of one-cycle peaks (core ONECYCLE_CONFIDENCE). Null without such a
   * schedule, for warmup-cosine or a peak from the accuracy test, and for `repeats`, `valLoss` or
   * the batch rule (not measured).
   */
  scheduleConfidence: VerdictConfidence | null;
  clr: ClrBounds | null;
  /** A complete schedule spec for the epoch budget, or null when no LR could be suggested. */
  recommendedSchedule: OneCycleSpec | WarmupCosineSpec | null;
  /** How `recommendedSchedule` was derived, or why there is none. */
  scheduleRule: string;
  /** Every run, when `repeats` > 1. */
  runs?: FindRun[];
  /** Smith's accuracy range test, in accuracy mode. */
  accuracy?: Omit<AccuracyTestResult, 'options' | 'clr'> & { clr: CyclicSpec | null };
}

export interface FindResultInput {
  /** Fields for `config` (data, model, optimizer, seed…); backend and version are added. */
  config: Record<string, unknown>;
  range: RepeatedRangeTestResult;
  /** Steps per epoch of the training the schedule is for; null when unknown (no schedule then). */
  stepsPerEpoch: number | null;
  /** Epoch budget of the recommended schedule. */
  epochsBudget: number;
  scheduleKind?: 'onecycle' | 'warmup-cosine';
  /** baseLr = maxLr / baseDiv (Smith: 3 or 4). Default 3. */
  baseDiv?: 3 | 4;
  accuracy?: AccuracyTestResult;
  /**
   * Whether the optimizer the schedules are for has a momentum (or Adam's beta1) to cycle.
   * False (tf.train.sgd, adagrad, adadelta…): the one-cycle and cyclic specs get
   * `"cycleMomentum": false`, so they run on that optimizer as given. Default true.
   */
  optimizerHasMomentum?: boolean;
}

const f3 = (x: number): string => x.toPrecision(3);

/**
 * Assemble the `find` result from a (repeated) range test and, in accuracy mode, Smith's
 * accuracy test.
 *
 * - One run: suggestions are that run's (gsd null). Repeats: geometric mean and spread per rule.
 * - `clr`: loss mode — maxLr = the suggested LR, baseLr = maxLr / baseDiv (Smith's rule: the
 *   base a third or a quarter of the maximum), null when the verdict is unusable; accuracy mode — the accuracy test's bounds
 *   (maxLr where validation accuracy stops rising) with its cyclic spec, or null if that test
 *   was unusable.
 * - `recommendedSchedule` (recommendSchedule): peaks at clr.maxLr in accuracy mode when usable,
 *   otherwise at the suggested LR — none when the range test is unusable (a script can trust
 *   that a schedule is only given for a usable or noisy curve); `scheduleRule` says which and why.
 */
export function findResult(input: FindResultInput): FindResult {
  const { range } = input;
  const baseDiv = input.baseDiv ?? 3;
  const cycling = input.optimizerHasMomentum ?? true;
  const first = range.runs[0];
  const single = range.runs.length === 1;
  const suggestions = Object.fromEntries(RULES.map((rule) => {
    if (single) {
      const s = first.suggestions[rule];
      return [rule, s ? { lr: s.lr, gsd: null, lrs: [s.lr] } : null];
    }
    const s = range.suggestions[rule];
    return [rule, s ? { lr: s.lr, gsd: s.gsd, lrs: s.lrs } : null];
  })) as Record<RuleName, FindSuggestion | null>;
  const suggested = single
    ? (first.suggested ? { ...first.suggested, gsd: null } : null)
    : range.suggested;

  let clr: ClrBounds | null = null;
  // An unusable curve's suggestion is shown but never turned into bounds or a schedule.
  const usable = range.verdict.status !== 'unusable';
  // The suggestion is scaled to a peak by the schedule's default factor; the accuracy test's
  // maxLr is a peak already (factor 1).
  let peak: { lr: number; why: string; factor?: 1 } | null = suggested && usable ? { lr: suggested.lr, why: `the suggested lr (${suggested.rule})` } : null;
  let accuracy: FindResult['accuracy'];
  if (input.accuracy) {
    const { options: _o, clr: spec, ...rest } = input.accuracy;
    accuracy = { ...rest, clr: spec };
    if (spec) {
      clr = { baseLr: spec.baseLr, maxLr: spec.maxLr, rule: `accuracy test: maxLr where validation accuracy stopped rising (${f3(spec.maxLr)}), baseLr = maxLr / ${input.accuracy.options.baseDiv}`, spec: cycling ? spec : { ...spec, cycleMomentum: false } };
      peak = { lr: spec.maxLr, why: "the accuracy test's maxLr", factor: 1 };
    } else if (peak) {
      peak = { lr: peak.lr, why: `${peak.why}; the accuracy test was unusable: ${input.accuracy.verdict.reason}` };
    }
  } else if (suggested && usable) {
    clr = { baseLr: suggested.lr / baseDiv, maxLr: suggested.lr, rule: `maxLr = the suggested lr (${suggested.rule}), baseLr = maxLr / ${baseDiv} (Smith 2017)` };
  }

  let recommendedSchedule: FindResult['recommendedSchedule'] = null;
  let scheduleRule: string;
  if (!peak) scheduleRule = usable ? 'none: no learning rate could be suggested' : `none: the range test is unusable (${range.verdict.reason})`;
  else if (input.stepsPerEpoch === null) scheduleRule = 'none: the steps per epoch are unknown (give stepsPerEpoch)';
  else {
    try {
      const rec = recommendSchedule({ lr: peak.lr, stepsPerEpoch: input.stepsPerEpoch, epochs: input.epochsBudget, kind: input.scheduleKind ?? 'onecycle', ...(peak.factor ? { peakFactor: peak.factor } : {}) });
      recommendedSchedule = !cycling && rec.spec.type === 'onecycle' ? { ...rec.spec, cycleMomentum: false } : rec.spec;
      scheduleRule = `${rec.rule}; peak = ${peak.why}${recommendedSchedule === rec.spec ? '' : '; no momentum cycling (the optimizer has no momentum)'}`;
    } catch (err) {
      if (!(err instanceof SpecError)) throw err;
      scheduleRule = `none: ${err.message}`;
    }
  }

  return {
    config: { ...input.config, ...range.options, backend: tf.getBackend(), adapter: activeAdapter(), version: VERSION },
    lrs: first.lrs,
    losses: first.losses,
    smoothedLosses: first.smoothedLosses,
    stopReason: first.stopReason,
    stopLr: first.stopLr,
    suggestions,
    suggested,
    agreement: single ? first.agreement : range.agreement,
    verdict: range.verdict,
    confidence: range.confidence,
    interval: suggested && usable ? range.interval : null,
    scheduleConfidence: recommendedSchedule?.type === 'onecycle' && !peak?.factor && usable && !batchRuleApplies(range.options)
      ? finderConfidence(finderMethod(range.options), range.verdict.status as 'usable' | 'noisy', 'onecycle')
      : null,
    clr,
    recommendedSchedule,
    scheduleRule,
    ...(single ? {} : { runs: range.runs.map(runSummary) }),
    ...(accuracy ? { accuracy: cycling || !accuracy.clr ? accuracy : { ...accuracy, clr: { ...accuracy.clr, cycleMomentum: false } } } : {}),
  };
}

function runSummary(r: RangeTestResult): FindRun {
  const suggestions = Object.fromEntries(RULES.map((rule) => [rule, r.suggestions[rule] ? { lr: r.suggestions[rule].lr } : null])) as FindRun['suggestions'];
  return { lrs: r.lrs, losses: r.losses, smoothedLosses: r.smoothedLosses, stopReason: r.stopReason, stopLr: r.stopLr, suggestions, suggested: r.suggested, verdict: r.verdict };
}
