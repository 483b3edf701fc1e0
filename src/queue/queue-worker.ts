import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { SpecError } from '../core/spec-error.js';
import type { BackendChoice, BackendName } from '../engine/backend.js';
import { createTrialPool, type LocalTrialPool } from '../sweep/pool.js';
import { dirStateStore, type StateStore } from '../sweep/state-store.js';
import type { TrialOutcome } from '../trial/config.js';
import { connectOrFail, type RedisClient } from './connect.js';
import { KEY_PREFIX, outcomeNumbers, parseTrialJob, QUEUE_NAME, resultsKey, type TrialJob } from './protocol.js';
import { parseRedisUrl } from './redis-url.js';
import { redisStateStore } from './redis-state-store.js';
import { recordFirst } from './results-store.js';

export interface QueueWorkerOptions {
  url: string;
  /** Trials at once, one worker thread each. Default 1. */
  jobs?: number;
  /** Stop after taking this many trials. */
  maxTrials?: number;
  /** Stop after this many seconds with nothing to do. */
  idleExitSeconds?: number;
  /**
   * Lock duration in seconds: a worker that dies (kill -9, lost machine) holds its trial this
   * long, then the stalled check (run at the same period) hands it to another worker. Default 30.
   */
  lockSeconds?: number;
  /**
   * What this worker trains jobs whose backend is `auto` on (its `--backend`). A job that names a
   * backend (wasm, cpu, webgpu: the coordinator's choice) runs on that one. Default `auto`:
   * webgpu where this machine has a GPU adapter, else wasm, decided at the first such job. A
   * worker given `webgpu` (or `auto`) checks the adapter before it connects: with `webgpu` and no
   * adapter, `startQueueWorker` throws BackendUnavailableError (one line).
   */
  backend?: BackendChoice;
  /** Folder of ASHA trainer states on shared storage, as mounted here; overrides the coordinator's `--state-dir`. */
  stateDir?: string;
  /** One line per event (trial taken, finished, failed). */
  log?: (line: string) => void;
  connectTimeoutMs?: number;
}

export interface QueueWorkerHandle {
  /** Resolves once the worker stopped (by `stop`, `maxTrials` or `idleExitSeconds`), with the trials it finished. */
  readonly done: Promise<{ finished: number; failed: number }>;
  /** Stop taking trials. Default: finish the running ones first; `force`: hand them back to the queue now. */
  stop(force?: boolean): void;
}

/**
 * An `lrlab worker`: takes trial jobs from the queue and trains each on a worker thread (the
 * sweep's piscina pool), so the event loop stays free to renew BullMQ's job locks however long a
 * trial computes — a blocked loop would let the lock lapse and the trial run twice.
 *
 * For each job: the payload is checked with the trial config schema (a bad one fails that job
 * with the field and reason, and the worker goes on); a result already in Redis is not computed
 * again; otherwise the trial trains and its outcome is written only if none is there yet (one atomic script), so the first
 * complete result of a trial wins. A later duplicate is dropped after checking its numbers
 * equal the kept ones (a mismatch fails the job with both recorded in the reason).
 */
export async function startQueueWorker(opts: QueueWorkerOptions): Promise<QueueWorkerHandle> {
  const connection = parseRedisUrl(opts.url);
  const jobs = opts.jobs ?? 1;
  if (!Number.isInteger(jobs) || jobs < 1) throw new SpecError('--jobs', `must be an integer >= 1, got ${jobs}`);
  const lockMs = Math.round((opts.lockSeconds ?? 30) * 1000);
  if (!(lockMs >= 100)) throw new SpecError('--lock-seconds', `must be at least 0.1, got ${opts.lockSeconds}`);
  const log = opts.log ?? (() => undefined);
  const backends = jobBackends(opts.backend ?? 'auto');
  // A worker told to use the GPU fails at once, before it takes a job it could not train.
  if (opts.backend === 'webgpu' || opts.backend === 'auto') await backends.forAuto();
  const pools = new Map<BackendName, LocalTrialPool>();
  const poolFor = (b: BackendName): LocalTrialPool => {
    let p = pools.get(b);
    if (!p) pools.set(b, p = createTrialPool({ jobs, backend: b }));
    return p;
  };
  const handBack = new AbortController();
  let taken = 0;
  let finished = 0;
  let failed = 0;
  let active = 0;
  let idleSince = Date.now();
  let redis: RedisClient | null = null;

  const process = async (job: Job<unknown>, token?: string): Promise<string> => {
    if ((opts.maxTrials !== undefined && taken >= opts.maxTrials) || handBack.signal.aborted) {
      await job.moveToWait(token);
      throw new WaitingError();
    }
    taken++;
    active++;
    try {
      return await runJob(job, token);
    } finally {
      active--;
      idleSince = Date.now();
      if (opts.maxTrials !== undefined && finished + failed + 1 >= opts.maxTrials && taken >= opts.maxTrials) stopSoon();
    }
  };

  const runJob = async (job: Job<unknown>, token?: string): Promise<string> => {
    let payload: TrialJob;
    try {
      payload = parseTrialJob(job.data);
    } catch (err) {
      // Retrying cannot fix a payload.
      throw new UnrecoverableError(err instanceof Error ? err.message : String(err));
    }
    const client = redis as RedisClient;
    const key = resultsKey(payload.sweep);
    const jobId = job.id as string;
    if (await client.hexists(key, jobId)) {
      log(`${payload.id}: already finished by another worker; not run again`);
      return 'duplicate';
    }
    let backend: BackendName;
    try {
      backend = await backends.of(payload.backend);
    } catch (err) {
      // The coordinator asked for a GPU this machine lacks: fail the job with why, go on with the next.
      throw new UnrecoverableError(`backend ${payload.backend}: ${err instanceof Error ? err.message : String(err)} on this worker`);
    }
    log(`${payload.id}: training${payload.backend === 'auto' ? ` (auto: ${backend})` : ''}`);
    const io = payload.state;
    const dir = opts.stateDir ?? io?.dir;
    const store: StateStore | null = io === undefined ? null : dir !== undefined ? dirStateStore(dir) : redisStateStore(client, payload.sweep);
    let outcome: TrialOutcome;
    try {
      const resumeFrom = store !== null && io?.from ? await store.get(io.from) : null;
      const run = await poolFor(backend).runFrom({ id: payload.id, config: payload.config }, { resumeFrom, keepState: io?.save != null }, handBack.signal, (f) => {
        void job.updateProgress(f).catch(() => undefined);
      });
      outcome = run.outcome;
      // Saved before the result is recorded: the coordinator enqueues a promotion only after that.
      if (store !== null && io?.save && run.state !== null) await store.put(io.save, run.state);
    } catch (err) {
      if (handBack.signal.aborted) {
        await job.moveToWait(token);
        throw new WaitingError();
      }
      // The thread died (out of memory): recorded as a local sweep records it.
      outcome = { id: payload.id, config: payload.config, status: 'error', result: null, error: err instanceof Error ? err.message : String(err), seconds: 0 };
    }
    const line = JSON.stringify(outcome);
    const kept = await recordFirst(client, key, jobId, line);
    if (kept !== null) {
      if (outcomeNumbers(JSON.parse(kept) as TrialOutcome) !== outcomeNumbers(outcome)) {
        throw new UnrecoverableError(`trial ${payload.id} ran twice with different numbers; the first result is kept`);
      }
      log(`${payload.id}: ran twice (a lock was lost); same numbers, the first result is kept`);
      return 'duplicate';
    }
    // The state this rung started from is not needed again (a rerun of this job retrains from scratch, same numbers).
    if (store !== null && io?.from && io.from !== io.save) await store.delete(io.from);
    log(`${payload.id}: ${outcome.status} in ${outcome.seconds.toFixed(1)}s`);
    return outcome.status;
  };

  const worker = new Worker(QUEUE_NAME, process, {
    connection, prefix: KEY_PREFIX, concurrency: jobs, autorun: false,
    lockDuration: lockMs, stalledInterval: lockMs, maxStalledCount: 1,
  });
  worker.on('completed', () => { finished++; });
  worker.on('failed', (job, err) => {
    if (err instanceof WaitingError || err?.name === 'WaitingError') return;
    failed++;
    log(`job ${job?.id ?? '?'} failed: ${err.message}`);
  });
  // Connection errors repeat at every reconnect attempt; before the first connection
  // connectOrFail reports the one that matters.
  let connected = false;
  worker.on('error', (err) => { if (connected) log(`redis: ${err.message}`); });
  try {
    redis = await connectOrFail(worker, opts.url, opts.connectTimeoutMs ?? 10_000);
    connected = true;
  } catch (err) {
    await worker.close(true);
    throw err;
  }

  let stopping: Promise<void> | null = null;
  let resolveDone!: (v: { finished: number; failed: number }) => void;
  const done = new Promise<{ finished: number; failed: number }>((r) => { resolveDone = r; });
  const stop = (force = false): void => {
    if (force) handBack.abort();
    stopping ??= (async () => {
      clearInterval(idleTimer);
      await worker.close();
      await Promise.all([...pools.values()].map((p) => p.close()));
      resolveDone({ finished, failed });
    })();
  };
  const stopSoon = (): void => { setImmediate(() => stop()); };
  const idleTimer = setInterval(() => {
    if (opts.idleExitSeconds !== undefined && active === 0 && Date.now() - idleSince >= opts.idleExitSeconds * 1000) stop();
  }, 200);
  void worker.run();
  return { done, stop };
}

/**
 * The backend each job trains on: a named one as named (webgpu only once this machine's adapter
 * was found), `auto` as this worker's own choice. Each question is asked of the machine once:
 * finding the adapter loads Dawn, and the answer does not change while the worker runs.
 */
function jobBackends(own: BackendChoice): { of(asked: BackendChoice): Promise<BackendName>; forAuto(): Promise<BackendName> } {
  let gpu: Promise<unknown> | null = null;
  let auto: Promise<BackendName> | null = null;
  const forAuto = (): Promise<BackendName> => (auto ??= own === 'wasm' || own === 'cpu'
    ? Promise.resolve(own)
    : import('../engine/backend.js').then((e) => e.resolveBackend(own)).then((r) => r.name));
  return {
    forAuto,
    async of(asked) {
      if (asked === 'auto') return forAuto();
      if (asked === 'webgpu') await (gpu ??= import('../engine/webgpu.js').then((w) => w.findAdapter()));
      return asked;
    },
  };
}
