import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadData } from '../../data/index.js';
import { OPTIMIZER_NAMES } from '../../engine/optimizers/index.js';
import { renderSvg } from '../../report/render.js';
import { defaultJobs } from '../../studies/sweep/pool.js';
import { runSweep, SweepInterrupted } from '../../studies/sweep/run-sweep.js';
import { summarizeSweep, sweepHeatmap } from '../../studies/sweep/summary.js';
import type { TrialConfig, TrialOutcome, TrialSpec } from '../../studies/study.js';
import { VERSION } from '../../version.js';
import { intFlag, numListFlag, parseFlags } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { toJson, writeOutput } from '../output.js';
import { formatSeconds, Progress } from '../progress.js';
import { parseScheduleFlag, parseTrainingFlags, TRAINING_FLAGS, TRAINING_FLAGS_HELP, type TrainingSpec } from '../training-flags.js';

const help = `lrlab sweep — train a grid of LR × batch size (× optimizer, × schedule) in parallel

Usage: lrlab sweep --lr X[,X…] | --schedule SPEC [--schedule SPEC…] --batch-size N[,N…] --out DIR [flags]

Grid (every combination is one trial):
  --lr X,X,…              learning rates
  --schedule SPEC|@FILE   a schedule instead of --lr; repeat the flag for several
  --batch-size N,N,…      batch sizes (default 128)
  --optimizer A,B,…       optimizers (default sgd)
Sweep:
  --out DIR               folder for results.jsonl, summary.json and heatmap.svg (required)
  --jobs N                trials at once, one worker thread each (default: ${defaultJobs()}, the number of cores)
  --resume                keep the trials already in DIR/results.jsonl and run the rest (failed ones again)
  --quiet                 no progress bar and no per-trial lines on stderr

${TRAINING_FLAGS_HELP}

Each finished trial is appended to DIR/results.jsonl at once (one line each), so an interrupted
sweep loses only the trials that were running: run it again with --resume. Ctrl-C stops cleanly.

Example:
  lrlab sweep --data mnist --train-size 10000 --model mlp --lr 0.01,0.03,0.1,0.3 --batch-size 32,128,512 --epochs 3 --out sweep/
`;

const FLAGS = {
  ...TRAINING_FLAGS,
  schedule: { type: 'string', multiple: true },
  out: { type: 'string' },
  jobs: { type: 'string' },
  resume: { type: 'boolean' },
  quiet: { type: 'boolean' },
} as const;

export const command: Command = {
  name: 'sweep',
  summary: 'grid over LR × batch size (× optimizer, × schedule) on worker threads; --resume',
  help,
  async run(argv: string[]): Promise<number> {
    const { values } = parseFlags(argv, FLAGS);
    const out = typeof values.out === 'string' ? values.out : undefined;
    if (out === undefined || out.trim() === '') throw new UsageError('--out', 'is required (the folder for results.jsonl)');
    const dir = resolve(out);
    if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError('--out', `${out} is a file, not a folder`);
    const jobs = intFlag('jobs', values.jobs as string | undefined, { default: defaultJobs() });
    const resume = values.resume === true;
    const quiet = values.quiet === true;
    const trials = sweepTrials(values as Record<string, string | string[] | boolean | undefined>);
    const resultsFile = join(dir, 'results.jsonl');
    if (!resume && existsSync(resultsFile) && statSync(resultsFile).size > 0) {
      throw new UsageError('--out', `${join(out, 'results.jsonl')} already holds results: pass --resume to continue that sweep, or choose another folder`);
    }
    const backend = trials.backend;
    // Bad data (unknown name, missing file, --train-size too large) is an input error: exit 2
    // before any worker starts, rather than every trial failing with the same message.
    const first = trials.specs[0].config;
    await loadData({ data: first.data, trainSize: first.trainSize, valSize: first.valSize, labelColumn: first.labelColumn, seed: first.seed });

    const ac = new AbortController();
    const onSigint = (): void => ac.abort();
    process.once('SIGINT', onSigint);
    const progress = new Progress('sweep', trials.specs.length, { quiet });
    const started = Date.now();
    // Finished trials plus the fractions of the running ones, so the time left moves smoothly.
    const running = new Map<string, number>();
    let finished = 0;
    const redraw = (): void => {
      const partial = [...running.values()].reduce((a, b) => a + b, 0);
      progress.update(finished + partial, `${finished}/${trials.specs.length} trials · ${formatSeconds((Date.now() - started) / 1000)}`);
    };
    let outcomes: TrialOutcome[];
    try {
      outcomes = await runSweep({
        trials: trials.specs,
        jobs,
        backend,
        dir,
        resume,
        signal: ac.signal,
        onResult: (o, p) => {
          running.delete(o.id);
          finished = p.done;
          progress.log(trialLine(o, p.resumed), quiet);
          redraw();
        },
        onTrialProgress: (id, fraction) => {
          running.set(id, fraction);
          redraw();
        },
      });
    } catch (err) {
      if (err instanceof SweepInterrupted) {
        progress.done();
        process.stderr.write(`lrlab: sweep ${err.message} in ${join(out, 'results.jsonl')}; run the same command with --resume to finish it\n`);
        return 1;
      }
      throw err;
    } finally {
      process.removeListener('SIGINT', onSigint);
      progress.done();
    }

    const summary = summarizeSweep(outcomes);
    writeOutput(join(dir, 'summary.json'), toJson({
      config: { ...trials.common, version: VERSION },
      ...summary,
    }));
    const optimizers = [...new Set(outcomes.map((o) => String(o.config.optimizer.name)))];
    for (const [i, name] of optimizers.entries()) {
      const spec = sweepHeatmap(outcomes, name);
      if (spec === null) continue;
      const svg = await renderSvg(spec);
      if (i === 0) writeOutput(join(dir, 'heatmap.svg'), svg);
      if (optimizers.length > 1) writeOutput(join(dir, `heatmap-${name}.svg`), svg);
    }
    if (!quiet) process.stderr.write(`${summaryText(summary)}\n`);
    process.stdout.write(`${join(out, 'summary.json')}: ${summary.ok} ok, ${summary.diverged} diverged, ${summary.errors} failed of ${summary.trials} trials\n`);
    return 0;
  },
};

type Values = Record<string, string | string[] | boolean | undefined>;

/**
 * The grid's trials: every optimizer × LR (or schedule) × batch size, each validated through the
 * shared training flags (so a sweep accepts exactly what `lrlab train` accepts). Trial ids name
 * the grid point (`sgd lr=0.1 bs=32`), so `--resume` finds them again.
 */
export function sweepTrials(values: Values): { specs: TrialSpec[]; backend: TrainingSpec['backend']; common: Record<string, unknown> } {
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const schedules = Array.isArray(values.schedule) ? values.schedule : [];
  const lrRaw = str('lr');
  if (lrRaw !== undefined && schedules.length > 0) throw new UsageError('--schedule', 'cannot be combined with --lr (the schedule sets the learning rate)');
  if (lrRaw === undefined && schedules.length === 0) throw new UsageError('--lr', 'is required: a comma-separated list of learning rates (or give --schedule)');
  const lrs = lrRaw === undefined ? [] : numListFlag('lr', lrRaw, { positive: true });
  const batchSizes = numListFlag('batch-size', str('batch-size') ?? '128', { positive: true, integer: true });
  const optimizers = (str('optimizer') ?? 'sgd').split(',').map((s) => s.trim());
  for (const o of optimizers) {
    if (!(OPTIMIZER_NAMES as readonly string[]).includes(o)) throw new UsageError('--optimizer', `must be a list of ${OPTIMIZER_NAMES.join('|')}, got '${o}'`);
  }
  for (const [flag, list] of [['lr', lrs], ['batch-size', batchSizes], ['optimizer', optimizers], ['schedule', schedules]] as const) {
    if (new Set(list as readonly unknown[]).size !== list.length) throw new UsageError(`--${flag}`, 'lists a value twice');
  }

  const points = lrs.length > 0
    ? lrs.map((lr) => ({ key: `lr=${lr}`, flags: { lr: String(lr) } }))
    : schedules.map((s, i) => ({ key: `schedule=${i + 1}`, flags: { schedule: s } }));
  const specs: TrialSpec[] = [];
  let first: TrainingSpec | null = null;
  for (const optimizer of optimizers) {
    for (const p of points) {
      for (const bs of batchSizes) {
        const spec = parseTrainingFlags({ ...values, lr: undefined, schedule: undefined, ...p.flags, optimizer, 'batch-size': String(bs) } as Parameters<typeof parseTrainingFlags>[0]);
        first ??= spec;
        specs.push({ id: `${optimizer} ${p.key} bs=${bs}`, config: trialConfig(spec) });
      }
    }
  }
  const f = first as TrainingSpec;
  return {
    specs,
    backend: f.backend,
    common: {
      data: f.data, trainSize: f.trainSize ?? null, valSize: f.valSize ?? null, model: specs[0].config.model,
      epochs: f.epochs, seed: f.seed, backend: f.backend, optimizers, lrs,
      schedules: schedules.length > 0 ? schedules.map((s) => parseScheduleFlag(s)) : null, batchSizes,
    },
  };
}

/** The validated training flags of one grid point as a plain-JSON trial config. */
export function trialConfig(spec: TrainingSpec): TrialConfig {
  const model = 'path' in spec.model ? spec.model.path : spec.model.kind;
  return {
    data: spec.data,
    ...(spec.trainSize !== undefined ? { trainSize: spec.trainSize } : {}),
    ...(spec.valSize !== undefined ? { valSize: spec.valSize } : {}),
    ...(spec.labelColumn !== undefined ? { labelColumn: spec.labelColumn } : {}),
    model,
    ...('kind' in spec.model && spec.model.hidden ? { hidden: spec.model.hidden } : {}),
    optimizer: { ...spec.optimizer },
    ...(spec.schedule !== undefined ? { schedule: spec.schedule, scheduleUnit: spec.scheduleUnit } : {}),
    batchSize: spec.batchSize,
    epochs: spec.epochs,
    seed: spec.seed,
  };
}

function trialLine(o: TrialOutcome, resumed: boolean): string {
  const f = o.result?.final as { valAccuracy: number; valLoss: number } | null | undefined;
  const what = o.status === 'error' ? `failed: ${o.error}`
    : o.status === 'diverged' ? `diverged at step ${o.result?.divergedAtStep}`
      : f ? `val_acc ${(100 * f.valAccuracy).toFixed(2)}%  val_loss ${f.valLoss.toFixed(4)}` : 'no finished epoch';
  return `${o.id}: ${what}${resumed ? ' (recorded earlier)' : `  ${o.seconds.toFixed(1)}s`}`;
}

function summaryText(s: ReturnType<typeof summarizeSweep>): string {
  if (s.bestPerBatchSize.length === 0) return 'no trial finished without diverging';
  const lines = s.bestPerBatchSize.map((r) => `  batch ${String(r.batchSize).padStart(5)}: best ${r.optimizer} lr ${r.lr}  val_acc ${(100 * (r.valAccuracy as number)).toFixed(2)}%`);
  return ['best per batch size:', ...lines].join('\n');
}
