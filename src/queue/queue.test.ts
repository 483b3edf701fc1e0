import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResults } from '../sweep/results-file.js';
import { runSweep, SweepInterrupted } from '../sweep/run-sweep.js';
import type { TrialConfig, TrialOutcome, TrialSpec } from '../trial/config.js';
import { jobIdOf, KEY_PREFIX, outcomeNumbers, QUEUE_NAME } from './protocol.js';
import { createQueuePool } from './queue-pool.js';
import { startQueueWorker, type QueueWorkerHandle } from './queue-worker.js';
import { redisAvailable, startTestRedis, type TestRedis } from './test-redis.js';

const config = (lr: number, batchSize: number, epochs = 1): TrialConfig => ({
  data: 'synthetic', model: 'mlp', hidden: [8], optimizer: { name: 'sgd' }, schedule: lr, batchSize, epochs, seed: 5,
});
const trials: TrialSpec[] = [
  { id: 'lr=0.1 bs=32', config: config(0.1, 32) },
  { id: 'lr=1e4 bs=32', config: config(1e4, 32) }, // diverges
  { id: 'lr=0.3 bs=128', config: config(0.3, 128) },
  { id: 'lr=0.03 bs=64', config: config(0.03, 64) },
];
const tempDir = (): string => mkdtempSync(join(tmpdir(), 'lrlab-queue-'));
/** Everything of an outcome but its timings. */
const numbers = (o: TrialOutcome): string => outcomeNumbers(o);
const lines = (dir: string): string[] => readFileSync(join(dir, 'results.jsonl'), 'utf8').trim().split('\n');
const waitFor = async (cond: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

const haveRedis = redisAvailable();

describe.skipIf(!haveRedis)('queued sweeps on a real redis-server', () => {
  let redis: TestRedis;
  let local: TrialOutcome[];
  beforeAll(async () => {
    redis = await startTestRedis();
    local = await runSweep({ trials, jobs: 1 });
  });
  afterAll(async () => { await redis?.stop(); });

  /** An in-process worker that records which trials it trained. */
  const worker = async (trained: string[], opts: { lockSeconds?: number } = {}): Promise<QueueWorkerHandle> => startQueueWorker({
    url: redis.url, jobs: 1, lockSeconds: opts.lockSeconds ?? 30,
    log: (l) => { if (l.endsWith(': training')) trained.push(l.slice(0, -': training'.length)); },
  });

  it('two workers give the numbers of a local --jobs 1 sweep, each trial once; a malformed job fails with its reason and the workers go on', async () => {
    const queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: redis.port }, prefix: KEY_PREFIX });
    const bad = await queue.add('trial', { sweep: 'hand', backend: 'wasm', id: 'bad', config: { ...config(0.1, 32), epochs: -1 } }, { jobId: 'hand.bad' });
    const trained: string[] = [];
    const w1 = await worker(trained);
    const w2 = await worker(trained);
    await waitFor(async () => (await bad.getState()) === 'failed');
    expect((await queue.getJob('hand.bad'))?.failedReason).toBe('payload.config.epochs: must be an integer >= 0');

    const dir = tempDir();
    const pool = await createQueuePool({ url: redis.url, sweepName: 'two' });
    const got = await runSweep({ trials, dir, pool });
    expect(got.map(numbers)).toEqual(local.map(numbers));
    expect(lines(dir)).toHaveLength(trials.length);
    expect(trained.sort()).toEqual(trials.map((t) => t.id).sort());
    // Submitting the same sweep again (a second coordinator) trains nothing: the results are in Redis.
    const again = await runSweep({ trials, dir: tempDir(), pool });
    expect(again.map(numbers)).toEqual(local.map(numbers));
    expect(trained).toHaveLength(trials.length);
    await pool.close();
    w1.stop();
    w2.stop();
    expect((await w1.done).finished + (await w2.done).finished).toBe(trials.length);
    await queue.close();
  });

  it('resume after the coordinator stopped runs no finished trial again; after FLUSHALL only trials missing from results.jsonl are enqueued', async () => {
    const trained: string[] = [];
    const w = await worker(trained);
    const dir = tempDir();
    let pool = await createQueuePool({ url: redis.url, sweepName: 'resume' });
    const ac = new AbortController();
    await expect(runSweep({ trials, dir, pool, signal: ac.signal, onResult: (_o, p) => { if (p.done === 2) ac.abort(); } })).rejects.toBeInstanceOf(SweepInterrupted);
    await pool.close();
    expect(lines(dir)).toHaveLength(2);
    // The worker goes on with the queued trials while no coordinator waits.
    await waitFor(() => trained.length === trials.length);
    await new Promise((r) => setTimeout(r, 300));
    pool = await createQueuePool({ url: redis.url, sweepName: 'resume' });
    const resumed = await runSweep({ trials, dir, pool, resume: true });
    expect(resumed.map(numbers)).toEqual(local.map(numbers));
    expect(trained).toHaveLength(trials.length); // nothing trained twice
    expect(lines(dir)).toHaveLength(trials.length);

    // Lose Redis's state, drop the last two records: a resume enqueues exactly those two.
    expect(await redis.command('FLUSHALL')).toBe('+OK');
    const kept = lines(dir).slice(0, 2);
    const dir2 = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir2, 'results.jsonl'), `${kept.join('\n')}\n`);
    const missing = trials.map((t) => t.id).filter((id) => !kept.some((l) => (JSON.parse(l) as TrialOutcome).id === id));
    const again = await runSweep({ trials, dir: dir2, pool, resume: true });
    expect(again.map(numbers)).toEqual(local.map(numbers));
    expect(trained.slice(trials.length).sort()).toEqual(missing.sort());
    await pool.close();
    w.stop();
    await w.done;
  });

  it('kill -9 of a worker mid-trial: its trial runs again on another worker after the lock lapses, and is recorded once', async () => {
    const long: TrialSpec[] = [{ id: 'long', config: { ...config(0.1, 4, 16), trainSize: 800 } }];
    const expected = await runSweep({ trials: long, jobs: 1 });
    expect(expected[0].status).toBe('ok');
    const dir = tempDir();
    const pool = await createQueuePool({ url: redis.url, sweepName: 'kill' });
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker', '--queue', redis.url, '--lock-seconds', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    let progressed = false;
    const sweep = runSweep({ trials: long, dir, pool, onTrialProgress: () => { progressed = true; } });
    await waitFor(() => progressed, 60_000).catch((err: unknown) => { throw new Error(`${String(err)}; worker said: ${stderr}`); });
    child.kill('SIGKILL');
    const killedAt = Date.now();
    const trained: string[] = [];
    const w = await worker(trained, { lockSeconds: 1 });
    await waitFor(() => trained.length === 1, 20_000);
    const pickedUpAfter = (Date.now() - killedAt) / 1000;
    // Lock 1 s, stalled check every 1 s: picked up within about 2 s (plus start-up slack).
    expect(pickedUpAfter).toBeLessThan(6);
    const got = await sweep;
    expect(stderr).toContain('long: training');
    expect(got.map(numbers)).toEqual(expected.map(numbers));
    expect(lines(dir)).toHaveLength(1);
    expect(readResults(join(dir, 'results.jsonl')).get('long')?.status).toBe('ok');
    expect(jobIdOf('kill', 'wasm', long[0])).toMatch(/^kill\.[0-9a-f]{24}$/);
    await pool.close();
    w.stop();
    await w.done;
  }, 120_000);
});
