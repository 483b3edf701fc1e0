import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecError } from '../core/spec-error.js';
import type { TrialConfig, TrialOutcome, TrialSpec } from '../trial/config.js';
import { readResults } from './results-file.js';
import { runSweep, SweepInterrupted } from './run-sweep.js';

const config = (lr: number, batchSize: number, extra: Partial<TrialConfig> = {}): TrialConfig => ({
  data: 'synthetic', model: 'mlp', hidden: [8], optimizer: { name: 'sgd' }, schedule: lr, batchSize, epochs: 1, seed: 5, ...extra,
});
const trials: TrialSpec[] = [
  { id: 'lr=0.1 bs=32', config: config(0.1, 32) },
  { id: 'lr=1e4 bs=32', config: config(1e4, 32) }, // diverges
  { id: 'bad optimizer', config: config(0.1, 32, { optimizer: { name: 'nope' as 'sgd' } }) }, // throws in the worker
  { id: 'lr=0.3 bs=128', config: config(0.3, 128) },
];
const tempDir = (): string => mkdtempSync(join(tmpdir(), 'lrlab-sweep-'));
/** The numbers of an outcome, without its timings. */
const numbers = (o: TrialOutcome) => [o.id, o.status, o.error ?? null, (o.result?.epochs ?? []).map((e) => [e.trainLoss, e.trainAccuracy, e.valLoss, e.valAccuracy]), o.result?.divergedAtStep ?? null];

describe('runSweep', () => {
  it('records every trial (diverged and failed ones too), returns them in input order, the same numbers with 1 or 2 jobs', async () => {
    const dir1 = tempDir();
    const dir2 = tempDir();
    const seen: string[] = [];
    const one = await runSweep({ trials, jobs: 1, dir: dir1, onResult: (o, p) => seen.push(`${p.done}/${p.total} ${o.id}`) });
    const two = await runSweep({ trials, jobs: 2, dir: dir2 });
    expect(one.map((o) => o.id)).toEqual(trials.map((t) => t.id));
    expect(one.map((o) => o.status)).toEqual(['ok', 'diverged', 'error', 'ok']);
    expect(one[2].error).toMatch(/name/);
    expect(seen.map((s) => s.split(' ')[0])).toEqual(['1/4', '2/4', '3/4', '4/4']);
    expect(two.map(numbers)).toEqual(one.map(numbers));
    // The file holds each trial once, as returned.
    const recorded = readResults(join(dir1, 'results.jsonl'));
    expect(readFileSync(join(dir1, 'results.jsonl'), 'utf8').trim().split('\n')).toHaveLength(4);
    expect(trials.map((t) => numbers(recorded.get(t.id)!))).toEqual(one.map(numbers));

    // Resume with one more trial: that one runs, and the failed one is retried (fails again).
    const more = [...trials, { id: 'lr=0.1 bs=64', config: config(0.1, 64) }];
    const reported: string[] = [];
    const again = await runSweep({ trials: more, jobs: 2, dir: dir1, resume: true, onResult: (o, p) => reported.push(`${o.id}${p.resumed ? ' (recorded)' : ''}`) });
    expect(reported.slice(0, 3)).toEqual(['lr=0.1 bs=32 (recorded)', 'lr=1e4 bs=32 (recorded)', 'lr=0.3 bs=128 (recorded)']);
    expect(reported.slice(3).sort()).toEqual(['bad optimizer', 'lr=0.1 bs=64']);
    expect(again.slice(0, 4).map(numbers)).toEqual(one.map(numbers));
    expect(again[4].status).toBe('ok');
    expect(readFileSync(join(dir1, 'results.jsonl'), 'utf8').trim().split('\n')).toHaveLength(6);
  });

  it('stops on abort: finished trials stay in the file, running ones are abandoned, resume finishes the rest', async () => {
    const dir = tempDir();
    const many = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5].map((lr) => ({ id: `lr=${lr}`, config: config(lr, 32) }));
    const ac = new AbortController();
    const err = await runSweep({ trials: many, jobs: 1, dir, signal: ac.signal, onResult: () => ac.abort() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SweepInterrupted);
    expect((err as SweepInterrupted).done).toBe(1);
    expect(readResults(join(dir, 'results.jsonl')).size).toBe(1);
    const all = await runSweep({ trials: many, jobs: 2, dir, resume: true });
    expect(all.map((o) => o.status)).toEqual(Array(6).fill('ok'));
    expect(readResults(join(dir, 'results.jsonl')).size).toBe(6);
  });

  it('refuses to resume from a file that recorded a trial with another config', async () => {
    const dir = tempDir();
    await runSweep({ trials: trials.slice(1, 2), jobs: 1, dir });
    const changed = [{ id: trials[1].id, config: config(1e4, 32, { epochs: 2 }) }];
    await expect(runSweep({ trials: changed, jobs: 1, dir, resume: true })).rejects.toThrow(SpecError);
    await expect(runSweep({ trials: changed, jobs: 1, dir, resume: true })).rejects.toThrow(/lr=1e4 bs=32.*different config/);
  });

  it('rejects repeated or missing trial ids before running anything', async () => {
    await expect(runSweep({ trials: [trials[0], trials[0]] })).rejects.toThrow(/trials\[1\]\.id: must be unique/);
    await expect(runSweep({ trials: [{ id: '', config: config(0.1, 8) }] })).rejects.toThrow(/trials\[0\]\.id/);
  });
});
