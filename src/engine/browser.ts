/**
 * The part of lrlab's TensorFlow.js engine that runs anywhere (browsers, workers, any bundler; no
 * `node:*`): backend, models, optimizers, the trainer and tfjs callbacks. `index.ts` adds model
 * files on disk.
 */
export { initBackend, setFastKernels, fastKernelsEnabled, backendInfo, type BackendName, type BackendInfo, type InitBackendOptions } from './backend.js';
export { createModel, compileForward, MODEL_KINDS, type ModelKind, type ModelOptions, type ForwardFn } from './models.js';
export { softmaxCrossEntropy, correctCount, type OutputKind } from './losses.js';
export { createOptimizer, setLearningRate, getLearningRate, setMomentum, getMomentum, OPTIMIZER_NAMES, type OptimizerName, type OptimizerOptions } from './optimizers/index.js';
export { snapshotTraining, restoreTraining, disposeSnapshot, type TrainingSnapshot } from './snapshot.js';
export {
  Trainer, type TrainerOptions, type TrainResult, type EpochRow, type StepInfo, type RunOptions, type TrainerSnapshot, type ScheduleInput,
  type OptimizerSettings,
} from './trainer/index.js';
export { lrScheduler, LrScheduler, type LrSchedulerOptions } from './lr-scheduler.js';
export { reduceLROnPlateau, PlateauCallback, type PlateauCallbackOptions } from './plateau-callback.js';
export { resolveSchedule, type ScheduleLike, type ResolvedSchedule } from '../core/schedules/resolve.js';
export { lrFind, lrFindDataset, type LrFindOptions, type BatchDataset } from './lr-find.js';
export { findResult, type FindResult, type FindSuggestion, type ClrBounds, type FindRun, type FindResultInput } from './find-result.js';
export {
  defaultBatchPair, measureTrainerNoiseScale, noiseScaleDuringTraining, trainToStep,
  type NoiseScaleTrainingCurve, type NoiseScaleTrainingPoint, type NoiseScaleTrainingOptions,
} from './noise-scale.js';
