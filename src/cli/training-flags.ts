import { existsSync } from 'node:fs';
import { resolveSchedule } from '../core/schedules/resolve.js';
import { SpecError } from '../core/spec-error.js';
import type { DataSplit } from '../data/types.js';
import { loadData } from '../data/index.js';
import { BACKEND_CHOICES, BackendUnavailableError, initBackend, resolveBackend, type BackendChoice, type BackendName, type GpuAdapter } from '../engine/backend.js';
import { MODEL_KINDS, type ModelKind } from '../engine/models.js';
import { OPTIMIZER_NAMES, resolveOptions, type OptimizerName } from '../engine/optimizers/index.js';
import { buildTrial, type BuiltTrial } from '../trial/build.js';
import type { OptimizerSettings, ScheduleValue, TrialConfig } from '../trial/config.js';
import { choiceFlag, intFlag, numFlag, numListFlag, type OptionSpec } from './args.js';
import { UsageError } from './errors.js';
import { readJsonFlag } from './json-flag.js';
import { firstBatchSize, parseRunFlags, type RunSettings, type RUN_FLAGS } from './run-flags.js';

/** The flags every training command shares (`train`, `find`, `sweep`, `batch`), for `parseFlags`. */
export const TRAINING_FLAGS = {
  data: { type: 'string' },
  'train-size': { type: 'string' },
  'val-size': { type: 'string' },
  'label-column': { type: 'string' },
  model: { type: 'string' },
  hidden: { type: 'string' },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  schedule: { type: 'string' },
  'schedule-unit': { type: 'string' },
  momentum: { type: 'string' },
  'weight-decay': { type: 'string' },
  'batch-size': { type: 'string' },
  epochs: { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  normalize: { type: 'string' },
} as const satisfies OptionSpec;

/** The help text of the shared training flags, with their defaults. */
export const TRAINING_FLAGS_HELP = `Data and model:
  --data NAME|PATH        mnist | fashion-mnist | synthetic[:blobs|:spirals] | file.csv | IDX dir (default mnist)
  --train-size N          seeded subset of the training split (default: all)
  --val-size N            seeded subset of the validation split (default: all)
  --label-column NAME     CSV label column (default: the last)
  --model KIND|PATH       linear | mlp | cnn | path/to/model.json (a tfjs Layers model; default mlp)
  --hidden W[,W…]         mlp hidden widths (default 256)
Optimization:
  --optimizer NAME        ${OPTIMIZER_NAMES.join(' | ')} (default sgd)
  --lr X                  learning rate, constant
  --schedule SPEC|@FILE   learning-rate schedule as JSON (see \`lrlab schedule\`), instead of --lr
  --schedule-unit U       step | epoch: what the schedule counts (default: the spec's "unit", else
                          step); epoch is the same as "unit": "epoch" in the spec
  --momentum M            momentum / nesterov / rmsprop / lars / dadapt-sgd momentum, sgd momentum,
                          schedulefree-sgd interpolation β (optimizer defaults)
  --weight-decay L        L2 (decoupled for adamw and prodigy; at y for schedule-free) (optimizer default)
  --batch-size N          rows per step (default 128)
  --epochs E              passes over the training set (default 3)
  --seed S                seeds data subsets, batch order and initialisation (default 0)
  --backend B             wasm | cpu | webgpu | auto (default wasm); webgpu runs on the GPU (in Node it
                          needs the webgpu package); auto: webgpu when a GPU adapter is found, else wasm
  --normalize N           scalar: standardise inputs with the training set's mean and std | feature: one
                          mean and std per column | none (default feature for a .csv file, else scalar)`;

export type ModelChoice = { kind: ModelKind; hidden?: number[] } | { path: string };

/** Everything the shared flags describe, validated. */
export interface TrainingSpec {
  data: string;
  trainSize?: number;
  valSize?: number;
  labelColumn?: string;
  model: ModelChoice;
  /** Optimizer name and hyper-parameters; the learning rate is `schedule`'s. */
  optimizer: OptimizerSettings;
  /**
   * The learning rate: `--lr` (a number) or `--schedule` (the spec, with `--schedule-unit epoch`
   * folded in as `"unit": "epoch"`). Absent only where the command sets the LR itself.
   */
  schedule?: ScheduleValue;
  batchSize: number;
  /** `--batch-schedule` (train, sweep): the batch size by epoch; `batchSize` is its first. */
  batchSchedule?: RunSettings['batchSchedule'];
  /** `--plateau-*` (train, sweep): ReduceLROnPlateau on top of the schedule. */
  plateau?: RunSettings['plateau'];
  epochs: number;
  seed: number;
  backend: BackendChoice;
  normalize: 'scalar' | 'feature' | 'none';
}

export interface ParseTrainingOptions {
  /** `--lr`/`--schedule` may both be absent (the LR range test sets the LR itself). Default false. */
  lrOptional?: boolean;
  /** Defaults that differ per command (e.g. `find` uses fewer epochs). */
  defaults?: { batchSize?: number; epochs?: number; data?: string; model?: string };
}

type Values = { [K in keyof typeof TRAINING_FLAGS | keyof typeof RUN_FLAGS]?: string | boolean | undefined };

const OPTIMIZER_FLAG: Record<string, string> = {
  momentum: '--momentum', weightDecay: '--weight-decay', name: '--optimizer',
};

/**
 * Validate the shared training flags, and the run flags where the command has them (everything
 * is checked before any data loads, so a typo fails at once): UsageError naming the flag otherwise.
 */
export function parseTrainingFlags(values: Values, opts: ParseTrainingOptions = {}): TrainingSpec {
  const str = (k: keyof Values): string | undefined => {
    const v = values[k];
    return typeof v === 'string' ? v : undefined;
  };
  const d = opts.defaults ?? {};
  const data = str('data') ?? d.data ?? 'mnist';
  if (data.trim() === '') throw new UsageError('--data', 'must name a data set or a file');
  const trainSize = str('train-size') === undefined ? undefined : intFlag('train-size', str('train-size'));
  const valSize = str('val-size') === undefined ? undefined : intFlag('val-size', str('val-size'));

  const model = parseModel(str('model') ?? d.model ?? 'mlp', str('hidden'));
  const schedule = parseLearningRate(str('lr'), str('schedule'), str('schedule-unit'));
  if (schedule === undefined && !opts.lrOptional) throw new UsageError('--lr', 'is required (or give --schedule)');
  const optimizer = parseOptimizer(str('optimizer'), str('momentum'), str('weight-decay'));

  const run = parseRunFlags(values);
  let batchSize = intFlag('batch-size', str('batch-size'), { default: d.batchSize ?? 128 });
  if (run.batchSchedule) {
    if (str('batch-size') !== undefined) throw new UsageError('--batch-schedule', 'cannot be combined with --batch-size (the schedule sets the batch size)');
    batchSize = firstBatchSize(run.batchSchedule);
  }

  return {
    data,
    trainSize,
    valSize,
    labelColumn: str('label-column'),
    model,
    optimizer,
    ...(schedule !== undefined ? { schedule } : {}),
    batchSize,
    ...run,
    epochs: intFlag('epochs', str('epochs'), { default: d.epochs ?? 3 }),
    seed: intFlag('seed', str('seed'), { min: 0, default: 0 }),
    backend: choiceFlag('backend', str('backend'), BACKEND_CHOICES, 'wasm'),
    normalize: choiceFlag('normalize', str('normalize'), ['scalar', 'feature', 'none'] as const, data.toLowerCase().endsWith('.csv') ? 'feature' : 'scalar'),
  };
}

/**
 * The one learning rate of a run: `--lr X` (a number) or `--schedule SPEC` (parsed and validated
 * once); `--schedule-unit epoch` becomes the spec's `"unit": "epoch"`, its one meaning.
 */
function parseLearningRate(lrRaw: string | undefined, scheduleRaw: string | undefined, unitRaw: string | undefined): ScheduleValue | undefined {
  if (lrRaw !== undefined && scheduleRaw !== undefined) {
    throw new UsageError('--schedule', 'cannot be combined with --lr (the schedule sets the learning rate)');
  }
  const unit = unitRaw === undefined ? undefined : choiceFlag('schedule-unit', unitRaw, ['step', 'epoch'] as const);
  if (unit !== undefined && scheduleRaw === undefined) throw new UsageError('--schedule-unit', 'needs --schedule');
  if (lrRaw !== undefined) return numFlag('lr', lrRaw, { min: 0 });
  if (scheduleRaw === undefined) return undefined;
  return parseScheduleFlag(scheduleRaw, unit);
}

/**
 * `--schedule '{"type":…}'` or `--schedule @file.json`, parsed and validated (errors prefixed
 * `--schedule`); `unit` (from `--schedule-unit`) must agree with the spec's own `"unit"`.
 */
export function parseScheduleFlag(raw: string, unit?: 'step' | 'epoch'): Record<string, unknown> {
  const json = readJsonFlag('--schedule', raw);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new UsageError('--schedule', 'must be a JSON object');
  let spec = json as Record<string, unknown>;
  if (unit !== undefined && spec.unit !== undefined && spec.unit !== unit) {
    throw new UsageError('--schedule-unit', `is ${unit} but the spec says "unit": ${JSON.stringify(spec.unit)}`);
  }
  if (unit === 'epoch' && spec.unit === undefined) spec = { ...spec, unit: 'epoch' };
  try {
    resolveSchedule(spec);
  } catch (err) {
    if (err instanceof SpecError) throw new UsageError('--schedule', err.message);
    throw err;
  }
  return spec;
}

/** `--optimizer` with `--momentum` and `--weight-decay`, checked against that optimizer (UsageError naming the flag). */
export function parseOptimizer(nameRaw: string | undefined, momentumRaw: string | undefined, weightDecayRaw: string | undefined): OptimizerSettings {
  const optimizer: OptimizerSettings = { name: choiceFlag('optimizer', nameRaw, OPTIMIZER_NAMES, 'sgd') as OptimizerName };
  if (momentumRaw !== undefined) optimizer.momentum = numFlag('momentum', momentumRaw, { min: 0 });
  if (weightDecayRaw !== undefined) optimizer.weightDecay = numFlag('weight-decay', weightDecayRaw, { min: 0 });
  try {
    // The optimizer's own checks need some LR: 0 passes them, and the real one is the schedule's, checked above.
    resolveOptions({ ...optimizer, lr: 0 });
  } catch (err) {
    if (err instanceof SpecError && OPTIMIZER_FLAG[err.path]) throw new UsageError(OPTIMIZER_FLAG[err.path], err.rule);
    throw err;
  }
  return optimizer;
}

function parseModel(raw: string, hiddenRaw: string | undefined): ModelChoice {
  if ((MODEL_KINDS as readonly string[]).includes(raw)) {
    const kind = raw as ModelKind;
    if (hiddenRaw === undefined) return { kind };
    if (kind !== 'mlp') throw new UsageError('--hidden', `applies only to --model mlp, not ${kind}`);
    return { kind, hidden: numListFlag('hidden', hiddenRaw, { positive: true, integer: true }) };
  }
  if (hiddenRaw !== undefined) throw new UsageError('--hidden', 'applies only to --model mlp');
  if (!raw.endsWith('.json') && !existsSync(raw)) {
    throw new UsageError('--model', `must be ${MODEL_KINDS.join('|')} or a path to a model.json, got '${raw}'`);
  }
  return { path: raw.endsWith('.json') ? raw : `${raw.replace(/\/$/, '')}/model.json` };
}

/** Start the backend the spec names; returns the one in use (wasm falls back to cpu with a note). */
export async function setupBackend(spec: Pick<TrainingSpec, 'backend'>): Promise<BackendName> {
  return startBackendFlag(spec.backend);
}

/**
 * Start the `--backend` a command was given: a backend that cannot start here (webgpu with no
 * GPU adapter, or its package not installed) is a UsageError naming the flag — exit 2, before
 * anything is written. Returns the backend in use (`auto` resolved).
 */
export async function startBackendFlag(choice: BackendChoice): Promise<BackendName> {
  return asUsageError(() => initBackend(choice));
}

/**
 * For commands whose worker threads start the backend (sweep, grid, study, report): `auto`
 * decided and webgpu's adapter checked here, in the main thread, so a missing GPU is exit 2
 * before anything is written. Returns the backend for the workers and the adapter to record.
 */
export async function resolveBackendFlag(choice: BackendChoice): Promise<{ name: BackendName; adapter: GpuAdapter | null }> {
  return asUsageError(() => resolveBackend(choice));
}

async function asUsageError<T>(start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (e) {
    if (e instanceof BackendUnavailableError) throw new UsageError('--backend', e.message);
    throw e;
  }
}

/** Load the data the spec names (SpecError naming the flag on bad data). */
export async function loadTrainingData(spec: TrainingSpec): Promise<DataSplit> {
  return loadData({ data: spec.data, trainSize: spec.trainSize, valSize: spec.valSize, seed: spec.seed, labelColumn: spec.labelColumn });
}

/**
 * Data + model + Trainer for a command that trains in this process (`train`, `find`'s range
 * test, `batch`), through the one trial builder: the spec's optimizer, learning rate, batch size
 * (or batch-size schedule) and plateau, on data the command has loaded. `over` replaces the
 * spec's learning rate where it has none (the command sets the LR itself) and its seed (repeats).
 */
export function buildCommandTrial(spec: TrainingSpec, data: DataSplit, over: { schedule?: ScheduleValue; seed?: number } = {}): Promise<BuiltTrial> {
  const schedule = spec.schedule ?? over.schedule;
  if (schedule === undefined) throw new UsageError('--lr', 'is required (or give --schedule)');
  const config = trialConfigOf({ ...spec, schedule, seed: over.seed ?? spec.seed });
  return buildTrial(config, { data, trainer: { normalize: spec.normalize, config: trainingConfig(spec) } });
}

/** The spec as recorded in result JSON `config` (flags, not derived objects). */
export function trainingConfig(spec: TrainingSpec): Record<string, unknown> {
  const model = 'path' in spec.model ? spec.model.path : spec.model.kind;
  return {
    model,
    ...('kind' in spec.model && spec.model.kind === 'mlp' ? { hidden: spec.model.hidden ?? [256] } : {}),
    epochs: spec.epochs,
    ...(spec.labelColumn !== undefined ? { labelColumn: spec.labelColumn } : {}),
  };
}

/**
 * The validated flags as the plain-JSON trial config that sweep workers train (`sweep`,
 * `find --grid`): the same optimizer, schedule, batch sizes and plateau a `train` run gets.
 */
export function trialConfigOf(spec: TrainingSpec & { schedule: ScheduleValue }): TrialConfig {
  return {
    data: spec.data,
    ...(spec.trainSize !== undefined ? { trainSize: spec.trainSize } : {}),
    ...(spec.valSize !== undefined ? { valSize: spec.valSize } : {}),
    ...(spec.labelColumn !== undefined ? { labelColumn: spec.labelColumn } : {}),
    model: 'path' in spec.model ? spec.model.path : spec.model.kind,
    ...('kind' in spec.model && spec.model.hidden ? { hidden: spec.model.hidden } : {}),
    optimizer: { ...spec.optimizer },
    schedule: spec.schedule,
    batchSize: spec.batchSize,
    ...(spec.batchSchedule ? { batchSchedule: spec.batchSchedule } : {}),
    ...(spec.plateau ? { plateau: spec.plateau } : {}),
    epochs: spec.epochs,
    seed: spec.seed,
  };
}
