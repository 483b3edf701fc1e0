import { join, resolve } from 'node:path';
import { gridSummary, type GridTrial } from '../../../core/finder/index.js';
import { runSweep, SweepInterrupted } from '../../../sweep/run-sweep.js';
import type { TrialOutcome } from '../../../trial/config.js';
import { VERSION } from '../../../version.js';
import { formatNumber } from '../../ascii-plot.js';
import { toJson, writeOutput } from '../../output.js';
import { formatSeconds, Progress } from '../../progress.js';
import { resolveBackendFlag, trialConfigOf } from '../../training-flags.js';
import type { FindSpec } from './flags.js';
import { pct, say } from './render.js';

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

/** The grid search: each LR trained on worker threads from the same initial weights; the best by validation accuracy. */
export async function runGrid(spec: FindSpec): Promise<number> {
  const grid = spec.grid as NonNullable<FindSpec['grid']>;
  const t = spec.training;
  // Same seed for every trial: the same initial weights and batch order, only the LR differs.
  const trials = grid.lrs.map((lr) => ({ id: `lr=${lr}`, config: { ...trialConfigOf({ ...t, epochs: grid.epochs, schedule: lr }), dataSeed: t.seed } }));
  const base = trials[0].config;
  const { name: backend, adapter } = await resolveBackendFlag(t.backend);
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
      backend,
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
  const out = {
    config: {
      command: 'find', method: 'grid', data: t.data, trainSize: t.trainSize ?? null, valSize: t.valSize ?? null, model: base.model,
      ...(base.hidden ? { hidden: base.hidden } : {}), optimizer: t.optimizer, batchSize: t.batchSize, epochs: grid.epochs, lrs: grid.lrs,
      seed: t.seed, backend, adapter, version: VERSION,
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
