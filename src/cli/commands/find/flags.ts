import { existsSync, statSync } from 'node:fs';
import { ADAPTIVE_OPTIMIZERS, BATCH_RULE_OPTIMIZERS, gridLrs, parseFinderOptions, type FinderOptions } from '../../../core/finder/index.js';
import { SpecError } from '../../../core/spec-error.js';
import { defaultJobs } from '../../../sweep/pool.js';
import { choiceFlag, intFlag, numFlag, numListFlag, parseDecimal } from '../../args.js';
import { UsageError } from '../../errors.js';
import { parseTrainingFlags, TRAINING_FLAGS, type TrainingSpec } from '../../training-flags.js';

/** `find`'s flags for `parseFlags`: the shared training flags plus the range test's, the accuracy test's and the grid's. */
export const FLAGS = {
  ...TRAINING_FLAGS,
  'start-lr': { type: 'string' },
  'end-lr': { type: 'string' },
  steps: { type: 'string' },
  mode: { type: 'string' },
  smooth: { type: 'string' },
  diverge: { type: 'string' },
  repeats: { type: 'string' },
  'val-loss': { type: 'boolean' },
  'batch-rule': { type: 'boolean' },
  'epochs-budget': { type: 'string' },
  'schedule-kind': { type: 'string' },
  accuracy: { type: 'boolean' },
  'base-div': { type: 'string' },
  'step-epochs': { type: 'string' },
  'accuracy-epochs': { type: 'string' },
  grid: { type: 'string' },
  'grid-range': { type: 'string' },
  'grid-epochs': { type: 'string' },
  jobs: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'string' },
  plot: { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

export type Values = { [K in keyof typeof FLAGS]?: string | boolean };

/** Every flag of `find`, validated before any data loads. */
export interface FindSpec {
  training: TrainingSpec;
  finder: FinderOptions;
  /** Start/end given explicitly (they then also bound the accuracy test). */
  explicitRange: { startLr?: number; endLr?: number };
  epochsBudget: number;
  scheduleKind: 'onecycle' | 'warmup-cosine';
  baseDiv: 3 | 4;
  accuracy: { epochs: number; stepEpochs: number } | null;
  grid: { lrs: number[]; epochs: number; jobs: number; out?: string } | null;
  json?: string;
  plot?: { file: string; format: 'svg' | 'png' };
  quiet: boolean;
}

const FINDER_FLAG: Record<string, string> = {
  startLr: '--start-lr', endLr: '--end-lr', steps: '--steps', mode: '--mode', smooth: '--smooth', diverge: '--diverge', repeats: '--repeats', valLoss: '--val-loss',
};

/** Parse and validate `find`'s flags (UsageError naming the flag). */
export function parseFindFlags(values: Values): FindSpec {
  const str = (k: keyof typeof FLAGS): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  for (const k of ['lr', 'schedule', 'schedule-unit'] as const) {
    if (str(k) !== undefined) throw new UsageError(`--${k}`, 'does not apply to find (it sets the learning rate itself)');
  }
  const training = parseTrainingFlags(values, { lrOptional: true });

  const explicitRange: FindSpec['explicitRange'] = {};
  if (str('start-lr') !== undefined) explicitRange.startLr = numFlag('start-lr', str('start-lr'), { positive: true });
  if (str('end-lr') !== undefined) explicitRange.endLr = numFlag('end-lr', str('end-lr'), { positive: true });
  const input: Record<string, unknown> = { ...explicitRange };
  if (str('steps') !== undefined) input.steps = intFlag('steps', str('steps'), { min: 10 });
  if (str('mode') !== undefined) input.mode = choiceFlag('mode', str('mode'), ['exp', 'linear'] as const);
  if (str('smooth') !== undefined) input.smooth = numFlag('smooth', str('smooth'), { min: 0 });
  if (str('diverge') !== undefined) input.diverge = numFlag('diverge', str('diverge'));
  if (str('repeats') !== undefined) input.repeats = intFlag('repeats', str('repeats'), { min: 1 });
  if (values['val-loss'] === true) input.valLoss = true;
  // Adam and AdamW: the suggestion gets the adaptive factor (core/finder/suggestions.ts).
  if (ADAPTIVE_OPTIMIZERS.includes(training.optimizer.name)) input.adaptive = true;
  // --batch-rule (SGD family only, off by default: it failed its held-out check; core/finder/suggestions.ts).
  if (values['batch-rule'] === true) {
    if (!BATCH_RULE_OPTIMIZERS.includes(training.optimizer.name)) {
      throw new UsageError('--batch-rule', `applies to the SGD family (${BATCH_RULE_OPTIMIZERS.join(', ')}), not to ${training.optimizer.name}`);
    }
    input.batchSize = training.batchSize;
  }
  let finder: FinderOptions;
  try {
    finder = parseFinderOptions(input);
  } catch (err) {
    if (err instanceof SpecError && FINDER_FLAG[err.path]) throw new UsageError(FINDER_FLAG[err.path], err.rule);
    throw err;
  }

  const epochsBudget = intFlag('epochs-budget', str('epochs-budget'), { default: training.epochs });
  const scheduleKind = choiceFlag('schedule-kind', str('schedule-kind'), ['onecycle', 'warmup-cosine'] as const, 'onecycle');
  const baseDiv = Number(choiceFlag('base-div', str('base-div'), ['3', '4'] as const, '3')) as 3 | 4;

  const wantsAccuracy = values.accuracy === true;
  for (const k of ['step-epochs', 'accuracy-epochs'] as const) {
    if (str(k) !== undefined && !wantsAccuracy) throw new UsageError(`--${k}`, 'needs --accuracy');
  }
  const accuracy = wantsAccuracy
    ? {
      epochs: intFlag('accuracy-epochs', str('accuracy-epochs'), { default: 4 }),
      stepEpochs: intFlag('step-epochs', str('step-epochs'), { default: 4 }),
    }
    : null;
  if (accuracy && accuracy.stepEpochs > 10) throw new UsageError('--step-epochs', `must be an integer from 2 to 10, got ${accuracy.stepEpochs}`);
  if (accuracy && accuracy.stepEpochs < 2) throw new UsageError('--step-epochs', `must be an integer from 2 to 10, got ${accuracy.stepEpochs}`);

  const grid = parseGrid(values, training, str);
  if (grid && accuracy) throw new UsageError('--accuracy', 'cannot be combined with --grid (two different methods)');
  if (grid && str('plot') !== undefined) throw new UsageError('--plot', 'applies to the range test, not to --grid');
  if (grid && values['val-loss'] === true) throw new UsageError('--val-loss', 'applies to the range test, not to --grid');
  if (grid && values['batch-rule'] === true) throw new UsageError('--batch-rule', 'applies to the range test, not to --grid');
  if (!grid) {
    for (const k of ['grid-epochs', 'jobs', 'out'] as const) if (str(k) !== undefined) throw new UsageError(`--${k}`, 'needs --grid or --grid-range');
  }

  const json = str('json');
  if (json === '') throw new UsageError('--json', 'needs a file name or -');
  let plot: FindSpec['plot'];
  const plotRaw = str('plot');
  if (plotRaw !== undefined) {
    const m = /\.(svg|png)$/i.exec(plotRaw);
    if (!m) throw new UsageError('--plot', `must name a .svg or .png file, got '${plotRaw}'`);
    plot = { file: plotRaw, format: m[1].toLowerCase() as 'svg' | 'png' };
  }
  return { training, finder, explicitRange, epochsBudget, scheduleKind, baseDiv, accuracy, grid, json, plot, quiet: values.quiet === true };
}

function parseGrid(values: Values, training: TrainingSpec, str: (k: keyof typeof FLAGS) => string | undefined): FindSpec['grid'] {
  const list = str('grid'), range = str('grid-range');
  if (list !== undefined && range !== undefined) throw new UsageError('--grid-range', 'cannot be combined with --grid');
  if (list === undefined && range === undefined) return null;
  let lrs: number[];
  if (list !== undefined) {
    lrs = numListFlag('grid', list, { positive: true });
    const seen = new Set<number>();
    for (const lr of lrs) {
      if (seen.has(lr)) throw new UsageError('--grid', `lists ${lr} twice`);
      seen.add(lr);
    }
  } else {
    const parts = (range as string).split(':');
    if (parts.length !== 3) throw new UsageError('--grid-range', `must be MIN:MAX:N (e.g. 1e-4:1:7), got '${range}'`);
    const min = numFlag('grid-range', parts[0], { positive: true });
    const max = numFlag('grid-range', parts[1], { positive: true });
    if (!(max > min)) throw new UsageError('--grid-range', `MAX must be greater than MIN, got '${range}'`);
    const points = parseDecimal('grid-range', parts[2]);
    if (!Number.isSafeInteger(points) || points < 2) throw new UsageError('--grid-range', `N must be an integer >= 2, got '${parts[2]}'`);
    lrs = gridLrs({ min, max, points });
  }
  const out = str('out');
  if (out !== undefined) {
    if (out.trim() === '') throw new UsageError('--out', 'needs a folder name');
    if (existsSync(out) && !statSync(out).isDirectory()) throw new UsageError('--out', `${out} is a file, not a folder`);
  }
  const data = training.data;
  const builtIn = /^(mnist|fashion-mnist|synthetic)(:|\?|$)/.test(data);
  if (!builtIn && !existsSync(data.replace(/\?.*$/, ''))) throw new UsageError('--data', `no such file or folder: ${data}`);
  return {
    lrs,
    epochs: intFlag('grid-epochs', str('grid-epochs'), { default: training.epochs }),
    jobs: intFlag('jobs', str('jobs'), { default: defaultJobs() }),
    ...(out !== undefined ? { out } : {}),
  };
}
