import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  accuracyRangeTest, gridLrs, gridSummary, parseFinderOptions, rangeTestRepeated, RULES,
  type AccuracyTestResult, type FinderOptions, type GridTrial,
} from '../../core/finder/index.js';
import type { StepTrainer } from '../../core/trainer.js';
import { SpecError } from '../../core/spec-error.js';
import { findResult, type FindResult } from '../../engine/lr-find.js';
import { Trainer } from '../../engine/trainer.js';
import { finderChart } from '../../report/charts/finder-chart.js';
import { renderPng, renderSvg } from '../../report/render.js';
import { defaultJobs } from '../../studies/sweep/pool.js';
import { runSweep, SweepInterrupted } from '../../studies/sweep/run-sweep.js';
import type { TrialOutcome } from '../../studies/study.js';
import { VERSION } from '../../version.js';
import { choiceFlag, intFlag, numFlag, numListFlag, parseFlags } from '../args.js';
import { finderAsciiPlot, formatNumber } from '../ascii-plot.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { toJson, writeOutput } from '../output.js';
import { formatSeconds, Progress } from '../progress.js';
import {
  buildModel, loadTrainingData, parseTrainingFlags, setupBackend, trainingConfig, TRAINING_FLAGS, TRAINING_FLAGS_HELP, type TrainingSpec,
} from '../training-flags.js';
import { trialConfig } from './sweep.js';

const help = `lrlab find — find the learning rate: LR range test (Smith 2017) or a grid search

Usage: lrlab find [flags]                          range test (loss against an exponentially rising LR)
       lrlab find --accuracy [flags]               plus Smith's accuracy test → cyclical-LR bounds
       lrlab find --grid X,X,… | --grid-range MIN:MAX:N [flags]   train each LR, pick the best

Range test:
  --start-lr X            first LR of the sweep (default 1e-7)
  --end-lr X              last LR (default 10)
  --steps N               points = optimizer steps, >= 10 (default 100)
  --mode exp|linear       LR spacing (default exp)
  --smooth B              debiased EMA factor of the loss, in [0, 1) (default 0.98)
  --diverge F             stop when the smoothed loss exceeds F × its best (default 4)
  --repeats K             runs with seeds seed … seed+K−1 (init and batches): spread and verdict (default 1)
  --epochs-budget E       epochs of the recommended schedule (default: --epochs, 3)
  --schedule-kind K       onecycle | warmup-cosine (default onecycle)
  --base-div 3|4          CLR baseLr = maxLr / 3 or 4 (default 3)
Accuracy mode (Smith 2017 §3.3: LR raised linearly, validation accuracy against LR):
  --accuracy              also run the accuracy test; clr and the schedule's peak come from it
  --accuracy-epochs E     epochs of the linear ramp (default 4)
  --step-epochs E         half-cycle of the cyclic spec in epochs, 2–10 (default 4)
                          (--start-lr/--end-lr apply when given; otherwise 1e-4 … 1)
Grid search (trials on worker threads, each from the same initial weights):
  --grid X,X,…            learning rates to train
  --grid-range MIN:MAX:N  N learning rates log-spaced from MIN to MAX
  --grid-epochs E         epochs per trial (default: --epochs, 3)
  --jobs N                trials at once (default: ${defaultJobs()}, the number of cores)
  --out DIR               append each finished trial to DIR/results.jsonl
Output:
  --json FILE|-           the result JSON (lrs, losses, smoothedLosses, suggestions with spreads,
                          suggested, verdict, clr, recommendedSchedule, config)
  --plot FILE.svg|.png    the curve with the suggestions marked
  --quiet                 no progress bar or notes on stderr

${TRAINING_FLAGS_HELP}
(--lr and --schedule do not apply: find sets the learning rate itself.)

Examples:
  lrlab find --data mnist --model mlp --optimizer momentum --batch-size 128
  lrlab find --data fashion-mnist --repeats 3 --epochs-budget 10 --json find.json --plot find.svg
  lrlab find --data mnist --train-size 10000 --grid-range 1e-3:1:7 --grid-epochs 2 --jobs 2
`;

const FLAGS = {
  ...TRAINING_FLAGS,
  'start-lr': { type: 'string' },
  'end-lr': { type: 'string' },
  steps: { type: 'string' },
  mode: { type: 'string' },
  smooth: { type: 'string' },
  diverge: { type: 'string' },
  repeats: { type: 'string' },
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

type Values = { [K in keyof typeof FLAGS]?: string | boolean };

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
  startLr: '--start-lr', endLr: '--end-lr', steps: '--steps', mode: '--mode', smooth: '--smooth', diverge: '--diverge', repeats: '--repeats',
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
    if (!/^\s*\d+\s*$/.test(parts[2]) || Number(parts[2]) < 2) throw new UsageError('--grid-range', `N must be an integer >= 2, got '${parts[2]}'`);
    lrs = gridLrs({ min, max, points: Number(parts[2]) });
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

export const command: Command = {
  name: 'find',
  summary: 'find the learning rate: range test with suggestions and verdict, accuracy test, or grid search',
  help,
  async run(argv: string[]): Promise<number> {
    const { values } = parseFlags(argv, FLAGS);
    const spec = parseFindFlags(values as Values);
    return spec.grid ? runGrid(spec) : runRangeTest(spec);
  },
};

/** Where the human-readable summary goes: stdout, or stderr when stdout carries the JSON. */
function say(spec: FindSpec, text: string): void {
  if (spec.json === '-') {
    if (!spec.quiet) process.stderr.write(`${text}\n`);
  } else process.stdout.write(`${text}\n`);
}

async function runRangeTest(spec: FindSpec): Promise<number> {
  const t = spec.training;
  await setupBackend(t);
  const data = await loadTrainingData(t);
  const { lr: _lr, ...optimizer } = t.optimizer;
  const { epochs: _e, ...modelConfig } = trainingConfig(t);
  const config = {
    command: 'find', data: data.name, trainSize: data.train.n, valSize: data.val.n, ...modelConfig, optimizer,
    batchSize: t.batchSize, seed: t.seed, epochsBudget: spec.epochsBudget, scheduleKind: spec.scheduleKind, baseDiv: spec.baseDiv,
    ...(spec.accuracy ? { accuracy: spec.accuracy } : {}),
  };

  let live: { trainer: Trainer; model: { dispose(): void } } | null = null;
  const release = (): void => {
    live?.trainer.dispose();
    live?.model.dispose();
    live = null;
  };
  const fresh = async (seed: number): Promise<Trainer> => {
    release();
    const model = await buildModel(t, data, seed);
    const trainer = new Trainer({ model, optimizer: t.optimizer, data, batchSize: t.batchSize, seed });
    live = { trainer, model };
    return trainer;
  };

  const steps = spec.finder.steps;
  const progress = new Progress('range test', steps * spec.finder.repeats, { quiet: spec.quiet });
  let stepsPerEpoch = 0;
  let result: FindResult;
  try {
    const range = await rangeTestRepeated(async (r) => {
      const trainer = await fresh(t.seed + r);
      stepsPerEpoch = trainer.stepsPerEpoch;
      return trainer;
    }, {
      ...spec.finder,
      onPoint: (i, lr, _loss, smoothed, repeat) => {
        const run = spec.finder.repeats > 1 ? `run ${repeat + 1}/${spec.finder.repeats} · ` : '';
        progress.update(repeat * steps + i + 1, `${run}lr ${formatNumber(lr)} · loss ${smoothed.toFixed(4)}`);
      },
    });
    progress.done();
    let accuracy: AccuracyTestResult | undefined;
    if (spec.accuracy) {
      const trainer = await fresh(t.seed);
      const total = spec.accuracy.epochs * trainer.stepsPerEpoch;
      const bar = new Progress('accuracy test', total, { quiet: spec.quiet });
      accuracy = await accuracyRangeTest(counting(trainer, (n) => bar.update(n, `step ${n}/${total}`)), {
        ...spec.explicitRange,
        epochs: spec.accuracy.epochs,
        stepEpochs: spec.accuracy.stepEpochs,
        baseDiv: spec.baseDiv,
      });
      bar.done();
    }
    result = findResult({ config, range, stepsPerEpoch, epochsBudget: spec.epochsBudget, scheduleKind: spec.scheduleKind, baseDiv: spec.baseDiv, accuracy });
  } finally {
    progress.done();
    release();
  }

  if (spec.json !== undefined) writeOutput(spec.json, toJson(result));
  if (spec.plot) {
    const chart = finderChart(result, { title: `LR range test · ${data.name} · ${modelConfig.model}` });
    writeOutput(spec.plot.file, spec.plot.format === 'svg' ? await renderSvg(chart) : await renderPng(chart));
  }
  say(spec, findSummary(result));
  return 0;
}

/** A StepTrainer that reports each finished step (for the accuracy test's progress bar). */
function counting(trainer: StepTrainer, onStep: (n: number) => void): StepTrainer {
  let n = 0;
  return {
    setLearningRate: (lr) => trainer.setLearningRate(lr),
    trainBatch: async () => {
      const loss = await trainer.trainBatch();
      onStep(++n);
      return loss;
    },
    evaluate: () => (trainer.evaluate as NonNullable<StepTrainer['evaluate']>)(),
    get stepsPerEpoch() {
      return trainer.stepsPerEpoch;
    },
    snapshot: () => trainer.snapshot(),
    restore: (s) => trainer.restore(s),
    disposeSnapshot: (s) => trainer.disposeSnapshot?.(s),
  };
}

const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;

/**
 * The terminal report of a range test: the curve with the suggestions marked, then one line
 * each for the suggestions, the suggested LR, the verdict, the CLR bounds and the schedule.
 */
export function findSummary(r: FindResult): string {
  const lines = [finderAsciiPlot(r), ''];
  const rules = RULES.map((rule) => {
    const s = r.suggestions[rule];
    if (!s) return `${rule} –`;
    return `${rule} ${formatNumber(s.lr)}${s.gsd !== null ? ` (×${s.gsd.toFixed(2)})` : ''}`;
  });
  const agree = r.agreement.maxFactor === null ? '' : `; the rules ${r.agreement.agree ? 'agree' : 'disagree'} (within ×${r.agreement.maxFactor.toFixed(1)}, limit ×${r.agreement.factor})`;
  lines.push(`suggestions: ${rules.join(' · ')}${agree}`);
  lines.push(r.suggested
    ? `suggested lr: ${formatNumber(r.suggested.lr)} (${r.suggested.from.length === 1 ? `the median of the rules: ${r.suggested.rule}` : `the ${r.suggested.rule}`}${r.suggested.gsd !== null ? `; geometric std ×${r.suggested.gsd.toFixed(2)} over ${r.runs?.length} runs` : ''})`
    : 'suggested lr: none');
  lines.push(`verdict: ${r.verdict.status} — ${r.verdict.reason}`);
  if (r.accuracy) {
    const a = r.accuracy;
    lines.push(`accuracy test: ${a.verdict.status} — ${a.verdict.reason}${a.peakAccuracy !== null ? ` (peak ${pct(a.peakAccuracy)})` : ''}`);
  }
  if (r.clr) lines.push(`clr: baseLr ${formatNumber(r.clr.baseLr)} · maxLr ${formatNumber(r.clr.maxLr)} (${r.clr.rule})${r.clr.spec ? `\ncyclic spec: ${JSON.stringify(r.clr.spec)}` : ''}`);
  lines.push(`recommended schedule: ${r.scheduleRule}`);
  if (r.recommendedSchedule) lines.push(JSON.stringify(r.recommendedSchedule));
  return lines.join('\n');
}

/** One grid trial's row, from a trial outcome (NaN where it has no finished epoch). */
function gridTrial(lr: number, o: TrialOutcome): GridTrial & { status: TrialOutcome['status']; seconds: number; error?: string } {
  const f = (o.result?.final ?? null) as Record<string, number> | null;
  const v = (k: string): number => (f && typeof f[k] === 'number' ? f[k] : NaN);
  return {
    lr, trainLoss: v('trainLoss'), trainAccuracy: v('trainAccuracy'), valLoss: v('valLoss'), valAccuracy: v('valAccuracy'),
    diverged: o.status !== 'ok', status: o.status, seconds: o.seconds, ...(o.error ? { error: o.error } : {}),
  };
}

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

async function runGrid(spec: FindSpec): Promise<number> {
  const grid = spec.grid as NonNullable<FindSpec['grid']>;
  const t = spec.training;
  const base = trialConfig({ ...t, epochs: grid.epochs });
  // Same seed for every trial: the same initial weights and batch order, only the LR differs.
  const trials = grid.lrs.map((lr) => ({ id: `lr=${lr}`, config: { ...base, optimizer: { ...base.optimizer, lr }, dataSeed: t.seed } }));
  const lrOf = new Map(trials.map((tr, i) => [tr.id, grid.lrs[i]]));
  const progress = new Progress('grid', trials.length, { quiet: spec.quiet });
  const started = Date.now();
  const ac = new AbortController();
  const onSigint = (): void => ac.abort();
  process.once('SIGINT', onSigint);
  let outcomes: TrialOutcome[];
  try {
    outcomes = await runSweep({
      trials,
      jobs: grid.jobs,
      backend: t.backend,
      ...(grid.out !== undefined ? { dir: resolve(grid.out) } : {}),
      signal: ac.signal,
      onResult: (o, p) => {
        const row = gridTrial(lrOf.get(o.id) as number, o);
        const text = row.status === 'error' ? `failed: ${row.error}`
          : row.status === 'diverged' ? `diverged at step ${o.result?.divergedAtStep}`
            : `train_acc ${pct(row.trainAccuracy)}  val_acc ${pct(row.valAccuracy)}  train_loss ${row.trainLoss.toFixed(4)}  val_loss ${row.valLoss.toFixed(4)}`;
        progress.log(`lr ${formatNumber(row.lr).padEnd(8)} ${text}  ${o.seconds.toFixed(1)}s`, spec.quiet);
        progress.update(p.done, `${p.done}/${p.total} trials · ${formatSeconds((Date.now() - started) / 1000)}`);
      },
    });
  } catch (err) {
    if (err instanceof SweepInterrupted) {
      progress.done();
      process.stderr.write(`lrlab: grid ${err.message}${grid.out !== undefined ? ` in ${join(grid.out, 'results.jsonl')}` : ''}\n`);
      return 130;
    }
    throw err;
  } finally {
    process.removeListener('SIGINT', onSigint);
    progress.done();
  }

  const rows = outcomes.map((o) => gridTrial(lrOf.get(o.id) as number, o));
  const summary = gridSummary(rows);
  const { lr: _lr, ...optimizer } = t.optimizer;
  const out = {
    config: {
      command: 'find', method: 'grid', data: t.data, trainSize: t.trainSize ?? null, valSize: t.valSize ?? null, model: base.model,
      ...(base.hidden ? { hidden: base.hidden } : {}), optimizer, batchSize: t.batchSize, epochs: grid.epochs, lrs: grid.lrs,
      seed: t.seed, backend: t.backend, version: VERSION,
    },
    trials: rows.map((r) => ({
      lr: r.lr, status: r.status, trainLoss: num(r.trainLoss), trainAccuracy: num(r.trainAccuracy), valLoss: num(r.valLoss), valAccuracy: num(r.valAccuracy),
      seconds: r.seconds, ...(r.error ? { error: r.error } : {}),
    })),
    best: summary.best,
    rule: summary.rule,
    crossover: summary.crossover,
    crossoverNote: summary.crossoverNote,
  };
  if (spec.json !== undefined) writeOutput(spec.json, toJson(out));
  const lines = [summary.best
    ? `best lr: ${formatNumber(summary.best.lr)} (val_acc ${pct(summary.best.value)}; ${summary.rule})`
    : 'best lr: none — every trial diverged or failed'];
  lines.push(summary.crossover
    ? `under→overfitting crossover: train accuracy rises above validation accuracy near lr ${formatNumber(summary.crossover.lr)} (between ${formatNumber(summary.crossover.between[0])} and ${formatNumber(summary.crossover.between[1])})`
    : `under→overfitting crossover: none (${summary.crossoverNote})`);
  say(spec, lines.join('\n'));
  return 0;
}
