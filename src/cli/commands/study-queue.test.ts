import { mkdtempSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { outcomeNumbers } from '../../queue/protocol.js';
import { startQueueWorker } from '../../queue/queue-worker.js';
import { redisAvailable, startTestRedis, type TestRedis } from '../../queue/test-redis.js';
import type { Study, TrialOutcome } from '../../studies/study.js';
import { lineChart } from '../../report/charts/index.js';
import { command as report } from './report.js';
import { command, defaultSweepName, environmentInfo, parseStudyFlags, runStudiesWithProgress } from './study.js';

describe('--queue and --sweep-name (study and report)', () => {
  it('reads the URL and the sweep name; without --sweep-name the name comes from the output folder', () => {
    expect(parseStudyFlags({ queue: 'redis://127.0.0.1:6390/1', 'sweep-name': 'mine' }).queue).toEqual({ url: 'redis://127.0.0.1:6390/1', sweepName: 'mine' });
    expect(parseStudyFlags({ queue: 'redis://h', out: 'a/report' }).queue).toEqual({ url: 'redis://h', sweepName: defaultSweepName(resolve('a/report')) });
    expect(parseStudyFlags({})).not.toHaveProperty('queue');
  });

  it('a default sweep name is a valid name, fixed per folder and different for another folder', () => {
    const a = defaultSweepName('/data/runs/report');
    expect(a).toMatch(/^report-[0-9a-f]{8}$/);
    expect(defaultSweepName('/data/runs/report')).toBe(a);
    expect(defaultSweepName('/data/other/report')).toMatch(/^report-[0-9a-f]{8}$/);
    expect(defaultSweepName('/data/other/report')).not.toBe(a);
    // Characters a sweep name cannot hold become '-'.
    expect(defaultSweepName('/x/my report:v2')).toMatch(/^my-report-v2-[0-9a-f]{8}$/);
  });

  it.each([
    [{ 'sweep-name': 'x' }, /^--sweep-name: needs --queue$/],
    [{ queue: 'localhost:6379' }, /^--queue: must start with redis:\/\/ or rediss:\/\//],
    [{ queue: 'redis://h:1/x' }, /^--queue: database must be a number/],
    [{ queue: 'redis://h', 'sweep-name': 'a:b' }, /^--sweep-name: must be 1 to 100 of A-Z a-z 0-9 \. _ -, got 'a:b'$/],
  ])('rejects %j with one line naming the flag', (values, message) => {
    expect(() => parseStudyFlags(values)).toThrow(message);
  });

  it('both commands take the flags and document them (bad input: nothing runs)', async () => {
    await expect(command.run(['lr-range', '--sweep-name', 'x'])).rejects.toThrow(/^--sweep-name: needs --queue/);
    await expect(report.run(['--queue', 'http://h'])).rejects.toThrow(/^--queue: must start with redis:\/\//);
    for (const c of [command, report]) {
      expect(c.help).toContain('--queue URL');
      expect(c.help).toContain('--sweep-name NAME');
    }
  });

  it('the environment section says where the trials ran', () => {
    const env = environmentInfo(parseStudyFlags({ queue: 'redis://:secret@h', 'sweep-name': 's1' }));
    expect(env.trials).toBe('on lrlab worker processes through a Redis queue (sweep s1)');
    expect(env).not.toHaveProperty('worker threads');
    expect(JSON.stringify(env)).not.toContain('secret');
  });
});

const schema = z.strictObject({ lrs: z.array(z.number().positive()).min(1) });

/** A tiny study: one epoch per LR on the synthetic blobs, seeded by the base seed. */
const tiny: Study<z.infer<typeof schema>> = {
  name: 'tiny-queue',
  title: 'Tiny',
  claim: 'A higher LR trains faster here.',
  configSchema: schema,
  presets: { quick: { lrs: [0.05, 0.5] }, full: { lrs: [0.05, 0.5] } },
  async run(config, ctx) {
    const outcomes = await ctx.runTrials(config.lrs.map((lr) => ({
      id: `lr=${lr}`,
      config: { data: 'synthetic', model: 'mlp', hidden: [8], optimizer: { name: 'sgd' }, schedule: lr, batchSize: 64, epochs: 1, seed: ctx.seed },
    })));
    const acc = outcomes.map((o) => o.result?.final?.valAccuracy as number);
    return {
      method: 'One epoch per LR.',
      figures: [{ id: 'acc', title: 'Accuracy', caption: 'Accuracy against LR.', spec: lineChart({ series: [{ name: 'acc', points: config.lrs.map((lr, i) => ({ x: lr, y: acc[i] })) }], xTitle: 'LR', yTitle: 'Accuracy', logX: true }) }],
      verdict: { status: acc[1] > acc[0] ? 'confirmed' : 'refuted', text: `Accuracies ${acc.join(', ')}.` },
      data: { acc },
    };
  },
};

const readJson = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
/** A trials.jsonl's outcomes without timings, by trial id. */
const trialNumbers = (file: string): Record<string, string> => Object.fromEntries(readFileSync(file, 'utf8').trim().split('\n')
  .map((l) => JSON.parse(l) as TrialOutcome).map((o) => [o.id, outcomeNumbers(o)]));

/** `connected_clients` from the server's INFO (read on a connection of its own). */
function connectedClients(port: number): Promise<number> {
  return new Promise((res, rej) => {
    const sock = connect(port, '127.0.0.1');
    let buf = '';
    sock.once('error', rej);
    sock.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /connected_clients:(\d+)/.exec(buf);
      if (m) {
        sock.end();
        res(Number(m[1]));
      }
    });
    sock.write('INFO clients\r\n');
  });
}
const waitFor = async (cond: () => Promise<boolean>, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

const haveRedis = redisAvailable();

describe.skipIf(!haveRedis)('lrlab study --queue on a real redis-server', () => {
  let redis: TestRedis;
  beforeAll(async () => { redis = await startTestRedis(); });
  afterAll(async () => { await redis?.stop(); });

  it('with one worker gives the numbers of a local run, each trial trained once, and closes its queue connection', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lrlab-study-queue-'));
    const localRoot = join(root, 'local');
    const queuedRoot = join(root, 'queued');
    const local = await runStudiesWithProgress([tiny as Study], parseStudyFlags({ out: localRoot, jobs: '1', seeds: '0,1', quiet: true }));
    expect(local.records[0].status).toBe('ok');

    const trained: string[] = [];
    const worker = await startQueueWorker({ url: redis.url, jobs: 1, log: (l) => { if (l.endsWith(': training')) trained.push(l.slice(0, -': training'.length)); } });
    const flags = parseStudyFlags({ out: queuedRoot, queue: redis.url, seeds: '0,1', quiet: true });
    const queued = await runStudiesWithProgress([tiny as Study], flags);
    expect(queued.records[0].status).toBe('ok');
    expect(queued.interrupted).toBe(false);
    // Two seeds × two LRs, none shared between seeds (the trials are seeded): four trained, each once.
    expect(trained.sort()).toEqual(['lr=0.05', 'lr=0.05', 'lr=0.5', 'lr=0.5']);

    const l = readJson(join(localRoot, 'tiny-queue', 'results.json'));
    const q = readJson(join(queuedRoot, 'tiny-queue', 'results.json'));
    expect(q.data).toEqual(l.data);
    expect(q.verdict).toEqual(l.verdict);
    expect(q.perSeed).toEqual(l.perSeed);
    expect([q.jobs, q.queue]).toEqual([null, { sweepName: defaultSweepName(resolve(queuedRoot)) }]);
    expect(l.jobs).toBe(1);
    for (const seed of ['seed-0', 'seed-1']) {
      expect(readJson(join(queuedRoot, 'tiny-queue', seed, 'results.json')).data).toEqual(readJson(join(localRoot, 'tiny-queue', seed, 'results.json')).data);
      expect(trialNumbers(join(queuedRoot, 'tiny-queue', seed, 'trials.jsonl'))).toEqual(trialNumbers(join(localRoot, 'tiny-queue', seed, 'trials.jsonl')));
    }

    // The coordinator closed its connections: once the worker stopped too, only the connection
    // asking is left on the server.
    worker.stop();
    expect((await worker.done).finished).toBe(4);
    await waitFor(async () => (await connectedClients(redis.port)) === 1);
  }, 120_000);
});
