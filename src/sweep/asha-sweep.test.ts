import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrialConfig, TrialOutcome, TrialSpec } from '../trial/config.js';
import { runAshaSweep } from './asha-sweep.js';
import { createTrialPool, type LocalTrialPool, type RungTask } from './pool.js';
import { runSweep, SweepInterrupted } from './run-sweep.js';

// synthetic blobs: 1600 training rows; 6 trials (3 LRs × 2 batch sizes), R = 4 epochs, r = 1, η = 2 → rungs 1, 2, 4.
const base: TrialConfig = { data: 'synthetic', model: 'mlp', hidden: [8], optimizer: { name: 'sgd' }, schedule: 0.1, batchSize: 32, epochs: 4, seed: 7 };
const trials: TrialSpec[] = [0.003, 0.03, 0.3].flatMap((lr) => [32, 200].map((batchSize) => ({ id: `lr=${lr} bs=${batchSize}`, config: { ...base, schedule: lr, batchSize } })));
const RUNGS = [1, 2, 4];
const ETA = 2;

type Row = { epoch: number; trainLoss: number; trainAccuracy: number; valLoss: number; valAccuracy: number; lr: number };
const numbers = (o: TrialOutcome) => (o.result?.epochs as Row[]).map((r) => [r.epoch, r.lr, r.trainLoss, r.trainAccuracy, r.valLoss, r.valAccuracy]);

/**
 * The paper's asynchronous successive halving with one worker, written out independently of
 * core/asha.ts and of the sweep: whenever the worker asks for a job, look at the rungs from the
 * second highest down; at rung k take the trials recorded there, best first, and promote the first
 * of the top ⌊n_k/η⌋ that was not promoted yet; with none anywhere, start the next new trial.
 * The score of a trial at a rung is its validation accuracy after that many epochs, read from
 * a straight full-length run (continuing from a state equals it, serialize.test.ts).
 */
function expectedAsha(full: Map<string, TrialOutcome>): Map<string, number> {
  const acc = (id: string, epochs: number): number => ((full.get(id)?.result?.epochs as Row[])[epochs - 1]).valAccuracy;
  const recorded: string[][] = RUNGS.map(() => []);
  const promoted: Set<string>[] = RUNGS.map(() => new Set());
  const next = [...trials.map((t) => t.id)];
  for (;;) {
    let job: { id: string; rung: number } | null = null;
    for (let k = RUNGS.length - 2; k >= 0 && job === null; k--) {
      const ranked = [...recorded[k]].sort((a, b) => acc(b, RUNGS[k]) - acc(a, RUNGS[k]) || (a < b ? -1 : 1));
      const cand = ranked.slice(0, Math.floor(ranked.length / ETA)).find((id) => !promoted[k].has(id));
      if (cand !== undefined) {
        promoted[k].add(cand);
        job = { id: cand, rung: k + 1 };
      }
    }
    if (job === null && next.length > 0) job = { id: next.shift() as string, rung: 0 };
    if (job === null) break;
    recorded[job.rung].push(job.id);
  }
  const top = new Map<string, number>();
  recorded.forEach((ids, k) => ids.forEach((id) => top.set(id, k)));
  return top;
}

let pool: LocalTrialPool;
let full: Map<string, TrialOutcome>;
const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'lrlab-asha-'));
  dirs.push(d);
  return d;
};

beforeAll(async () => {
  pool = createTrialPool({ jobs: 1 });
  full = new Map((await runSweep({ trials, pool })).map((o) => [o.id, o]));
  expect([...full.values()].every((o) => o.status === 'ok')).toBe(true);
}, 120_000);

afterAll(async () => {
  await pool.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('runAshaSweep (local)', () => {
  it('promotes as the paper\'s algorithm does; promoted trials continue from their state to the straight run\'s numbers, bitwise', async () => {
    const dir = tmp();
    const { outcomes, asha } = await runAshaSweep({ trials, pool, minEpochs: 1, eta: ETA, slots: 1, dir });
    const want = expectedAsha(full);
    for (const o of outcomes) {
      const rung = want.get(o.id) as number;
      expect(o.asha, o.id).toEqual({ rung, epochs: RUNGS[rung] });
      expect(o.status, o.id).toBe(rung === RUNGS.length - 1 ? 'ok' : 'pruned');
      // The epochs it trained are the straight run's first ones, across the thread that continued it.
      expect(numbers(o), o.id).toEqual(numbers(full.get(o.id) as TrialOutcome).slice(0, RUNGS[rung]));
      expect(o.config).toEqual(trials.find((t) => t.id === o.id)?.config);
    }
    const epochs = [...want.values()].reduce((s, k) => s + RUNGS[k], 0);
    expect(asha).toMatchObject({ eta: 2, minEpochs: 1, maxEpochs: 4, rungs: RUNGS, epochsTrained: epochs, fullGridEpochs: 24, fraction: epochs / 24 });
    expect(asha.pruned).toBe(outcomes.filter((o) => o.status === 'pruned').length);
    // Each trial once in results.jsonl; rungs.jsonl one line per trial per rung it reached.
    const lines = readFileSync(join(dir, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TrialOutcome);
    expect(lines.map((l) => l.id).sort()).toEqual(trials.map((t) => t.id).sort());
    const rungLines = readFileSync(join(dir, 'rungs.jsonl'), 'utf8').trim().split('\n');
    expect(rungLines).toHaveLength([...want.values()].reduce((s, k) => s + k + 1, 0));
  });

  it('resume after an interruption: nothing counted runs again, and the sweep ends as an uninterrupted one', async () => {
    const once = (await runAshaSweep({ trials, pool, minEpochs: 1, eta: ETA, slots: 1 })).outcomes;
    const dir = tmp();
    const ac = new AbortController();
    const ran: RungTask[] = [];
    const counting = { ...pool, runRung: (t: RungTask, s?: AbortSignal) => { ran.push(t); return pool.runRung(t, s); } };
    // Stop once three trials are over (the fourth rung result of the run, at the earliest).
    await expect(runAshaSweep({
      trials, pool: counting, minEpochs: 1, eta: ETA, slots: 1, dir, signal: ac.signal,
      onResult: (_o, p) => { if (p.done === 1) ac.abort(); },
    })).rejects.toBeInstanceOf(SweepInterrupted);
    const counted = readFileSync(join(dir, 'rungs.jsonl'), 'utf8').trim().split('\n').length;
    const before = ran.length;
    const again = await runAshaSweep({ trials, pool: counting, minEpochs: 1, eta: ETA, slots: 1, dir, resume: true });
    const totalTasks = readFileSync(join(dir, 'rungs.jsonl'), 'utf8').trim().split('\n').length;
    expect(ran.length - before).toBe(totalTasks - counted);
    expect(again.outcomes.map((o) => [o.id, o.status, o.asha, numbers(o)])).toEqual(once.map((o) => [o.id, o.status, o.asha, numbers(o)]));
    const ids = readFileSync(join(dir, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as TrialOutcome).id);
    expect(ids.sort()).toEqual(trials.map((t) => t.id).sort());
  });

  it('refuses --epochs that is not a rung, and trials of different lengths', async () => {
    await expect(runAshaSweep({ trials: trials.map((t) => ({ ...t, config: { ...t.config, epochs: 5 } })), pool, minEpochs: 1, eta: 2 }))
      .rejects.toThrow('--epochs: must be a rung of ASHA, min-epochs × eta^k (1, 2, 4, 8 …), got 5');
    await expect(runAshaSweep({ trials: [trials[0], { ...trials[1], config: { ...trials[1].config, epochs: 2 } }], pool }))
      .rejects.toThrow('must be the same for every trial of an ASHA sweep (4)');
  });
});
