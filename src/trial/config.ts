/**
 * One training run as plain JSON: what a study, a sweep worker and `lrlab train` hand to
 * `buildTrial`. The learning rate has one home, `schedule` — a constant (a number) or a schedule
 * spec (core/schedules JSON); the optimizer settings carry no lr.
 */
import * as z from 'zod';
import type { PlateauOptions } from '../core/plateau.js';
import { parseWith } from '../core/finder/options.js';
import { OPTIMIZER_NAMES } from '../engine/optimizers/index.js';
import type { OptimizerSettings, TrainResult } from '../engine/trainer/index.js';

/** Optimizer name and hyper-parameters, without the learning rate (the schedule owns it). */
export type { OptimizerSettings };

/** A constant learning rate, or a schedule spec (plain JSON, validated by core's fromSpec). */
export type ScheduleValue = number | Record<string, unknown>;

/** Reduce the LR when the validation metric stalls (checked once per epoch). */
export type TrialPlateau = PlateauOptions & { monitor?: 'valLoss' | 'valAccuracy' };

export interface TrialConfig {
  /** `mnist` | `fashion-mnist` | `synthetic[:blobs|:spirals]` | a CSV/IDX path. */
  data: string;
  trainSize?: number;
  valSize?: number;
  /** CSV only: the label column (default: the last). */
  labelColumn?: string;
  /** `linear` | `mlp` | `cnn` | path to a model.json (or its folder). */
  model: string;
  hidden?: number[];
  /** Optimizer settings, no lr. */
  optimizer: OptimizerSettings;
  /** The learning rate: a number (constant) or a schedule spec; `"unit": "epoch"` inside the spec counts epochs. */
  schedule: ScheduleValue;
  batchSize: number;
  /** A batch-size schedule spec (core/batch) followed between epochs. */
  batchSchedule?: unknown;
  epochs: number;
  seed: number;
  /** Seed of the data subsets (trainSize/valSize, synthetic data); default `seed`. Fix it to vary only the initialisation and batch order. */
  dataSeed?: number;
  /**
   * Stop after this many optimizer steps (a budget for tiny batches). `result.epochs` keeps the
   * completed epochs only; `stepLosses` and `evals` cover every step.
   */
  maxSteps?: number;
  divergeFactor?: number;
  /** Reduce the LR on a plateau of the validation loss (or accuracy with `monitor: 'valAccuracy'`). */
  plateau?: TrialPlateau;
  /** Record every step's training loss (read back every step; costs a little speed). */
  recordStepLosses?: boolean;
  /** Evaluate on the validation set every N optimizer steps, recording elapsed training seconds. */
  evalEverySteps?: number;
  /**
   * After the last epoch, evaluate the final weights on the whole training set (`trainEval` in the
   * outcome). The per-epoch `trainAccuracy` is a running average over the epoch's batches, taken
   * while the weights still move, so it lags the model the run ends with.
   */
  evaluateTrain?: boolean;
}

export interface TrialSpec {
  /** Unique within the study, stable across runs (used by `--resume`). */
  id: string;
  config: TrialConfig;
}

/** TrainResult as JSON: config, epochs[], final, diverged, divergedAtStep, aborted, steps. */
export type TrialResultJson = Pick<TrainResult, 'config' | 'epochs' | 'final' | 'diverged' | 'divergedAtStep' | 'aborted' | 'steps'>;

/** What a trial produced. */
export interface TrialOutcome {
  id: string;
  config: TrialConfig;
  /** `pruned`: stopped early by ASHA (sweep `--prune asha`); `asha` says where. */
  status: 'ok' | 'diverged' | 'error' | 'pruned';
  /** The train result JSON (typed); null on error. */
  result: TrialResultJson | null;
  error?: string;
  stepLosses?: number[];
  /** Evaluations every `evalEverySteps`: step, training seconds so far, samples seen, val loss and accuracy, latest train loss. */
  evals?: { step: number; seconds: number; samples: number; valLoss: number; valAccuracy: number; trainLoss: number }[];
  /** Loss and accuracy of the final weights on the whole training set (`evaluateTrain`; not for diverged runs). */
  trainEval?: { loss: number; accuracy: number };
  seconds: number;
  /** ASHA sweeps only: the rung (0-based) the trial stopped at and the epochs it trained. */
  asha?: { rung: number; epochs: number };
}

const intAtLeast = (min: number) => {
  const rule = `must be an integer >= ${min}`;
  return z.number({ error: rule }).int({ error: rule }).min(min, { error: rule });
};
const nonEmpty = () => z.string({ error: 'must be a non-empty string' }).min(1, { error: 'must be a non-empty string' });
// zod 4's z.number() refuses Infinity and NaN.
const finite = () => z.number({ error: 'must be a finite number' });

/** Names and hyper-parameters only; their ranges are checked by createOptimizer, which knows which apply. */
const optimizerSettingsSchema = z.strictObject({
  name: z.enum(OPTIMIZER_NAMES as [OptimizerSettings['name'], ...OptimizerSettings['name'][]], { error: `must be one of ${OPTIMIZER_NAMES.join('|')}` }),
  momentum: finite().optional(),
  weightDecay: finite().optional(),
  beta1: finite().optional(),
  beta2: finite().optional(),
  epsilon: finite().optional(),
  rho: finite().optional(),
  trustCoefficient: finite().optional(),
}, { error: 'must be {name, …hyper-parameters} (the learning rate is `schedule`)' });

/** Field types only; ReduceLROnPlateau checks the values. */
const plateauSchema = z.strictObject({
  mode: z.enum(['min', 'max'], { error: 'must be min or max' }).optional(),
  factor: finite().optional(),
  patience: finite().optional(),
  threshold: finite().optional(),
  thresholdMode: z.enum(['rel', 'abs'], { error: 'must be rel or abs' }).optional(),
  cooldown: finite().optional(),
  minLr: finite().optional(),
  eps: finite().optional(),
  monitor: z.enum(['valLoss', 'valAccuracy'], { error: 'must be valLoss or valAccuracy' }).optional(),
}, { error: 'must be an object of plateau options' });

const scheduleRule = 'must be a finite number >= 0 (a constant learning rate) or a schedule spec object';

/**
 * A TrialConfig's shape. The schedule spec and the batch schedule are checked where they are
 * built (fromSpec and core/batch name the inner field); the rest is checked here, so a bad
 * field fails before any data is loaded.
 */
export const trialConfigSchema = z.strictObject({
  data: nonEmpty(),
  trainSize: intAtLeast(1).optional(),
  valSize: intAtLeast(0).optional(),
  labelColumn: nonEmpty().optional(),
  model: nonEmpty(),
  hidden: z.array(intAtLeast(1), { error: 'must be a list of positive integers' }).optional(),
  optimizer: optimizerSettingsSchema,
  schedule: z.union([
    z.number({ error: scheduleRule }).min(0, { error: scheduleRule }),
    z.record(z.string(), z.unknown(), { error: scheduleRule }),
  ], { error: scheduleRule }),
  batchSize: intAtLeast(1),
  batchSchedule: z.unknown().optional(),
  epochs: intAtLeast(0),
  seed: z.number({ error: 'must be an integer' }).int({ error: 'must be an integer' }),
  dataSeed: z.number({ error: 'must be an integer' }).int({ error: 'must be an integer' }).optional(),
  maxSteps: intAtLeast(1).optional(),
  // Not z.number(): it refuses Infinity, which turns the check off. The Trainer checks the value.
  divergeFactor: z.custom<number>((v) => typeof v === 'number', { error: 'must be a number > 1 (Infinity turns the check off)' }).optional(),
  plateau: plateauSchema.optional(),
  recordStepLosses: z.boolean({ error: 'must be true or false' }).optional(),
  evalEverySteps: intAtLeast(1).optional(),
  evaluateTrain: z.boolean({ error: 'must be true or false' }).optional(),
}, { error: 'must be an object' });

// The schema and the interface describe the same object: a drift in either fails to compile.
type SchemaOutput = z.output<typeof trialConfigSchema>;
const _sameShape: [SchemaOutput extends TrialConfig ? true : false, TrialConfig extends SchemaOutput ? true : false] = [true, true];
void _sameShape;

/**
 * Check a trial config; throws a SpecError naming the field (`config.optimizer.lr: unknown field`,
 * `config.epochs: must be an integer >= 0`). Returns the config as given.
 */
export function parseTrialConfig(input: unknown): TrialConfig {
  return parseWith(z.object({ config: trialConfigSchema }), { config: input }).config;
}
