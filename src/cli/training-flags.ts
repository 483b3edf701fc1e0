import { existsSync, readFileSync } from 'node:fs';
import type * as tfl from '@tensorflow/tfjs-layers';
import { fromSpec } from '../core/schedules/index.js';
import { SpecError } from '../core/spec-error.js';
import type { DataSplit } from '../data/types.js';
import { loadData } from '../data/index.js';
import { initBackend, type BackendName } from '../engine/backend.js';
import { loadModelFromDisk } from '../engine/model-io.js';
import { createModel, MODEL_KINDS, type ModelKind } from '../engine/models.js';
import { OPTIMIZER_NAMES, resolveOptions, type OptimizerName, type OptimizerOptions } from '../engine/optimizers/index.js';
import { choiceFlag, intFlag, numFlag, numListFlag, type OptionSpec } from './args.js';
import { UsageError } from './errors.js';

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
  --schedule-unit U       step | epoch: what the schedule counts (default step)
  --momentum M            momentum / nesterov / rmsprop / lars momentum, sgd momentum (optimizer defaults)
  --weight-decay L        L2 (decoupled for adamw) (optimizer default)
  --batch-size N          rows per step (default 128)
  --epochs E              passes over the training set (default 3)
  --seed S                seeds data subsets, batch order and initialisation (default 0)
  --backend B             wasm | cpu (default wasm)
  --normalize N           scalar: standardise inputs with the training set's mean and std | none (default scalar)`;

export type ModelChoice = { kind: ModelKind; hidden?: number[] } | { path: string };

/** Everything the shared flags describe, validated. */
export interface TrainingSpec {
  data: string;
  trainSize?: number;
  valSize?: number;
  labelColumn?: string;
  model: ModelChoice;
  /** Optimizer options; `lr` is the constant LR, or the schedule's value at step 0. */
  optimizer: OptimizerOptions;
  /** The constant learning rate, when `--lr` was given. */
  lr?: number;
  /** The schedule spec (parsed JSON, validated), when `--schedule` was given. */
  schedule?: Record<string, unknown>;
  scheduleUnit: 'step' | 'epoch';
  batchSize: number;
  epochs: number;
  seed: number;
  backend: BackendName;
  normalize: 'scalar' | 'none';
}

export interface ParseTrainingOptions {
  /** `--lr`/`--schedule` may both be absent (the LR range test sets the LR itself). Default false. */
  lrOptional?: boolean;
  /** Defaults that differ per command (e.g. `find` uses fewer epochs). */
  defaults?: { batchSize?: number; epochs?: number; data?: string; model?: string };
}

type Values = { [K in keyof typeof TRAINING_FLAGS]?: string | boolean | undefined };

const OPTIMIZER_FLAG: Record<string, string> = {
  momentum: '--momentum', weightDecay: '--weight-decay', lr: '--lr', name: '--optimizer',
};

/**
 * Validate the shared training flags (everything is checked before any data loads, so a typo
 * fails at once): UsageError/SpecError naming the flag otherwise.
 */
export function parseTrainingFlags(values: Values, opts: ParseTrainingOptions = {}): TrainingSpec {
  const str = (k: keyof typeof TRAINING_FLAGS): string | undefined => {
    const v = values[k];
    return typeof v === 'string' ? v : undefined;
  };
  const d = opts.defaults ?? {};
  const data = str('data') ?? d.data ?? 'mnist';
  if (data.trim() === '') throw new UsageError('--data', 'must name a data set or a file');
  const trainSize = str('train-size') === undefined ? undefined : intFlag('train-size', str('train-size'));
  const valSize = str('val-size') === undefined ? undefined : intFlag('val-size', str('val-size'));

  const model = parseModel(str('model') ?? d.model ?? 'mlp', str('hidden'));
  const name = choiceFlag('optimizer', str('optimizer'), OPTIMIZER_NAMES, 'sgd') as OptimizerName;

  if (str('lr') !== undefined && str('schedule') !== undefined) {
    throw new UsageError('--schedule', 'cannot be combined with --lr (the schedule sets the learning rate)');
  }
  const lr = str('lr') === undefined ? undefined : numFlag('lr', str('lr'), { min: 0 });
  const schedule = str('schedule') === undefined ? undefined : parseScheduleFlag(str('schedule') as string);
  if (lr === undefined && schedule === undefined && !opts.lrOptional) {
    throw new UsageError('--lr', 'is required (or give --schedule)');
  }
  const scheduleUnit = choiceFlag('schedule-unit', str('schedule-unit'), ['step', 'epoch'] as const, 'step');
  if (str('schedule-unit') !== undefined && schedule === undefined) throw new UsageError('--schedule-unit', 'needs --schedule');

  const optimizer: OptimizerOptions = { name, lr: lr ?? (schedule ? fromSpec(stripUnit(schedule)).lr(0) : 1e-3) };
  if (str('momentum') !== undefined) optimizer.momentum = numFlag('momentum', str('momentum'), { min: 0 });
  if (str('weight-decay') !== undefined) optimizer.weightDecay = numFlag('weight-decay', str('weight-decay'), { min: 0 });
  try {
    resolveOptions(optimizer);
  } catch (err) {
    if (err instanceof SpecError && OPTIMIZER_FLAG[err.path]) throw new UsageError(OPTIMIZER_FLAG[err.path], err.rule);
    throw err;
  }

  return {
    data,
    trainSize,
    valSize,
    labelColumn: str('label-column'),
    model,
    optimizer,
    lr,
    schedule,
    scheduleUnit,
    batchSize: intFlag('batch-size', str('batch-size'), { default: d.batchSize ?? 128 }),
    epochs: intFlag('epochs', str('epochs'), { default: d.epochs ?? 3 }),
    seed: intFlag('seed', str('seed'), { min: 0, default: 0 }),
    backend: choiceFlag('backend', str('backend'), ['wasm', 'cpu'] as const, 'wasm'),
    normalize: choiceFlag('normalize', str('normalize'), ['scalar', 'none'] as const, 'scalar'),
  };
}

/** `--schedule '{"type":…}'` or `--schedule @file.json`, parsed and validated (errors prefixed `--schedule`). */
export function parseScheduleFlag(raw: string): Record<string, unknown> {
  let text = raw;
  if (raw.startsWith('@')) {
    try {
      text = readFileSync(raw.slice(1), 'utf8');
    } catch (err) {
      throw new UsageError('--schedule', `cannot read ${raw.slice(1)} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError('--schedule', `is not valid JSON (${(err as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new UsageError('--schedule', 'must be a JSON object');
  try {
    fromSpec(json, (json as { unit?: unknown; stepsPerEpoch?: unknown }).unit === 'epoch' && (json as { stepsPerEpoch?: unknown }).stepsPerEpoch === undefined ? { stepsPerEpoch: 1 } : {});
  } catch (err) {
    if (err instanceof SpecError) throw new UsageError('--schedule', err.message);
    throw err;
  }
  return json as Record<string, unknown>;
}

function stripUnit(spec: Record<string, unknown>): Record<string, unknown> {
  const { unit: _u, stepsPerEpoch: _s, ...inner } = spec;
  return inner;
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
export async function setupBackend(spec: TrainingSpec): Promise<BackendName> {
  return initBackend(spec.backend);
}

/** Load the data the spec names (SpecError naming the flag on bad data). */
export async function loadTrainingData(spec: TrainingSpec): Promise<DataSplit> {
  return loadData({ data: spec.data, trainSize: spec.trainSize, valSize: spec.valSize, seed: spec.seed, labelColumn: spec.labelColumn });
}

/** A fresh model for the data: one of lrlab's (seeded by `seed`) or the user's model.json. */
export async function buildModel(spec: TrainingSpec, split: DataSplit, seed = spec.seed): Promise<tfl.LayersModel> {
  if ('path' in spec.model) return loadModelFromDisk(spec.model.path);
  return createModel({
    kind: spec.model.kind,
    inputShape: split.train.featureShape,
    numClasses: split.train.numClasses,
    hidden: spec.model.hidden,
    seed,
  });
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
