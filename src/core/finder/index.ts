/** The LR finder core: range test, suggestion rules, confidence, accuracy test, schedules, grid. */
export { finderOptionsSchema, parseFinderOptions, type FinderOptions, type FinderOptionsInput } from './options.js';
export { sweepLr, DebiasedEma, debiasedEma } from './sweep.js';
export { steepest, minimum, valley, slide, suggestAll, chooseSuggested, forOptimizer, ADAPTIVE_LR_FACTOR, ADAPTIVE_OPTIMIZERS, REFERENCE_BATCH, BATCH_CAP_DIVISOR, BATCH_RULE_OPTIMIZERS, batchRuleApplies, type BatchScaling, analysedRange, logSlopes, RULES, type RuleName, type SuggestedLr, type Suggestion, type SuggestOptions } from './suggestions.js';
export { curveVerdict, curveStats, agreement, VERDICT_THRESHOLDS, type Verdict, type RangeTestCurve, type StopReason, type CurveStats, type Agreement } from './verdict.js';
export { rangeTest, analyzeCurve, recordCurve, type RangeTestOptions, type RangeTestResult, type CurveAnalysis, type OnPoint } from './range-test.js';
export { rangeTestRepeated, type RepeatedOptions, type RepeatedRangeTestResult, type SpreadSuggestion } from './repeated.js';
export { accuracyRangeTest, accuracyTestOptionsSchema, type AccuracyTestOptions, type AccuracyTestResult } from './accuracy-test.js';
export { ONECYCLE_PEAK_FACTOR, DIVERGENCE_PEAK_WEIGHT, divergencePeak, type OneCyclePeak, recommendSchedule, type RecommendInput, type Recommendation, type WarmupCosineSpec } from './recommend.js';
export { gridSummary, gridLrs, type GridTrial, type GridSummary } from './grid.js';
export { geometricStd, geometricMean, median, noiseSigma } from '../stats.js';
/**
 * @deprecated The finder's own names for the schedule core's spec types; use `CyclicSpec` and
 * `OneCycleSpec` from the schedules.
 */
export type { CyclicSpec as ClrSpec, OneCycleSpec as RecommendedOneCycleSpec } from '../schedules/index.js';
export { suggestionInterval, type SuggestionInterval, type IntervalOptions } from './interval.js';
export {
  FINDER_CONFIDENCE, ONECYCLE_CONFIDENCE, SPREAD_MIN_RUNS, confidenceOf, finderConfidence, finderMethod,
  type FinderMethod, type TrainingProtocol, type VerdictConfidence,
} from './confidence.js';
