import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { lineChart } from '../report/charts/index.js';
import { createTrialPool, type TrialPool } from '../sweep/pool.js';
import { runStudies, runStudy, studyConfig } from './runner.js';
import type { Study, TrialConfig } from './study.js';

const schema = z.strictObject({ lrs: z.array(z.number().positive()).min(1) });

/** A tiny study: one trial per LR on the synthetic blobs; verdict from the accuracies it measured. */
const tiny: Study<z.infer<typeof schema>> = {
  name: 'tiny',
  title: 'Tiny',
  claim: 'A higher LR trains faster here.',
  configSchema: schema,
  presets: { quick: { lrs: [0.05, 0.5] }, full: { lrs: [0.01, 0.1, 1] } },
  async run(config, ctx) {
    const outcomes = await ctx.runTrials(config.lrs.map((lr) => ({
      id: `lr=${lr}`,
      config: { data: 'synthetic', model: 'mlp', hidden: [8], optimizer: { name: 'sgd' }, schedule: lr, batchSize: 64, epochs: 1, seed: ctx.seed },
    })));
    const acc = outcomes.map((o) => o.result?.final?.valAccuracy as number);
    return {
      method: `One epoch per LR in ${config.lrs.join(', ')}.`,
      figures: [{ id: 'acc', title: 'Accuracy', caption: 'Validation accuracy against LR.', spec: lineChart({ series: [{ name: 'acc', points: config.lrs.map((lr, i) => ({ x: lr, y: acc[i] })) }], xTitle: 'LR', yTitle: 'Accuracy', logX: true }) }],
      table: { columns: ['lr', 'accuracy'], rows: config.lrs.map((lr, i) => [lr, acc[i]]) },
      verdict: { status: acc[acc.length - 1] > acc[0] ? 'confirmed' : 'refuted', text: `Accuracies ${acc.join(', ')}.` },
      data: { acc },
    };
  },
};

const broken: Study<z.infer<typeof schema>> = {
  ...tiny,
  name: 'broken',
  async run() {
    throw new Error('the study broke');
  },
};

describe('studyConfig', () => {
  it('validates the preset or a given config, naming the field', () => {
    expect(studyConfig(tiny, 'full')).toEqual({ lrs: [0.01, 0.1, 1] });
    expect(() => studyConfig(tiny, 'quick', { lrs: [-1] })).toThrow(/^tiny\.config\.lrs\.0: /);
    const bad = { ...tiny, presets: { quick: { lrs: [] }, full: { lrs: [1] } } } as unknown as Study;
    expect(() => studyConfig(bad, 'quick')).toThrow(/^tiny\.presets\.quick\.lrs: /);
  });
});

describe('runStudy / runStudies', () => {
  it('writes results.json and figures, records trials for --resume, and a failed study does not stop the others', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lrlab-studies-'));
    const events: string[] = [];
    const { records } = await runStudies([broken, tiny], {
      preset: 'quick', seed: 2, jobs: 2, outRoot: root,
      onStudy: ({ study, record }) => events.push(`${study.name}:${record ? record.status : 'start'}`),
    });
    expect(events).toEqual(['broken:start', 'broken:failed', 'tiny:start', 'tiny:ok']);
    expect(records[0].error).toBe('the study broke');
    const failed = JSON.parse(readFileSync(join(root, 'broken', 'results.json'), 'utf8'));
    expect([failed.status, failed.error]).toEqual(['failed', 'the study broke']);

    const r = JSON.parse(readFileSync(join(root, 'tiny', 'results.json'), 'utf8'));
    expect(r).toMatchObject({ study: 'tiny', status: 'ok', claim: tiny.claim, preset: 'quick', config: { lrs: [0.05, 0.5] }, seed: 2, backend: 'wasm', jobs: 2 });
    expect(r.versions.lrlab).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.versions.tfjs).toBe('4.22.0');
    expect(r.timings).toMatchObject({ trials: 2, trialsRun: 2, trialsResumed: 0 });
    expect(r.figures).toEqual([{ id: 'acc', title: 'Accuracy', caption: 'Validation accuracy against LR.', svgFile: 'figures/acc.svg', pngFile: 'figures/acc.png' }]);
    expect(readFileSync(join(root, 'tiny', 'figures', 'acc.svg'), 'utf8')).toMatch(/^<svg/);
    expect(readFileSync(join(root, 'tiny', 'figures', 'acc.png')).subarray(1, 4).toString()).toBe('PNG');
    expect(records[1].svgs.acc).toMatch(/^<svg/);
    expect(existsSync(join(root, 'tiny', 'trials.jsonl'))).toBe(true);

    // Resume: the recorded trials are reused (same numbers), none is trained again.
    const again = await runStudy(tiny, { preset: 'quick', seed: 2, jobs: 1, outDir: join(root, 'tiny'), resume: true });
    expect(again.results.timings).toMatchObject({ trials: 2, trialsRun: 0, trialsResumed: 2 });
    expect(again.results.data).toEqual(r.data);
    // Without resume the study starts afresh (and, seeded, measures the same numbers).
    const fresh = await runStudy(tiny, { preset: 'quick', seed: 2, jobs: 1, outDir: join(root, 'tiny') });
    expect(fresh.results.timings).toMatchObject({ trialsRun: 2, trialsResumed: 0 });
    expect(fresh.results.data).toEqual(r.data);
  });
});

describe('runStudies with a given pool', () => {
  it('uses it and leaves it open; a pool with a sweep name (a queue pool) is recorded as queue, jobs null', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lrlab-pool-'));
    const local = createTrialPool({ jobs: 1 });
    let ran = 0;
    let closed = 0;
    const wrap = (extra: object): TrialPool => ({
      ...extra, jobs: local.jobs, backend: local.backend,
      run: (spec, signal, onProgress) => { ran++; return local.run(spec, signal, onProgress); },
      close: async () => { closed++; },
    });
    try {
      const plain = await runStudies([tiny], { preset: 'quick', seed: 2, outRoot: join(root, 'plain'), pool: wrap({}) });
      expect(plain.records[0].status).toBe('ok');
      expect([ran, closed]).toEqual([2, 0]);
      const r = JSON.parse(readFileSync(join(root, 'plain', 'tiny', 'results.json'), 'utf8'));
      expect(r.jobs).toBe(1);
      expect(r).not.toHaveProperty('queue');

      const queued = await runStudies([tiny], { preset: 'quick', seed: 2, jobs: 7, outRoot: join(root, 'queued'), pool: wrap({ sweepName: 'q1' }) });
      expect([ran, closed]).toEqual([4, 0]);
      const q = JSON.parse(readFileSync(join(root, 'queued', 'tiny', 'results.json'), 'utf8'));
      expect([q.jobs, q.queue]).toEqual([null, { sweepName: 'q1' }]);
      // Same seed, same trials: the same numbers wherever they ran.
      expect(q.data).toEqual(r.data);
      expect(queued.records[0].results?.data).toEqual(r.data);
    } finally {
      await local.close();
    }
  });
});

/** Two trials per seed: one that ignores the seed (shared across seeds) and one seeded; the verdict flips with the seed's parity. */
const parity: Study<z.infer<typeof schema>> = {
  ...tiny,
  name: 'parity',
  async run(config, ctx) {
    const base = { data: 'synthetic', model: 'mlp', hidden: [8], optimizer: { name: 'sgd' }, schedule: config.lrs[0], batchSize: 64, epochs: 1 } satisfies Omit<TrialConfig, 'seed'>;
    const [fixed, seeded] = await ctx.runTrials([
      { id: 'fixed', config: { ...base, seed: 100 } },
      { id: `seeded-${ctx.seed}`, config: { ...base, seed: ctx.seed } },
    ]);
    return {
      method: 'Two trials.',
      figures: [{ id: 'acc', title: 'Accuracy', caption: 'Both trials.', spec: lineChart({ series: [{ name: 'acc', points: [{ x: 1, y: fixed.result?.final?.valAccuracy as number }, { x: 2, y: seeded.result?.final?.valAccuracy as number }] }], xTitle: 'trial', yTitle: 'Accuracy' }) }],
      verdict: { status: ctx.seed % 2 === 0 ? 'confirmed' : 'refuted', text: `Seed ${ctx.seed}.` },
      data: { fixed: fixed.result?.final?.valAccuracy, fixedId: fixed.id, seeded: seeded.result?.final?.valAccuracy },
    };
  },
};

describe('runStudy with several seeds', () => {
  it('runs each seed into its folder, shares identical trials, and reports the majority verdict with its stability', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lrlab-seeds-'));
    const dir = join(root, 'parity');
    const { results } = await runStudy(parity, { preset: 'quick', seeds: [0, 1, 2], jobs: 1, outDir: dir });
    // Seeds 0 and 2 (even) confirm, seed 1 refutes: confirmed, 2 of 3; seed 0 is the first confirming one.
    expect(results.verdict).toEqual({ status: 'confirmed', text: 'Seed 0.', stability: { agree: 2, of: 3, statuses: ['confirmed', 'refuted', 'confirmed'], seeds: [0, 1, 2] } });
    expect([results.seed, results.seeds]).toEqual([0, [0, 1, 2]]);
    expect(results.perSeed).toEqual([
      { seed: 0, verdict: { status: 'confirmed', text: 'Seed 0.' }, resultsFile: 'seed-0/results.json' },
      { seed: 1, verdict: { status: 'refuted', text: 'Seed 1.' }, resultsFile: 'seed-1/results.json' },
      { seed: 2, verdict: { status: 'confirmed', text: 'Seed 2.' }, resultsFile: 'seed-2/results.json' },
    ]);
    expect(results.figures[0]).toMatchObject({ svgFile: 'seed-0/figures/acc.svg', pngFile: 'seed-0/figures/acc.png' });
    expect(readFileSync(join(dir, results.figures[0].svgFile), 'utf8')).toMatch(/^<svg/);
    // The seed-independent trial trains once (seed 0) and is reused by seeds 1 and 2: 6 asked, 4 trained, 2 shared.
    expect(results.timings).toMatchObject({ trials: 6, trialsRun: 4, trialsShared: 2, trialsResumed: 0 });
    const s1 = JSON.parse(readFileSync(join(dir, 'seed-1', 'results.json'), 'utf8'));
    expect(s1).toMatchObject({ seed: 1, seeds: [1], verdict: { status: 'refuted' }, timings: { trialsRun: 1, trialsShared: 1 } });
    // A shared outcome comes back under the id the study asked for, with the same numbers.
    expect(s1.data.fixedId).toBe('fixed');
    expect(s1.data.fixed).toBe(results.data?.fixed);
    expect(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')).verdict.stability.agree).toBe(2);

    // Two seeds that disagree 1–1: the tie goes to the more cautious status (refuted before confirmed).
    const two = await runStudy(parity, { preset: 'quick', seeds: [4, 5], jobs: 1, outDir: join(root, 'two') });
    expect(two.results.verdict).toMatchObject({ status: 'refuted', text: 'Seed 5.', stability: { agree: 1, of: 2, statuses: ['confirmed', 'refuted'] } });
    expect(two.results.seed).toBe(5);
    await expect(runStudy(parity, { preset: 'quick', seeds: [1, 1], outDir: join(root, 'dup') })).rejects.toThrow(/^seeds: /);
  });
});
