import { batchSchedule, parseBatchScheduleSpec, type BatchScheduleSpec } from '../core/batch/index.js';
import { ReduceLROnPlateau, type PlateauOptions } from '../core/plateau.js';
import { SpecError } from '../core/spec-error.js';
import { choiceFlag, intFlag, numFlag, type OptionSpec } from './args.js';
import { UsageError } from './errors.js';
import { readJsonFlag } from './json-flag.js';

/**
 * The flags of the commands that train a run to its end (`train`, `sweep`): a batch-size
 * schedule and ReduceLROnPlateau. `find` and `batch` control the LR and batch size themselves.
 */
export const RUN_FLAGS = {
  'batch-schedule': { type: 'string' },
  'plateau-factor': { type: 'string' },
  'plateau-patience': { type: 'string' },
  'plateau-threshold': { type: 'string' },
  'plateau-threshold-mode': { type: 'string' },
  'plateau-cooldown': { type: 'string' },
  'plateau-min-lr': { type: 'string' },
  'plateau-mode': { type: 'string' },
  'plateau-monitor': { type: 'string' },
} as const satisfies OptionSpec;

export const RUN_FLAGS_HELP = `Batch-size schedule:
  --batch-schedule SPEC|@FILE  batch size by epoch as JSON, instead of --batch-size, e.g.
                          '{"type":"multistep","batchSize":128,"milestones":[30,60],"factor":5}'
                          (types constant | multistep; see \`lrlab batch --convert-schedule\`)
Reduce the LR on a plateau (PyTorch's ReduceLROnPlateau, checked after each epoch; any of these
flags turns it on, on top of --lr or --schedule):
  --plateau-monitor M     val-loss | val-accuracy: the metric watched (default val-loss)
  --plateau-mode M        min | max: whether smaller or larger is better (default: min for
                          val-loss, max for val-accuracy)
  --plateau-factor F      multiply the LR by F on a plateau, 0 < F < 1 (default 0.1)
  --plateau-patience N    epochs without improvement before reducing (default 10)
  --plateau-threshold T   smallest change that counts as an improvement (default 1e-4)
  --plateau-threshold-mode M  rel | abs: T relative to the best value or absolute (default rel)
  --plateau-cooldown N    epochs after a reduction before counting again (default 0)
  --plateau-min-lr X      the LR never goes below X (default 0)`;

/** ReduceLROnPlateau settings and the metric it watches (the trainer's names). */
export type PlateauSettings = PlateauOptions & { monitor?: 'valLoss' | 'valAccuracy' };

export interface RunSettings {
  batchSchedule?: BatchScheduleSpec;
  plateau?: PlateauSettings;
}

type Values = { [K in keyof typeof RUN_FLAGS]?: string | boolean | undefined };

const PLATEAU_FLAG: Record<string, string> = {
  factor: '--plateau-factor', patience: '--plateau-patience', threshold: '--plateau-threshold',
  thresholdMode: '--plateau-threshold-mode', cooldown: '--plateau-cooldown', minLr: '--plateau-min-lr', mode: '--plateau-mode',
};

/** Validate the run flags (UsageError naming the flag); fields are absent when their flags are. */
export function parseRunFlags(values: Values): RunSettings {
  const str = (k: keyof typeof RUN_FLAGS): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const out: RunSettings = {};
  const batchRaw = str('batch-schedule');
  if (batchRaw !== undefined) out.batchSchedule = parseBatchScheduleFlag(batchRaw);

  const p: PlateauSettings = {};
  const monitor = str('plateau-monitor');
  if (monitor !== undefined) p.monitor = choiceFlag('plateau-monitor', monitor, ['val-loss', 'val-accuracy'] as const) === 'val-loss' ? 'valLoss' : 'valAccuracy';
  if (str('plateau-mode') !== undefined) p.mode = choiceFlag('plateau-mode', str('plateau-mode'), ['min', 'max'] as const);
  if (str('plateau-factor') !== undefined) p.factor = numFlag('plateau-factor', str('plateau-factor'));
  if (str('plateau-patience') !== undefined) p.patience = intFlag('plateau-patience', str('plateau-patience'), { min: 0 });
  if (str('plateau-threshold') !== undefined) p.threshold = numFlag('plateau-threshold', str('plateau-threshold'), { min: 0 });
  if (str('plateau-threshold-mode') !== undefined) p.thresholdMode = choiceFlag('plateau-threshold-mode', str('plateau-threshold-mode'), ['rel', 'abs'] as const);
  if (str('plateau-cooldown') !== undefined) p.cooldown = intFlag('plateau-cooldown', str('plateau-cooldown'), { min: 0 });
  if (str('plateau-min-lr') !== undefined) p.minLr = numFlag('plateau-min-lr', str('plateau-min-lr'), { min: 0 });
  if (Object.keys(p).length > 0) {
    try {
      // The controller checks its own ranges (factor in (0, 1), …): built once here, so a bad value fails before data loads.
      new ReduceLROnPlateau(p);
    } catch (err) {
      if (err instanceof SpecError && PLATEAU_FLAG[err.path]) throw new UsageError(PLATEAU_FLAG[err.path], err.rule);
      throw err;
    }
    out.plateau = p;
  }
  return out;
}

/** `--batch-schedule` parsed and validated once (errors prefixed `--batch-schedule`). */
function parseBatchScheduleFlag(raw: string): BatchScheduleSpec {
  try {
    return parseBatchScheduleSpec(readJsonFlag('--batch-schedule', raw));
  } catch (err) {
    if (err instanceof SpecError) throw new UsageError('--batch-schedule', err.message);
    throw err;
  }
}

/** The batch size of the first epoch under a batch-size schedule. */
export function firstBatchSize(spec: BatchScheduleSpec): number {
  return batchSchedule(spec)(0);
}
