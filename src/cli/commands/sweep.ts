import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadData } from '../../data/index.js';
import { OPTIMIZER_NAMES } from '../../engine/optimizers/index.js';
import { renderSvg } from '../../report/render.js';
import { defaultJobs } from '../../sweep/pool.js';
import { runAshaSweep, type AshaReport } from '../../sweep/asha-sweep.js';
import { runSweep, SweepInterrupted, type SweepProgress } from '../../sweep/run-sweep.js';
import { summarizeSweep, sweepHeatmap } from '../../sweep/summary.js';
import type { ScheduleValue, TrialOutcome, TrialSpec } from '../../trial/config.js';
import { VERSION } from '../../version.js';
import { choiceFlag, intFlag, numListFlag, parseFlags } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { toJson, writeOutput } from '../output.js';
import { formatSeconds, Progress } from '../progress.js';
import { RUN_FLAGS, RUN_FLAGS_HELP } from '../run-flags.js';
import {
  parseOptimizer, parseScheduleFlag, parseTrainingFlags, resolveBackendFlag, trialConfigOf, TRAINING_FLAGS, TRAINING_FLAGS_HELP, type TrainingSpec,
} from '../training-flags.js';

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
  --queue URL             run the trials on \`lrlab worker\` processes through Redis (redis://[:password@]HOST:PORT[/DB],
                          rediss:// for TLS) instead of local threads; --jobs is then ignored (with
                          --prune asha: the rung tasks in flight, default all trials)
  --sweep-name NAME       the sweep's namespace in Redis (default: default)
  --prune asha            early stopping by ASHA (asynchronous successive halving): trials train
                          --min-epochs, the top 1/eta of each rung go on (continuing from their saved
                          state) up to --epochs, which must be min-epochs × eta^k; the rest are
                          recorded as "pruned". Rung results go to DIR/rungs.jsonl (--resume replays them)
  --min-epochs R          epochs of ASHA's first rung (default 1)
  --eta N                 ASHA's reduction factor, an integer >= 2 (default 3)
  --state-dir DIR         keep ASHA's trainer states as files in DIR (default: in memory; with --queue:
                          in Redis, or DIR on storage every worker can read — give workers the same flag)
  --quiet                 no progress bar and no per-trial lines on stderr

${TRAINING_FLAGS_HELP}
${RUN_FLAGS_HELP}

Each finished trial is appended to DIR/results.jsonl at once (one line each), so an interrupted
sweep loses only the trials that were running: run it again with --resume. Ctrl-C stops cleanly.

Example:
  lrlab sweep --data mnist --train-size 10000 --model mlp --lr 0.01,0.03,0.1,0.3 --batch-size 32,128,512 --epochs 3 --out sweep/
`;

const FLAGS = {
  ...TRAINING_FLAGS,
  ...RUN_FLAGS,
  schedule: { type: 'string', multiple: true },
  out: { type: 'string' },
  jobs: { type: 'string' },
  resume: { type: 'boolean' },
  queue: { type: 'string' },
  'sweep-name': { type: 'string' },
  prune: { type: 'string' },
  'min-epochs': { type: 'string' },
  eta: { type: 'string' },
  'state-dir': { type: 'string' },
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
    // auto decided and webgpu's adapter checked here: no GPU is exit 2 before any file or worker.
    const { name: backend, adapter } = await resolveBackendFlag(trials.backend);
    // Bad data (unknown name, missing file, --train-size too large) is an input error: exit 2
    // before any worker starts, rather than every trial failing with the same message.
    const first = trials.specs[0].config;
    await loadData({ data: first.data, trainSize: first.trainSize, valSize: first.valSize, labelColumn: first.labelColumn, seed: first.seed });

    const asha = ashaFlags(values as Values);
    const queueUrl = values.queue as string | undefined;
    if (queueUrl === undefined && values['sweep-name'] !== undefined) throw new UsageError('--sweep-name', 'needs --queue');
    const stateDir = asha?.stateDir === undefined ? undefined : resolve(asha.stateDir);
    const pool = queueUrl === undefined ? undefined
      : await (await import('../../queue/queue-pool.js')).createQueuePool({
        url: queueUrl, backend, ...(values['sweep-name'] !== undefined ? { sweepName: values['sweep-name'] as string } : {}), ...(stateDir !== undefined ? { stateDir } : {}),
      });

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
    let ashaReport: AshaReport | null = null;
    try {
      const sweepOptions = {
        trials: trials.specs,
        jobs,
        backend,
        dir,
        resume,
        signal: ac.signal,
        ...(pool ? { pool } : {}),
        onResult: (o: TrialOutcome, p: SweepProgress) => {
          running.delete(o.id);
          finished = p.done;
          progress.log(trialLine(o, p.resumed), quiet);
          redraw();
        },
        onTrialProgress: (id: string, fraction: number) => {
          running.set(id, fraction);
          redraw();
        },
      };
      if (asha === null) {
        outcomes = await runSweep(sweepOptions);
      } else {
        ({ outcomes, asha: ashaReport } = await runAshaSweep({
          ...sweepOptions, minEpochs: asha.minEpochs, eta: asha.eta, ...(stateDir !== undefined && !pool ? { stateDir } : {}),
          // Trials in flight at once: the threads locally; on the queue, the workers decide (--jobs caps it).
          ...(pool && values.jobs !== undefined ? { slots: jobs } : {}),
        }));
      }
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
      await pool?.close();
    }

    const summary = summarizeSweep(outcomes);
    writeOutput(join(dir, 'summary.json'), toJson({
      config: { ...trials.common, backend, adapter, version: VERSION },
      ...summary,
      ...(ashaReport ? { asha: ashaReport } : {}),
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
    const pruned = ashaReport ? `, ${ashaReport.pruned} pruned (${ashaReport.epochsTrained} of a full grid's ${ashaReport.fullGridEpochs} epochs trained)` : '';
    process.stdout.write(`${join(out, 'summary.json')}: ${summary.ok} ok, ${summary.diverged} diverged, ${summary.errors} failed${pruned} of ${summary.trials} trials\n`);
    return 0;
  },
};

type Values = Record<string, string | string[] | boolean | undefined>;

/**
 * The grid's trials: every optimizer × LR (or schedule) × batch size. The flags are validated
 * once, as `lrlab train` validates them (so a sweep accepts exactly what `train` accepts); each
 * grid point then only picks its optimizer, learning rate and batch size. Trial ids name the
 * grid point (`sgd lr=0.1 bs=32`), so `--resume` finds them again.
 */
export function sweepTrials(values: Values): { specs: TrialSpec[]; backend: TrainingSpec['backend']; common: Record<string, unknown> } {
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const scheduleRaws = Array.isArray(values.schedule) ? values.schedule : [];
  const lrRaw = str('lr');
  if (lrRaw !== undefined && scheduleRaws.length > 0) throw new UsageError('--schedule', 'cannot be combined with --lr (the schedule sets the learning rate)');
  if (lrRaw === undefined && scheduleRaws.length === 0) throw new UsageError('--lr', 'is required: a comma-separated list of learning rates (or give --schedule)');
  const lrs = lrRaw === undefined ? [] : numListFlag('lr', lrRaw, { positive: true });
  const unit = scheduleUnitFlag(str('schedule-unit'), scheduleRaws.length > 0);
  const schedules = scheduleRaws.map((raw) => parseScheduleFlag(raw, unit));
  const optimizerNames = (str('optimizer') ?? 'sgd').split(',').map((o) => o.trim());
  for (const o of optimizerNames) {
    if (!(OPTIMIZER_NAMES as readonly string[]).includes(o)) throw new UsageError('--optimizer', `must be a list of ${OPTIMIZER_NAMES.join('|')}, got '${o}'`);
  }
  // Everything but the grid's axes, validated once (the LR is the grid's; the optimizer is checked per name below).
  const common = parseTrainingFlags({ ...values, lr: undefined, schedule: undefined, 'schedule-unit': undefined, optimizer: undefined, 'batch-size': undefined } as Parameters<typeof parseTrainingFlags>[0], { lrOptional: true });
  if (common.batchSchedule && str('batch-size') !== undefined) {
    throw new UsageError('--batch-schedule', 'cannot be combined with --batch-size (the schedule sets the batch size)');
  }
  const batchSizes = common.batchSchedule ? [common.batchSize] : numListFlag('batch-size', str('batch-size') ?? '128', { positive: true, integer: true });
  for (const [flag, list] of [['lr', lrs], ['batch-size', batchSizes], ['optimizer', optimizerNames], ['schedule', scheduleRaws]] as const) {
    if (new Set(list as readonly unknown[]).size !== list.length) throw new UsageError(`--${flag}`, 'lists a value twice');
  }
  const optimizers = optimizerNames.map((name) => parseOptimizer(name, str('momentum'), str('weight-decay')));

  const points: { key: string; schedule: ScheduleValue }[] = lrs.length > 0
    ? lrs.map((lr) => ({ key: `lr=${lr}`, schedule: lr }))
    : schedules.map((schedule, i) => ({ key: `schedule=${i + 1}`, schedule }));
  const specs: TrialSpec[] = [];
  for (const optimizer of optimizers) {
    for (const p of points) {
      for (const batchSize of batchSizes) {
        specs.push({ id: `${optimizer.name} ${p.key} bs=${batchSize}`, config: trialConfigOf({ ...common, optimizer, schedule: p.schedule, batchSize }) });
      }
    }
  }
  return {
    specs,
    backend: common.backend,
    common: {
      data: common.data, trainSize: common.trainSize ?? null, valSize: common.valSize ?? null, model: specs[0].config.model,
      epochs: common.epochs, seed: common.seed, backend: common.backend, optimizers: optimizerNames, lrs,
      schedules: schedules.length > 0 ? schedules : null, batchSizes,
    },
  };
}

/** `--prune asha [--min-epochs r] [--eta η] [--state-dir DIR]`; null without --prune. */
function ashaFlags(values: Values): { minEpochs: number; eta: number; stateDir?: string } | null {
  const prune = typeof values.prune === 'string' ? values.prune : undefined;
  if (prune === undefined) {
    for (const f of ['min-epochs', 'eta', 'state-dir']) if (values[f] !== undefined) throw new UsageError(`--${f}`, 'needs --prune asha');
    return null;
  }
  choiceFlag('prune', prune, ['asha'] as const);
  const minEpochs = intFlag('min-epochs', values['min-epochs'] as string | undefined, { default: 1 });
  const eta = intFlag('eta', values.eta as string | undefined, { default: 3, min: 2 });
  const stateDir = typeof values['state-dir'] === 'string' ? values['state-dir'] : undefined;
  return { minEpochs, eta, ...(stateDir !== undefined ? { stateDir } : {}) };
}

/** `--schedule-unit`, which applies to every `--schedule` of the grid. */
function scheduleUnitFlag(raw: string | undefined, hasSchedules: boolean): 'step' | 'epoch' | undefined {
  if (raw === undefined) return undefined;
  if (!hasSchedules) throw new UsageError('--schedule-unit', 'needs --schedule');
  return choiceFlag('schedule-unit', raw, ['step', 'epoch'] as const);
}

function trialLine(o: TrialOutcome, resumed: boolean): string {
  const f = o.result?.final as { valAccuracy: number; valLoss: number } | null | undefined;
  const what = o.status === 'error' ? `failed: ${o.error}`
    : o.status === 'diverged' ? `diverged at step ${o.result?.divergedAtStep}`
      : o.status === 'pruned' ? `pruned after ${o.asha?.epochs} epochs  val_acc ${(100 * (f?.valAccuracy ?? NaN)).toFixed(2)}%`
      : f ? `val_acc ${(100 * f.valAccuracy).toFixed(2)}%  val_loss ${f.valLoss.toFixed(4)}` : 'no finished epoch';
  return `${o.id}: ${what}${resumed ? ' (recorded earlier)' : `  ${o.seconds.toFixed(1)}s`}`;
}

function summaryText(s: ReturnType<typeof summarizeSweep>): string {
  if (s.bestPerBatchSize.length === 0) return 'no trial finished without diverging';
  const lines = s.bestPerBatchSize.map((r) => `  batch ${String(r.batchSize).padStart(5)}: best ${r.optimizer} lr ${r.lr}  val_acc ${(100 * (r.valAccuracy as number)).toFixed(2)}%`);
  return ['best per batch size:', ...lines].join('\n');
}
