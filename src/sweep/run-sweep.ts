import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SpecError } from '../core/spec-error.js';
import type { BackendName } from '../engine/backend.js';
import type { TrialOutcome, TrialSpec } from '../trial/config.js';
import { canonicalJson } from './canonical-json.js';
import { createTrialPool, defaultJobs, type TrialPool } from './pool.js';
import { appendResult, readResults } from './results-file.js';

/** Progress after each trial: finished so far (recorded ones included) of the total. */
export interface SweepProgress {
  done: number;
  total: number;
  /** The trial came from the results file of an earlier run (`resume`), not from training now. */
  resumed: boolean;
}

export interface SweepOptions {
  trials: readonly TrialSpec[];
  /** Worker threads (ignored when `pool` is given). Default: the number of cores. */
  jobs?: number;
  /** Backend of the workers (ignored when `pool` is given). Default wasm. */
  backend?: BackendName;
  /** Folder for the results file; without it nothing is written and `resume` has nothing to read. */
  dir?: string;
  /** Name of the results file in `dir`. Default `results.jsonl`. */
  fileName?: string;
  /** Keep the trials already in the results file (skipping them; failed ones are retried); false (default) starts the file afresh. */
  resume?: boolean;
  /** Called as each trial finishes (and for each trial read back on resume), in finishing order. */
  onResult?: (outcome: TrialOutcome, progress: SweepProgress) => void;
  /** Called when a trial is handed to a worker (it may wait in the queue for a free thread). */
  onStart?: (spec: TrialSpec) => void;
  /** Called now and then while a trial trains, with the fraction of its steps done. */
  onTrialProgress?: (id: string, fraction: number) => void;
  /** Stops the sweep: running trials are abandoned, finished ones stay in the file; runSweep rejects with SweepInterrupted. */
  signal?: AbortSignal;
  /** An existing pool to run on (kept open); otherwise one is made for this sweep and closed at the end. */
  pool?: TrialPool;
}

/** The sweep was stopped by its signal; `done` trials are recorded. */
export class SweepInterrupted extends Error {
  override readonly name = 'SweepInterrupted';
  constructor(readonly done: number, readonly total: number) {
    super(`interrupted: ${done} of ${total} trials finished and kept`);
  }
}

/**
 * Run trials on a pool of worker threads, recording each as it finishes.
 *
 * - Each finished trial is appended to `dir/fileName` as one complete line (one write + fsync),
 *   so a kill loses at most the trials still running.
 * - `resume`: trials already in the file are not run again (the file's torn last line, if any, is
 *   ignored), except those recorded as errors, which are retried; a recorded trial whose config
 *   differs from the one asked for is an error (SpecError naming the trial), as its result would
 *   not answer the question.
 * - A trial that diverges or throws is recorded with its status and the sweep goes on.
 * - Results come back in the order of `trials`. Trials are independent and seeded, so the
 *   numbers do not depend on `jobs` or on which worker ran them (timings aside).
 *
 * @example const outcomes = await runSweep({ trials, jobs: 2, dir: 'out/sweep', resume: true });
 */
export async function runSweep(opts: SweepOptions): Promise<TrialOutcome[]> {
  const trials = checkTrials(opts.trials);
  const file = opts.dir === undefined ? null : join(opts.dir, opts.fileName ?? 'results.jsonl');
  const results = new Map<string, TrialOutcome>();
  const total = trials.length;
  const report = (o: TrialOutcome, resumed: boolean): void => opts.onResult?.(o, { done: results.size, total, resumed });

  if (file !== null) {
    mkdirSync(opts.dir as string, { recursive: true });
    if (opts.resume) {
      const recorded = readResults(file);
      for (const t of trials) {
        const r = recorded.get(t.id);
        // A trial that threw runs again: cheap if the error is in its config, and a worker
        // crash (out of memory) may not repeat. Diverged trials are results and are kept.
        if (!r || r.status === 'error') continue;
        if (canonicalJson(r.config) !== canonicalJson(t.config)) {
          throw new SpecError(`trials.${t.id}`, `${file} records this trial with a different config; use another folder or start without resume`);
        }
        results.set(t.id, r);
        report(r, true);
      }
    } else {
      writeFileSync(file, '');
    }
  }

  const pending = trials.filter((t) => !results.has(t.id));
  if (pending.length > 0 && !opts.signal?.aborted) {
    // No more threads than trials: each idle worker would still pay for a TensorFlow.js start.
    const pool = opts.pool ?? createTrialPool({ jobs: Math.min(opts.jobs ?? defaultJobs(), pending.length), backend: opts.backend });
    try {
      await Promise.all(pending.map(async (t) => {
        opts.onStart?.(t);
        let outcome: TrialOutcome;
        try {
          const onProgress = opts.onTrialProgress;
          outcome = await pool.run(t, opts.signal, onProgress ? (f) => onProgress(t.id, f) : undefined);
        } catch (err) {
          if (opts.signal?.aborted) return; // abandoned, not finished: a resume runs it again
          // The worker itself failed (out of memory, crash): recorded like a trial that threw.
          outcome = { id: t.id, config: t.config, status: 'error', result: null, error: err instanceof Error ? err.message : String(err), seconds: 0 };
        }
        if (file !== null) appendResult(file, outcome);
        results.set(t.id, outcome);
        report(outcome, false);
      }));
    } finally {
      if (!opts.pool) await pool.close();
    }
  }
  if (opts.signal?.aborted && results.size < total) throw new SweepInterrupted(results.size, total);
  return trials.map((t) => results.get(t.id) as TrialOutcome);
}

function checkTrials(trials: readonly TrialSpec[]): readonly TrialSpec[] {
  if (!Array.isArray(trials)) throw new SpecError('trials', 'must be an array');
  const seen = new Set<string>();
  trials.forEach((t, i) => {
    if (t === null || typeof t !== 'object' || typeof t.id !== 'string' || t.id === '') throw new SpecError(`trials[${i}].id`, 'must be a non-empty string');
    if (seen.has(t.id)) throw new SpecError(`trials[${i}].id`, `must be unique ("${t.id}" repeats)`);
    if (t.config === null || typeof t.config !== 'object') throw new SpecError(`trials[${i}].config`, 'must be an object');
    seen.add(t.id);
  });
  return trials;
}
