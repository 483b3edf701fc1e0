import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { BackendName } from '../engine/backend.js';
import { SpecError } from '../core/spec-error.js';
import type { TrialOutcome, TrialSpec } from '../trial/config.js';
import type { TrialRun } from '../trial/run-trial.js';
import { dirStateStore, memoryStateStore, type StateStore } from './state-store.js';
import type { WorkerTask } from './worker.js';

/**
 * One ASHA rung of a trial (sweep/asha-sweep.ts): train `spec` to `spec.config.epochs` epochs in
 * all, continuing from the state saved under `from` (from scratch when null or missing), and save
 * the state it ends in under `save` (when not null). The pool's state store holds the states.
 */
export interface RungTask {
  spec: TrialSpec;
  from: string | null;
  save: string | null;
}

/** Runs trials on worker threads; `close` ends the threads. */
export interface TrialPool {
  readonly jobs: number;
  readonly backend: BackendName;
  /** Run one trial; `onProgress` gets the fraction of its steps done, now and then. */
  run(spec: TrialSpec, signal?: AbortSignal, onProgress?: (fraction: number) => void): Promise<TrialOutcome>;
  /** Run one ASHA rung (see RungTask); the outcome lists the epochs trained in this call. Pools without it cannot run ASHA. */
  runRung?(task: RungTask, signal?: AbortSignal, onProgress?: (fraction: number) => void): Promise<TrialOutcome>;
  close(): Promise<void>;
}

/** The local pool: also runs a trial from a state given as bytes (the queue worker uses this). */
export interface LocalTrialPool extends TrialPool {
  runFrom(spec: TrialSpec, state: { resumeFrom: Uint8Array | null; keepState: boolean }, signal?: AbortSignal, onProgress?: (fraction: number) => void): Promise<TrialRun>;
  runRung(task: RungTask, signal?: AbortSignal, onProgress?: (fraction: number) => void): Promise<TrialOutcome>;
}

export interface TrialPoolOptions {
  /** Worker threads (= trials at once). Default: `os.availableParallelism()`. */
  jobs?: number;
  /** Backend each worker starts. Default `wasm` (falls back to cpu inside the worker if it must). */
  backend?: BackendName;
  /** Where `runRung` keeps trainer states: a folder (`--state-dir`), or this process's memory (default). */
  stateDir?: string;
}

/** The default `--jobs`: one worker per core the process may use. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Where the worker entry is, and how to run it: the compiled `worker.js` beside this file when
 * running from `dist/`, or `worker.ts` through tsx's loader when running from source (tsx, vitest).
 */
export function workerEntry(moduleUrl: string = import.meta.url): { filename: string; execArgv?: string[] } {
  if (moduleUrl.endsWith('.ts')) {
    // Absolute, so the loader resolves whatever the working directory is.
    const tsx = pathToFileURL(createRequire(moduleUrl).resolve('tsx')).href;
    return { filename: new URL('./worker.ts', moduleUrl).href, execArgv: ['--import', tsx] };
  }
  // From dist the workers inherit the process's own Node flags.
  return { filename: new URL('./worker.js', moduleUrl).href };
}

/**
 * A piscina pool of `jobs` worker threads, each with its own TensorFlow.js instance and backend,
 * started on first use. An aborted `run` ends its worker (the trial is abandoned; piscina starts
 * a fresh thread for the next task).
 *
 * @example const pool = createTrialPool({ jobs: 2 }); const o = await pool.run(spec); await pool.close();
 */
export function createTrialPool(opts: TrialPoolOptions = {}): LocalTrialPool {
  const jobs = opts.jobs ?? defaultJobs();
  if (!Number.isInteger(jobs) || jobs < 1) throw new SpecError('jobs', `must be an integer >= 1, got ${jobs}`);
  const backend = opts.backend ?? 'wasm';
  const entry = workerEntry();
  const piscina = new Piscina<WorkerTask, TrialRun>({
    ...entry,
    minThreads: 0,
    maxThreads: jobs,
    // Keep warm workers (tfjs started, data cached) for the next batch of trials.
    idleTimeout: 60_000,
  });
  const runFrom: LocalTrialPool['runFrom'] = async (spec, state, signal, onProgress) => {
    // Every queued trial of a sweep listens on the same signal (piscina adds one listener per
    // task), so a study with more than ten trials would trip Node's leak warning.
    if (signal) setMaxListeners(0, signal);
    const task: WorkerTask = { spec, backend, ...(state.resumeFrom ? { resumeFrom: state.resumeFrom } : {}), ...(state.keepState ? { keepState: true } : {}) };
    if (!onProgress) return piscina.run(task, signal ? { signal } : {});
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (m: { fraction: number }) => onProgress(m.fraction));
    try {
      return await piscina.run({ ...task, port: port2 }, { transferList: [port2], ...(signal ? { signal } : {}) });
    } finally {
      port1.close();
    }
  };
  let store: StateStore | null = null;
  return {
    jobs,
    backend,
    run: async (spec, signal, onProgress) => (await runFrom(spec, { resumeFrom: null, keepState: false }, signal, onProgress)).outcome,
    runFrom,
    runRung: async (task, signal, onProgress) => {
      store ??= opts.stateDir !== undefined ? dirStateStore(opts.stateDir) : memoryStateStore();
      const resumeFrom = task.from === null ? null : await store.get(task.from);
      const { outcome, state } = await runFrom(task.spec, { resumeFrom, keepState: task.save !== null }, signal, onProgress);
      if (task.save !== null && state !== null) await store.put(task.save, state);
      if (task.from !== null && task.from !== task.save) await store.delete(task.from);
      return outcome;
    },
    close: () => piscina.destroy(),
  };
}
