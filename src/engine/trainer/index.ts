/** The engine's training loop. Browser-safe: the lab's Web Worker imports this folder directly. */
export { Trainer } from './trainer.js';
export type {
  TrainerOptions, TrainResult, EpochRow, StepInfo, RunOptions, TrainerSnapshot, ScheduleInput, OptimizerSettings,
} from './types.js';
export type { DivergenceState } from './divergence.js';
