import { setMaxListeners } from 'node:events';
import { Queue, QueueEvents } from 'bullmq';
import type { BackendName } from '../engine/backend.js';
import type { TrialPool } from '../sweep/pool.js';
import type { TrialOutcome, TrialSpec } from '../trial/config.js';
import { checkSweepName, jobIdOf, KEY_PREFIX, QUEUE_NAME, resultsKey, type JobState, type TrialJob } from './protocol.js';
import { connectOrFail, type RedisClient } from './connect.js';
import { parseRedisUrl } from './redis-url.js';

export interface QueuePoolOptions {
  /** `redis://[:password@]HOST:PORT[/DB]` or `rediss://…`. */
  url: string;
  /** Namespace of this sweep's jobs and results in Redis. Default `default`. */
  sweepName?: string;
  /** Backend the workers train on. Default wasm. */
  backend?: BackendName;
  /** How often missing results are looked up in Redis (covers events missed while disconnected). Default 1000 ms. */
  pollMs?: number;
  /** Give up connecting after this long. Default 10 s. */
  connectTimeoutMs?: number;
  /** ASHA states as files in this folder on storage every worker reads (`--state-dir`); default: in Redis. */
  stateDir?: string;
}

/** A `TrialPool` whose trials run on `lrlab worker` processes anywhere, through a BullMQ queue. */
export interface QueuePool extends TrialPool {
  readonly sweepName: string;
}

interface Waiter {
  spec: TrialSpec;
  state?: JobState;
  resolve: (o: TrialOutcome) => void;
  reject: (e: unknown) => void;
  onProgress?: (fraction: number) => void;
}

/**
 * The coordinator's side of a queued sweep, shaped as a `TrialPool` so `runSweep` (and the
 * studies through it) keep their results file, resume and summaries unchanged.
 *
 * `run(spec)` looks for the trial's result in Redis first (a worker finished it earlier: nothing
 * runs again), else enqueues it under its job id (an add with an existing id is ignored, so a
 * second submit never duplicates; a failed job of that id is replaced), then waits for the
 * result. Results arrive by queue events; a poll every `pollMs` catches what events missed and
 * re-enqueues a job that vanished from Redis (FLUSHALL). A job that fails (a bad payload, or
 * stalled beyond its retries) is returned as an `error` outcome, as a local trial that threw.
 * Aborting the signal only stops waiting: the job stays queued, and a `--resume` collects it.
 */
export async function createQueuePool(opts: QueuePoolOptions): Promise<QueuePool> {
  const connection = parseRedisUrl(opts.url);
  const sweep = checkSweepName(opts.sweepName ?? 'default');
  const backend = opts.backend ?? 'wasm';
  const queue = new Queue<TrialJob>(QUEUE_NAME, { connection, prefix: KEY_PREFIX });
  let redis: RedisClient;
  let events: QueueEvents;
  try {
    redis = await connectOrFail(queue, opts.url, opts.connectTimeoutMs ?? 10_000);
    // Only once Redis answers: a QueueEvents whose client never connected never finishes close().
    events = new QueueEvents(QUEUE_NAME, { connection, prefix: KEY_PREFIX });
    await connectOrFail(events, opts.url, opts.connectTimeoutMs ?? 10_000);
  } catch (err) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([queue.close()]), new Promise((r) => { timer = setTimeout(r, 2000); })]);
    clearTimeout(timer);
    throw err;
  }
  const key = resultsKey(sweep);
  const waiting = new Map<string, Waiter>();

  const settle = (jobId: string, outcome: TrialOutcome): void => {
    const w = waiting.get(jobId);
    if (!w) return;
    waiting.delete(jobId);
    w.resolve(outcome);
  };
  const failedOutcome = (spec: TrialSpec, reason: string): TrialOutcome => ({
    id: spec.id, config: spec.config, status: 'error', result: null, error: `queue job failed: ${reason}`, seconds: 0,
  });
  const enqueue = async (jobId: string, spec: TrialSpec, state?: JobState): Promise<void> => {
    await queue.add('trial', { sweep, backend, id: spec.id, config: spec.config, ...(state ? { state } : {}) }, {
      jobId, attempts: 1, removeOnComplete: true, removeOnFail: { count: 1000 },
    });
  };
  /** Settle `jobId` if Redis holds its result or its job failed; re-enqueue it if it is gone. */
  const check = async (jobId: string): Promise<void> => {
    const w = waiting.get(jobId);
    if (!w) return;
    const stored = await redis.hget(key, jobId);
    if (stored !== null) return settle(jobId, JSON.parse(stored) as TrialOutcome);
    const job = await queue.getJob(jobId);
    if (job) {
      if (await job.isFailed()) settle(jobId, failedOutcome(w.spec, job.failedReason));
      return;
    }
    // Gone without a result: finished between the two reads (the worker writes the result
    // before the job is removed), or Redis lost it. Look once more before enqueueing again.
    const again = await redis.hget(key, jobId);
    if (again !== null) return settle(jobId, JSON.parse(again) as TrialOutcome);
    if (waiting.has(jobId)) await enqueue(jobId, w.spec, w.state);
  };
  /**
   * One poll over every waiting job in two round trips, however many wait: one HMGET for their
   * results, then, for each job still without one, whether it exists and whether it failed (sent at
   * once). Only a job that finished, failed or vanished takes `check`'s one-by-one path; a job
   * queued or training (the usual case) costs two commands sent with the others, not three or
   * four round trips of its own.
   */
  const checkAll = async (): Promise<void> => {
    const ids = [...waiting.keys()];
    if (ids.length === 0) return;
    const stored = await redis.hmget(key, ...ids);
    const open: string[] = [];
    ids.forEach((jobId, i) => {
      const line = stored[i];
      if (line !== null && line !== undefined) settle(jobId, JSON.parse(line) as TrialOutcome);
      else open.push(jobId);
    });
    if (open.length === 0) return;
    // Sent together on the one connection, so they cost about one round trip.
    const states = await Promise.all(open.map(async (jobId) => {
      // A BullMQ job is a hash with (among others) a `data` field; the failed set is a sorted set of job ids.
      const [exists, failedScore] = await Promise.all([redis.hexists(queue.toKey(jobId), 'data'), redis.zscore(queue.keys.failed, jobId)]);
      return exists === 1 && failedScore === null;
    }));
    for (let i = 0; i < open.length; i++) if (!states[i]) await check(open[i]);
  };

  events.on('completed', ({ jobId }) => void check(jobId).catch(() => undefined));
  events.on('failed', ({ jobId }) => void check(jobId).catch(() => undefined));
  events.on('progress', ({ jobId, data }) => {
    if (typeof data === 'number') waiting.get(jobId)?.onProgress?.(data);
  });
  let polling = false;
  const timer = setInterval(() => {
    if (polling || waiting.size === 0) return;
    polling = true;
    checkAll().catch(() => undefined).finally(() => { polling = false; });
  }, opts.pollMs ?? 1000);

  return {
    sweepName: sweep,
    // Trials at once are set by the workers; this is how many the coordinator may wait on.
    jobs: Number.POSITIVE_INFINITY,
    backend,
    run: (spec, signal, onProgress) => wait(spec, undefined, signal, onProgress),
    // An ASHA rung: the same job, with the states its worker reads and writes.
    runRung: (task, signal, onProgress) => wait(task.spec, { from: task.from, save: task.save, ...(opts.stateDir !== undefined ? { dir: opts.stateDir } : {}) }, signal, onProgress),
    close: async () => {
      clearInterval(timer);
      await Promise.allSettled([queue.close(), events.close()]);
    },
  };

  function wait(spec: TrialSpec, state: JobState | undefined, signal?: AbortSignal, onProgress?: (fraction: number) => void): Promise<TrialOutcome> {
    return new Promise<TrialOutcome>((resolve, reject) => {
      const jobId = jobIdOf(sweep, backend, spec);
      if (waiting.has(jobId)) return reject(new Error(`trial ${spec.id} is already waited for`));
      if (signal) {
        setMaxListeners(0, signal);
        if (signal.aborted) return reject(signal.reason);
        signal.addEventListener('abort', () => {
          if (waiting.delete(jobId)) reject(signal.reason);
        }, { once: true });
      }
      waiting.set(jobId, { spec, resolve, reject, ...(state ? { state } : {}), ...(onProgress ? { onProgress } : {}) });
      submit(jobId, spec, state).catch((err: unknown) => {
        if (waiting.delete(jobId)) reject(err);
      });
    });
  }

  async function submit(jobId: string, spec: TrialSpec, state?: JobState): Promise<void> {
    const stored = await redis.hget(key, jobId);
    if (stored !== null) {
      const o = JSON.parse(stored) as TrialOutcome;
      // A recorded error is retried, as a local --resume retries it.
      if (o.status !== 'error') return settle(jobId, o);
      await redis.hdel(key, jobId);
    }
    const job = await queue.getJob(jobId);
    if (job && await job.isFailed()) await job.remove();
    await enqueue(jobId, spec, state);
    await check(jobId);
  }
}
