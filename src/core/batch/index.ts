/** Batch-size core: gradient noise scale, critical batch, LR scaling, batch-size schedules. */
export { gradSqNormEstimate, traceSigmaEstimate, noiseCoefficients, checkBatchPair } from './two-batch.js';
export { summarizeNoiseScale, type NoiseScaleEstimate, type NoiseScaleStatus } from './noise-scale-summary.js';
export {
  NoiseScaleEstimator, createNoiseScaleEstimator, type NoiseScaleEstimatorOptions, type NoiseScaleEma,
} from './noise-scale-estimator.js';
export {
  measureNoiseScale, gradientNormSource, type GradientNormSource, type MeasureNoiseScaleOptions, type NoiseScaleMeasurement,
} from './measure-noise-scale.js';
export {
  noiseScaleCurve, windowedCurveInput, type NoiseScaleCurve, type NoiseScaleCurveInput, type NoiseScaleCurvePoint,
} from './noise-scale-curve.js';
export { syntheticGradients, type SyntheticGradients } from './synthetic-gradients.js';
export {
  fitCriticalBatch, predictSteps, compareCriticalBatch,
  type CriticalBatchPoint, type CriticalBatchFit, type CriticalBatchFitOptions, type CriticalBatchBoundary, type CriticalBatchComparison,
} from './critical-batch.js';
export { planScaling, type PlanScalingOptions, type ScalingPlan } from './scaling-planner.js';
export {
  batchSchedule, parseBatchScheduleSpec, batchScheduleSpecSchema, constantBatchSpecSchema, multiStepBatchSpecSchema,
  type BatchSchedule, type BatchScheduleSpec, type ConstantBatchSpec, type MultiStepBatchSpec,
} from './batch-schedule.js';
export {
  decayToBatchGrowth, type DecayToBatchGrowthOptions, type BatchGrowthPlan, type ConversionRow,
} from './decay-to-batch-growth.js';
export { recommendBatchSize, type RecommendBatchOptions, type BatchRecommendation } from './recommend-batch.js';
export { normalQuantile } from './normal-quantile.js';
export { studentTQuantile } from './student-t-quantile.js';
