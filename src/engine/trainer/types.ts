import type * as tfl from '@tensorflow/tfjs-layers';
import type { PlateauOptions, PlateauState } from '../../core/plateau.js';
import type { ScheduleLike } from '../../core/schedules/resolve.js';
import type { BatchOrder } from '../../data/batch-order.js';
import type { DataSplit } from '../../data/types.js';
import type { OptimizerOptions } from '../optimizers/index.js';
import type { TrainingSnapshot } from '../snapshot.js';
import type { DivergenceState } from './divergence.js';

/** Optimizer name and hyper-parameters, without the learning rate (the Trainer's schedule owns it). */
export type OptimizerSettings = Omit<OptimizerOptions, 'lr'>;

/**
 * The learning rate: a constant (a number), a schedule spec (core/schedules JSON; `"unit": "epoch"`
 * makes it count epochs), a function of the step or a built `{lr, momentum}`.
 */
export type ScheduleInput = ScheduleLike;

export interface TrainerOptions {
  /** A Layers model whose output is logits (lrlab's models) or softmax probabilities (detected from the last layer). */
  model: tfl.LayersModel;
  /** Optimizer name and hyper-parameters; the learning rate is `schedule`. */
  optimizer: OptimizerSettings;
  data: DataSplit;
  /** Rows per step (the last batch of an epoch may be smaller). */
  batchSize: number;
  /** Seeds the batch order and the trainer's own sampling (gradient-norm batches). */
  seed: number;
  /**
   * The learning rate, built once: the optimizer starts at its value for step 0 and follows it
   * step by step (epoch by epoch for a spec with `"unit": "epoch"`).
   */
  schedule: ScheduleInput;
  /** Batch size of epoch e (0-based); overrides `batchSize` where given. */
  batchSchedule?: (epoch: number) => number;
  /**
   * Stop as diverged when the smoothed loss exceeds this × the reference loss; always on a NaN/±Inf
   * loss. Smoothed: debiased EMA of the step losses, `s_k = 0.9·s_{k−1} + 0.1·l_k`, `ŝ_k = s_k/(1 − 0.9^k)`
   * (one noisy small batch must not end a run). Reference: max(first step's loss, ln C) for C
   * classes (a lucky first batch must not either). Default 10; Infinity keeps only the NaN/Inf stop.
   */
  divergeFactor?: number;
  /** Reduce the LR on a plateau of the validation metric, checked once per epoch (see core/plateau.ts). */
  plateau?: PlateauOptions & { monitor?: 'valLoss' | 'valAccuracy' };
  /** Steps between readbacks of the per-step losses (divergence check, progress). Default 25. */
  checkEvery?: number;
  /** Rows per forward pass when evaluating. Default 1000. */
  evalBatchSize?: number;
  /**
   * Input standardisation applied to train and validation rows when they are uploaded:
   * `scalar` (default) `x' = (x − μ)/σ` with one μ, σ over all training features (as PyTorch's
   * MNIST `Normalize((0.1307,), (0.3081,))`; it makes SGD markedly faster on [0, 1] pixels);
   * `feature`: one μ, σ per feature (column) of the training rows, for tabular data whose
   * columns have unrelated scales (the CLI's default for CSV files); `none` leaves rows as they are.
   */
  normalize?: 'scalar' | 'feature' | 'none';
  /** Extra fields for the result's `config` (model kind, CLI flags…). */
  config?: Record<string, unknown>;
}

/** One epoch's row of the `train` result. */
export interface EpochRow {
  /** Epochs completed, 1-based. */
  epoch: number;
  /** Learning rate of the epoch's last step. */
  lr: number;
  /**
   * The step size d the optimizer adapted, at the end of the epoch: only for the learning-rate-free
   * optimizers (prodigy, dadapt-sgd, dadapt-adam), whose effective step is d·lr.
   */
  d?: number;
  /** Sample-weighted mean of the epoch's per-step losses (weights changing during the epoch, as Keras reports it). */
  trainLoss: number;
  trainAccuracy: number;
  valLoss: number;
  valAccuracy: number;
  /** Training time of the epoch (evaluation excluded), seconds. */
  seconds: number;
  /** Training samples per second over the epoch. */
  samplesPerSecond: number;
  /** Evaluation time, seconds. */
  evalSeconds: number;
  batchSize: number;
  steps: number;
}

export interface TrainResult {
  config: Record<string, unknown>;
  epochs: EpochRow[];
  /** The last completed epoch's row (null if none completed). */
  final: EpochRow | null;
  diverged: boolean;
  /** Global step (0-based) whose loss was NaN/Inf or whose smoothed loss passed divergeFactor × the reference (see TrainerOptions). */
  divergedAtStep: number | null;
  /** True when stopped by the abort signal. */
  aborted: boolean;
  /** Optimizer steps taken by this trainer so far. */
  steps: number;
}

export interface StepInfo {
  epoch: number;
  /** Step within the epoch, 1-based (steps done). */
  step: number;
  stepsInEpoch: number;
  globalStep: number;
  /** The most recent loss read back (every `checkEvery` steps), or null before the first readback. */
  loss: number | null;
  samplesPerSecond: number;
}

export interface RunOptions {
  /** Epochs to train in this call. */
  epochs: number;
  onEpoch?: (row: EpochRow) => void | Promise<void>;
  onStep?: (info: StepInfo) => void;
  signal?: AbortSignal;
}

export interface TrainerSnapshot {
  training: TrainingSnapshot;
  order: ReturnType<BatchOrder['state']>;
  rng: [number, number, number, number];
  globalStep: number;
  epochsDone: number;
  lr: number;
  momentum: number | null;
  lrScale: number;
  divergence: DivergenceState;
  plateau: PlateauState | null;
}
