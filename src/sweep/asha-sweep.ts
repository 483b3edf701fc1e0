import { mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ashaRungs, createAsha, recordRung, type AshaState } from '../core/asha.js';
import { SpecError } from '../core/spec-error.js';
import type { TrialOutcome, TrialResultJson, TrialSpec } from '../trial/config.js';
import { canonicalJson } from './canonical-json.js';
import { createTrialPool, defaultJobs, type TrialPool } from './pool.js';
import { appendResult, readResults } from './results-file.js';
import { SweepInterrupted, type SweepOptions } from './run-sweep.js';

export interface AshaSweepOptions extends Omit<SweepOptions, 'fileName'> {
  /** r: epochs of the first rung. Default 1. */
  minEpochs?: number;
  /** η: the top 1/η of each rung goes on. Default 3. */
  eta?: number;
  /**
   * Rung tasks in flight at once (W). Default: the pool's jobs (all trials for the queue). The
   * promotions depend on W and on nothing else (see runAshaSweep), so the same W gives the same
   * sweep locally and on the queue.
   */
  slots?: number;
  /** Folder for trainer states of a local pool made here (`--state-dir`); default: in memory. */
  stateDir?: string;
}

/** What ASHA saved, for `summary.json`. */
export interface AshaReport {
  eta: number;
  minEpochs: number;
  maxEpochs: number;
  /** Each rung's epoch count (r, rη, rη², … ≤ R). */
  rungs: number[];
  /** Trials recorded at each rung. */
  trialsPerRung: number[];
  pruned: number;
  /** Epochs trained by all trials together (a promoted trial's continue, not restart). */
  epochsTrained: number;
  /** Epochs a full grid trains: trials × R. */
  fullGridEpochs: number;
  /** epochsTrained / fullGridEpochs. */
  fraction: number;
}

/** The rung-records file beside results.jsonl: one line per trial per rung, in the order they counted. */
export const RUNGS_FILE = 'rungs.jsonl';

interface Task { spec: TrialSpec; rung: number; done: Promise<TrialOutcome> }

/**
 * A sweep with ASHA pruning (Li et al. 2020; the rung rule is core/asha.ts): every trial first
 * trains r epochs; a trial among the top 1/η of its rung so far goes on to the next rung,
 * continuing from its saved trainer state (the pool's `runRung`), up to R = the trials'
 * `config.epochs`; the others stop there and are recorded with status `pruned` at the end.
 *
 * Order and determinism: at most `slots` rung tasks are in flight; results are counted in the
 * order the tasks were handed out (a fast task waits for the slower ones before it), and each
 * counted result frees its slot for the next task — a promotion (highest rung first, then the
 * best score) or else the
 * next new trial. The decisions therefore depend on `slots` and the trials' order only, never on
 * timing or on which worker ran what: the same `slots` gives the same promotions and numbers
 * locally and on the queue.
 *
 * Files in `dir`: `rungs.jsonl` (each rung result as it counts: the trial's outcome so far with
 * `asha: {rung, epochs}`) and `results.jsonl` (each trial once: finished at R, diverged, failed,
 * or — when the sweep ends — pruned). `resume` replays rungs.jsonl, so nothing counted runs
 * again; a promoted trial continues from its state when the state store still has it (memory
 * states die with the process; `stateDir` keeps them), and otherwise retrains to the same epoch
 * with the same numbers.
 */
export async function runAshaSweep(opts: AshaSweepOptions): Promise<{ outcomes: TrialOutcome[]; asha: AshaReport }> {
  const trials = opts.trials;
  if (trials.length === 0) throw new SpecError('trials', 'must not be empty');
  const maxEpochs = trials[0].config.epochs;
  for (const t of trials) {
    if (t.config.epochs !== maxEpochs) throw new SpecError(`trials.${t.id}.config.epochs`, `must be the same for every trial of an ASHA sweep (${maxEpochs})`);
  }
  const minEpochs = opts.minEpochs ?? 1;
  const eta = opts.eta ?? 3;
  const rungs = ashaRungs({ minEpochs, maxEpochs, eta });
  if (rungs[rungs.length - 1] !== maxEpochs) {
    throw new SpecError('--epochs', `must be a rung of ASHA, min-epochs × eta^k (${rungs.join(', ')}, ${rungs[rungs.length - 1] * eta} …), got ${maxEpochs}`);
  }
  const top = rungs.length - 1;
  const state = createAsha({ minEpochs, maxEpochs, eta });
  const byId = new Map(trials.map((t) => [t.id, t]));
  const resultsFile = opts.dir === undefined ? null : join(opts.dir, 'results.jsonl');
  const rungsFile = opts.dir === undefined ? null : join(opts.dir, RUNGS_FILE);
  /** Each trial's outcome so far (epochs of every rung it trained), and those that are over. */
  const sofar = new Map<string, TrialOutcome>();
  const final = new Map<string, TrialOutcome>();
  const promotable: { id: string; rung: number }[] = [];
  const total = trials.length;
  /** Trials results.jsonl already holds (resume): a replayed end is not written twice. */
  let recorded = new Map<string, TrialOutcome>();

  const finish = (o: TrialOutcome, resumed: boolean, write: boolean): void => {
    final.set(o.id, o);
    if (write && resultsFile !== null) appendResult(resultsFile, o);
    opts.onResult?.(o, { done: final.size, total, resumed });
  };
  /** Count one rung result; `write` false when replaying rungs.jsonl. */
  const count = (spec: TrialSpec, rung: number, o: TrialOutcome, write: boolean): void => {
    const merged = mergeRung(sofar.get(spec.id), o, spec, rung);
    sofar.set(spec.id, merged);
    if (write && rungsFile !== null) appendResult(rungsFile, merged);
    const score = merged.status === 'ok' ? (merged.result?.final as { valAccuracy?: number } | null)?.valAccuracy ?? NaN : NaN;
    for (const p of recordRung(state, spec.id, rung, score)) promotable.push({ id: p, rung: rung + 1 });
    if (merged.status !== 'ok' || rung === top) {
      // Replaying: written unless the run was killed between the rung line and the result line.
      if (!final.has(spec.id)) finish(merged, !write, write || !recorded.has(spec.id));
    }
  };

  if (opts.dir !== undefined) {
    mkdirSync(opts.dir, { recursive: true });
    if (opts.resume) {
      recorded = readResults(resultsFile as string);
      for (const line of readRungLines(rungsFile as string)) {
        const t = byId.get(line.id);
        if (t === undefined || line.asha === undefined || line.status === 'error') continue;
        checkSame(t, line, rungsFile as string);
        count(t, line.asha.rung, line, false);
      }
      for (const t of trials) {
        const r = recorded.get(t.id);
        if (r?.status === 'pruned' && !final.has(t.id)) {
          checkSame(t, r, resultsFile as string);
          finish(r, true, false);
        }
      }
    } else {
      writeFileSync(resultsFile as string, '');
      writeFileSync(rungsFile as string, '');
    }
  }

  const pool = opts.pool ?? createTrialPool({
    jobs: Math.min(opts.jobs ?? defaultJobs(), trials.length), backend: opts.backend, ...(opts.stateDir !== undefined ? { stateDir: opts.stateDir } : {}),
  });
  if (pool.runRung === undefined) throw new SpecError('pool', 'cannot continue trials from a state (no runRung), so it cannot run ASHA');
  const slots = opts.slots ?? Math.min(pool.jobs, trials.length);
  if (!(Number.isInteger(slots) && slots >= 1)) throw new SpecError('slots', `must be an integer >= 1, got ${slots}`);
  const stateName = (id: string, rung: number): string => `${id}@${rungs[rung]}`;
  const submit = (spec: TrialSpec, rung: number): Task => {
    opts.onStart?.(spec);
    const onProgress = opts.onTrialProgress;
    const task = { spec: { id: spec.id, config: { ...spec.config, epochs: rungs[rung] } }, from: rung === 0 ? null : stateName(spec.id, rung - 1), save: rung === top ? null : stateName(spec.id, rung) };
    const done = (pool.runRung as NonNullable<TrialPool['runRung']>)(task, opts.signal, onProgress ? (f) => onProgress(spec.id, f) : undefined)
      .catch((err: unknown): TrialOutcome => ({
        id: spec.id, config: task.spec.config, status: 'error', result: null, error: err instanceof Error ? err.message : String(err), seconds: 0,
      }));
    return { spec, rung, done };
  };

  const started = new Set(sofar.keys());
  const fresh = trials.filter((t) => !started.has(t.id) && !final.has(t.id));
  // Promotions found while replaying whose next rung was counted already are not pending.
  // The paper's order: the highest rung first, and within a rung the best score first.
  const scoreOf = (p: { id: string; rung: number }): number => {
    const s = state.rungs[p.rung - 1].scores.get(p.id) as number;
    return Number.isNaN(s) ? -Infinity : s;
  };
  const pending = (): { id: string; rung: number } | undefined => {
    promotable.sort((a, b) => b.rung - a.rung || scoreOf(b) - scoreOf(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    while (promotable.length > 0) {
      const p = promotable.shift() as { id: string; rung: number };
      if (!final.has(p.id) && !state.rungs[p.rung].scores.has(p.id)) return p;
    }
    return undefined;
  };
  const inflight: Task[] = [];
  try {
    for (;;) {
      while (inflight.length < slots && !opts.signal?.aborted) {
        const p = pending();
        if (p !== undefined) inflight.push(submit(byId.get(p.id) as TrialSpec, p.rung));
        else if (fresh.length > 0) inflight.push(submit(fresh.shift() as TrialSpec, 0));
        else break;
      }
      const head = inflight.shift();
      if (head === undefined) break;
      const o = await head.done;
      if (opts.signal?.aborted) break;
      count(head.spec, head.rung, o, true);
    }
  } finally {
    if (!opts.pool) await pool.close();
  }
  if (opts.signal?.aborted) {
    await Promise.all(inflight.map((t) => t.done));
    throw new SweepInterrupted(final.size, total);
  }
  // Nothing more can be promoted: every trial not over stops at its rung.
  for (const t of trials) {
    if (final.has(t.id)) continue;
    const o = sofar.get(t.id) as TrialOutcome;
    finish({ ...o, status: 'pruned' }, false, true);
  }
  const outcomes = trials.map((t) => final.get(t.id) as TrialOutcome);
  return { outcomes, asha: report(state, outcomes, { eta, minEpochs, maxEpochs, rungs }) };
}

/**
 * The trial's outcome after `rung`: the epochs of the earlier rungs, then those of this call
 * (a retrain from scratch, when a state was lost, brings all of them: rows are kept by epoch
 * number), with the trial's own config (epochs = R), the seconds of every call, and where it is.
 */
function mergeRung(prev: TrialOutcome | undefined, o: TrialOutcome, spec: TrialSpec, rung: number): TrialOutcome {
  const rows = (r: TrialResultJson | null | undefined): TrialResultJson['epochs'] => r?.epochs ?? [];
  const now = rows(o.result);
  const firstNew = now.length > 0 ? now[0].epoch : Infinity;
  const epochs = [...rows(prev?.result).filter((e) => e.epoch < firstNew), ...now];
  const result = o.result === null ? null : { ...o.result, epochs, final: epochs.length > 0 ? epochs[epochs.length - 1] : null };
  const stepLosses = prev?.stepLosses && o.stepLosses && firstNew > 1 ? [...prev.stepLosses, ...o.stepLosses] : o.stepLosses;
  return {
    ...o,
    id: spec.id,
    config: spec.config,
    result,
    ...(stepLosses ? { stepLosses } : {}),
    seconds: (prev?.seconds ?? 0) + o.seconds,
    asha: { rung, epochs: epochs.length },
  };
}

function report(state: AshaState, outcomes: readonly TrialOutcome[], o: { eta: number; minEpochs: number; maxEpochs: number; rungs: number[] }): AshaReport {
  const epochsTrained = outcomes.reduce((s, x) => s + (x.asha?.epochs ?? 0), 0);
  const fullGridEpochs = outcomes.length * o.maxEpochs;
  return {
    ...o,
    trialsPerRung: state.rungs.map((r) => r.scores.size),
    pruned: outcomes.filter((x) => x.status === 'pruned').length,
    epochsTrained,
    fullGridEpochs,
    fraction: epochsTrained / fullGridEpochs,
  };
}

function checkSame(t: TrialSpec, recorded: TrialOutcome, file: string): void {
  if (canonicalJson(recorded.config) !== canonicalJson(t.config)) {
    throw new SpecError(`trials.${t.id}`, `${file} records this trial with a different config; use another folder or start without resume`);
  }
}

/** Every complete rung record of the file, in file order (a torn last line is skipped). */
function readRungLines(file: string): TrialOutcome[] {
  if (!existsSync(file)) return [];
  const out: TrialOutcome[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const o = JSON.parse(line) as TrialOutcome;
      if (typeof o.id === 'string' && typeof o.asha?.rung === 'number') out.push(o);
    } catch {
      // A torn line from a killed run.
    }
  }
  return out;
}
