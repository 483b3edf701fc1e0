import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAshaSweep, type AshaReport } from '../sweep/asha-sweep.js';
import { createTrialPool } from '../sweep/pool.js';
import type { TrialConfig, TrialOutcome, TrialSpec } from '../trial/config.js';
import { Queue } from 'bullmq';
import { KEY_PREFIX, outcomeNumbers, QUEUE_NAME, resultsKey } from './protocol.js';
import { createQueuePool } from './queue-pool.js';
import { startQueueWorker, type QueueWorkerHandle } from './queue-worker.js';
import { redisAvailable, startTestRedis, type TestRedis } from './test-redis.js';

// 6 trials of 4 epochs on synthetic blobs (1600 rows), ASHA r = 1, η = 2: rungs 1, 2, 4.
const base: TrialConfig = { data: 'synthetic', model: 'mlp', hidden: [8], optimizer: { name: 'adam' }, schedule: 0.01, batchSize: 32, epochs: 4, seed: 11 };
const trials: TrialSpec[] = [0.001, 0.01, 0.1].flatMap((lr) => [32, 200].map((batchSize) => ({ id: `lr=${lr} bs=${batchSize}`, config: { ...base, schedule: lr, batchSize } })));
/** Everything but timings: status, where ASHA stopped it, every epoch's numbers. */
const view = (os: TrialOutcome[]): string[] => os.map((o) => outcomeNumbers(o));

const haveRedis = redisAvailable();

describe.skipIf(!haveRedis)('ASHA on the queue (real redis-server)', () => {
  let redis: TestRedis;
  let local: TrialOutcome[];
  let localAsha: AshaReport;
  let workers: QueueWorkerHandle[] = [];
  const dirs: string[] = [];
  beforeAll(async () => {
    redis = await startTestRedis();
    const pool = createTrialPool({ jobs: 1 });
    try {
      ({ outcomes: local, asha: localAsha } = await runAshaSweep({ trials, pool, minEpochs: 1, eta: 2, slots: 2 }));
    } finally {
      await pool.close();
    }
  }, 120_000);
  afterAll(async () => {
    for (const w of workers) w.stop(true);
    await Promise.all(workers.map((w) => w.done));
    await redis?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  for (const where of ['redis', 'state-dir'] as const) {
    it(`two workers, states in ${where}: the same promotions and numbers as local ASHA with the same slots`, async () => {
      workers = [await startQueueWorker({ url: redis.url, jobs: 1 }), await startQueueWorker({ url: redis.url, jobs: 1 })];
      const stateDir = where === 'state-dir' ? mkdtempSync(join(tmpdir(), 'lrlab-asha-states-')) : undefined;
      if (stateDir) dirs.push(stateDir);
      const pool = await createQueuePool({ url: redis.url, sweepName: `asha-${where}`, ...(stateDir ? { stateDir } : {}) });
      try {
        const { outcomes, asha } = await runAshaSweep({ trials, pool, minEpochs: 1, eta: 2, slots: 2 });
        expect(view(outcomes)).toEqual(view(local));
        expect(outcomes.some((o) => o.status === 'pruned')).toBe(true);
        expect(outcomes.some((o) => o.asha?.rung === 2)).toBe(true);
        expect(asha).toEqual(localAsha);
        // Each promoted rung continued from its state: its job trained only the epochs after the previous rung.
        const q = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: redis.port }, prefix: KEY_PREFIX });
        const stored = Object.values(await (await q.client).hgetall(resultsKey(`asha-${where}`))).map((v) => JSON.parse(v) as TrialOutcome);
        await q.close();
        const firstEpochs = stored.map((o) => [o.config.epochs, (o.result?.epochs as { epoch: number }[])[0].epoch]);
        expect(new Set(firstEpochs.map(([e, first]) => `${e}:${first}`))).toEqual(new Set(['1:1', '2:2', '4:3']));
        if (stateDir) {
          // A pruned trial's last state stays (it might have been promoted); the top rung saves none.
          expect(readdirSync(stateDir).filter((f) => f.endsWith('.state')).length).toBe(outcomes.filter((o) => o.status === 'pruned').length);
        } else {
          const keys = (await redis.command('KEYS lrlab:sweep:asha-redis:state:*'));
          expect(keys).not.toBe('*0');
        }
      } finally {
        await pool.close();
        for (const w of workers) w.stop();
        await Promise.all(workers.map((w) => w.done));
        workers = [];
      }
    });
  }
});
