import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAdapter } from '../engine/webgpu.js';
import type { TrialConfig, TrialOutcome } from '../trial/config.js';
import { KEY_PREFIX, QUEUE_NAME, resultsKey } from './protocol.js';
import { startQueueWorker } from './queue-worker.js';
import { redisAvailable, startTestRedis, type TestRedis } from './test-redis.js';

const config: TrialConfig = { data: 'synthetic', model: 'mlp', hidden: [4], optimizer: { name: 'sgd' }, schedule: 0.1, batchSize: 64, epochs: 1, trainSize: 256, valSize: 64, seed: 2 };
/** Whether this machine has a GPU adapter (Dawn); the no-adapter cases are what a CPU-only CI has. */
const noGpu = await findAdapter().then(() => false, () => true);

const waitFor = async (cond: () => Promise<boolean>, ms = 60_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('a worker started with a backend', () => {
  it.skipIf(!noGpu)('webgpu with no GPU adapter here: throws one line before connecting to Redis', async () => {
    // Port 1 has no Redis: reaching the connection would fail differently (and after a timeout).
    await expect(startQueueWorker({ url: 'redis://127.0.0.1:1', backend: 'webgpu', connectTimeoutMs: 200 }))
      .rejects.toThrow(/^webgpu (found no GPU adapter|needs the webgpu package)/);
  });
});

describe.skipIf(!redisAvailable())('the backend of a queued trial (a real redis-server)', () => {
  let redis: TestRedis;
  let queue: Queue;
  beforeAll(async () => {
    redis = await startTestRedis();
    queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: redis.port }, prefix: KEY_PREFIX });
  });
  afterAll(async () => {
    await queue?.close();
    await redis?.stop();
  });

  const outcome = async (sweep: string, jobId: string): Promise<TrialOutcome> =>
    JSON.parse((await (await queue.client).hget(resultsKey(sweep), jobId)) as string) as TrialOutcome;
  const settled = (sweep: string, jobId: string) => async (): Promise<boolean> =>
    (await (await queue.client).hexists(resultsKey(sweep), jobId)) === 1 || (await (await queue.getJob(jobId))?.isFailed()) === true;

  it('auto is the worker\'s choice (cpu here), a named backend the coordinator\'s; each result records the backend it ran on', async () => {
    const worker = await startQueueWorker({ url: redis.url, backend: 'cpu' });
    await queue.add('trial', { sweep: 'b', backend: 'auto', id: 'auto', config }, { jobId: 'b.auto' });
    await queue.add('trial', { sweep: 'b', backend: 'wasm', id: 'wasm', config }, { jobId: 'b.wasm' });
    await waitFor(settled('b', 'b.auto'));
    await waitFor(settled('b', 'b.wasm'));
    const auto = await outcome('b', 'b.auto');
    const wasm = await outcome('b', 'b.wasm');
    expect(auto.status).toBe('ok');
    expect(auto.result?.config).toMatchObject({ backend: 'cpu', adapter: null });
    expect(wasm.status).toBe('ok');
    expect(wasm.result?.config).toMatchObject({ backend: 'wasm', adapter: null });
    worker.stop();
    expect((await worker.done).finished).toBe(2);
  }, 120_000);

  it.skipIf(!noGpu)('a webgpu job on a worker with no GPU adapter fails with that reason; an auto job then runs on wasm', async () => {
    const worker = await startQueueWorker({ url: redis.url });
    await queue.add('trial', { sweep: 'g', backend: 'webgpu', id: 'gpu', config }, { jobId: 'g.gpu' });
    await queue.add('trial', { sweep: 'g', backend: 'auto', id: 'auto', config }, { jobId: 'g.auto' });
    await waitFor(settled('g', 'g.gpu'));
    await waitFor(settled('g', 'g.auto'));
    expect((await queue.getJob('g.gpu'))?.failedReason).toMatch(/^backend webgpu: webgpu (found no GPU adapter \(.*\)|needs the webgpu package.*) on this worker$/);
    expect((await outcome('g', 'g.auto')).result?.config).toMatchObject({ backend: 'wasm', adapter: null });
    worker.stop();
    expect(await worker.done).toEqual({ finished: 1, failed: 1 });
  }, 120_000);
});
