import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { BackendName } from '../engine/backend.js';
import { SpecError } from '../core/spec-error.js';
import type { TrialOutcome, TrialSpec } from '../trial/config.js';
import type { WorkerTask } from './worker.js';

/** Runs trials on worker threads; `close` ends the threads. */
export interface TrialPool {
  readonly jobs: number;
  readonly backend: BackendName;
  /** Run one trial; `onProgress` gets the fraction of its steps done, now and then. */
  run(spec: TrialSpec, signal?: AbortSignal, onProgress?: (fraction: number) => void): Promise<TrialOutcome>;
  close(): Promise<void>;
}

export interface TrialPoolOptions {
  /** Worker threads (= trials at once). Default: `os.availableParallelism()`. */
  jobs?: number;
  /** Backend each worker starts. Default `wasm` (falls back to cpu inside the worker if it must). */
  backend?: BackendName;
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
export function createTrialPool(opts: TrialPoolOptions = {}): TrialPool {
  const jobs = opts.jobs ?? defaultJobs();
  if (!Number.isInteger(jobs) || jobs < 1) throw new SpecError('jobs', `must be an integer >= 1, got ${jobs}`);
  const backend = opts.backend ?? 'wasm';
  const entry = workerEntry();
  const piscina = new Piscina<WorkerTask, TrialOutcome>({
    ...entry,
    minThreads: 0,
    maxThreads: jobs,
    // Keep warm workers (tfjs started, data cached) for the next batch of trials.
    idleTimeout: 60_000,
  });
  return {
    jobs,
    backend,
    run: async (spec, signal, onProgress) => {
      // Every queued trial of a sweep listens on the same signal (piscina adds one listener per
      // task), so a study with more than ten trials would trip Node's leak warning.
      if (signal) setMaxListeners(0, signal);
      if (!onProgress) return piscina.run({ spec, backend }, signal ? { signal } : {});
      const { port1, port2 } = new MessageChannel();
      port1.on('message', (m: { fraction: number }) => onProgress(m.fraction));
      try {
        return await piscina.run({ spec, backend, port: port2 }, { transferList: [port2], ...(signal ? { signal } : {}) });
      } finally {
        port1.close();
      }
    },
    close: () => piscina.destroy(),
  };
}
