import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResults } from '../../sweep/results-file.js';
import type { TrialOutcome } from '../../trial/config.js';
import { command, sweepTrials } from './sweep.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CLI = ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'sweep'];
// 4 small trials on the synthetic blobs (1600 training rows): long enough to be killed midway.
const GRID = ['--data', 'synthetic', '--model', 'mlp', '--hidden', '8', '--lr', '0.1,0.3', '--batch-size', '16,64', '--epochs', '1', '--seed', '7', '--quiet'];
const TOTAL = 4;

const lines = (file: string): number => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.endsWith('}')).length : 0);

/** Run the CLI to its end. */
function run(args: string[]): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return runUntil(args, '', null, 'SIGTERM');
}

/** Start the CLI; resolve when `when(file)` holds, then send `signal`; resolve with the exit code and stderr. */
function runUntil(args: string[], file: string, when: ((f: string) => boolean) | null, signal: NodeJS.Signals): Promise<{ code: number | null; signal: string | null; stderr: string; linesAtSignal: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let linesAtSignal = -1;
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = when === null ? null : setInterval(() => {
      if (when(file)) {
        linesAtSignal = lines(file);
        child.kill(signal);
        clearInterval(timer as NodeJS.Timeout);
      }
    }, 20);
    child.on('error', reject);
    child.on('exit', (code, sig) => {
      if (timer) clearInterval(timer);
      resolve({ code, signal: sig, stderr, linesAtSignal });
    });
  });
}

/** Every number of a trial except timings. */
function numbers(o: TrialOutcome): unknown {
  const epochs = (o.result?.epochs ?? []).map((e) => [e.epoch, e.trainLoss, e.trainAccuracy, e.valLoss, e.valAccuracy, e.lr, e.steps]);
  return [o.status, o.config, epochs, o.result?.divergedAtStep ?? null, o.error ?? null];
}

describe('lrlab sweep (a process)', () => {
  it('killed with SIGINT and then SIGKILL midway, resumed, ends with the same results as an uninterrupted run', async () => {
    const whole = mkdtempSync(join(tmpdir(), 'lrlab-sweep-whole-'));
    const cut = mkdtempSync(join(tmpdir(), 'lrlab-sweep-cut-'));
    const cutFile = join(cut, 'results.jsonl');

    const a = await run([...GRID, '--jobs', '1', '--out', whole]);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);

    // Ctrl-C after the first trial: exit 1, a message, finished trials kept.
    const int = await runUntil([...GRID, '--jobs', '2', '--out', cut], cutFile, (f) => lines(f) >= 1, 'SIGINT');
    expect(int.code).toBe(1);
    expect(int.stderr).toMatch(/lrlab: sweep interrupted: \d of 4 trials finished and kept .*--resume/);
    const afterInt = lines(cutFile);
    expect(afterInt).toBeGreaterThanOrEqual(1);
    expect(afterInt).toBeLessThan(TOTAL);

    // Resume, and kill -9 once one more trial is in; then a torn half line as a kill mid-write leaves.
    const kill = await runUntil([...GRID, '--jobs', '2', '--out', cut, '--resume'], cutFile, (f) => lines(f) >= afterInt + 1, 'SIGKILL');
    expect(kill.signal).toBe('SIGKILL');
    expect(kill.linesAtSignal).toBeLessThan(TOTAL);
    appendFileSync(cutFile, '{"id":"sgd lr=0.3 bs=16","config":{"data":"synth');

    // Without --resume the recorded results are not thrown away.
    const refuse = await run([...GRID, '--out', cut]);
    expect(refuse.code).toBe(2);
    expect(refuse.stderr).toMatch(/^lrlab: error: --out: .*results\.jsonl already holds results/);

    const done = await run([...GRID, '--jobs', '2', '--out', cut, '--resume']);
    expect(done.code).toBe(0);

    const expected = readResults(join(whole, 'results.jsonl'));
    const got = readResults(cutFile);
    expect(expected.size).toBe(TOTAL);
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [id, o] of expected) expect(numbers(got.get(id) as TrialOutcome)).toEqual(numbers(o));
    const strip = (file: string) => {
      const s = JSON.parse(readFileSync(file, 'utf8'));
      return { best: { ...s.best, seconds: 0 }, per: s.bestPerBatchSize.map((r: { id: string }) => r.id), ok: s.ok };
    };
    expect(strip(join(cut, 'summary.json'))).toEqual(strip(join(whole, 'summary.json')));
    expect(readFileSync(join(cut, 'heatmap.svg'), 'utf8')).toMatch(/^<svg/);
  }, 300_000); // five CLI runs, each starting TensorFlow.js in its workers
});

describe('lrlab sweep input errors', () => {
  it('bad data fails before anything is written', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'lrlab-sweep-bad-')), 'out');
    await expect(command.run(['--lr', '0.1', '--data', 'no-such-set', '--out', out])).rejects.toThrow(/^--data: unknown data set/);
    await expect(command.run(['--lr', '0.1', '--data', 'synthetic', '--train-size', '99999', '--out', out])).rejects.toThrow(/^--train-size: must be at most 1600/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('sweepTrials', () => {
  it('builds optimizer × LR × batch-size trials with stable ids, each validated like lrlab train', () => {
    const { specs } = sweepTrials({ data: 'synthetic', lr: '0.01,0.1', 'batch-size': '32,128', optimizer: 'sgd,adam', epochs: '2', seed: '3' });
    expect(specs.map((s) => s.id)).toEqual([
      'sgd lr=0.01 bs=32', 'sgd lr=0.01 bs=128', 'sgd lr=0.1 bs=32', 'sgd lr=0.1 bs=128',
      'adam lr=0.01 bs=32', 'adam lr=0.01 bs=128', 'adam lr=0.1 bs=32', 'adam lr=0.1 bs=128',
    ]);
    expect(specs[5].config).toEqual({ data: 'synthetic', model: 'mlp', optimizer: { name: 'adam' }, schedule: 0.01, batchSize: 128, epochs: 2, seed: 3 });
  });

  it('takes repeated --schedule flags instead of --lr', () => {
    const s1 = '{"type":"cosine","lr":0.1,"tMax":100}';
    const s2 = '{"type":"step","lr":0.2,"stepSize":50}';
    const { specs } = sweepTrials({ schedule: [s1, s2], 'batch-size': '64' });
    expect(specs.map((s) => s.id)).toEqual(['sgd schedule=1 bs=64', 'sgd schedule=2 bs=64']);
    expect(specs[1].config.schedule).toEqual(JSON.parse(s2));
    expect(specs[1].config.optimizer).toEqual({ name: 'sgd' });
  });

  it('gives every trial the batch-size schedule, the plateau and the schedule unit', () => {
    const { specs } = sweepTrials({
      lr: '0.1,0.2', 'batch-schedule': '{"type":"multistep","batchSize":16,"milestones":[2],"factor":2}',
      'plateau-patience': '1', 'plateau-monitor': 'val-accuracy',
    });
    expect(specs.map((s) => s.id)).toEqual(['sgd lr=0.1 bs=16', 'sgd lr=0.2 bs=16']);
    for (const s of specs) {
      expect(s.config).toMatchObject({ batchSize: 16, batchSchedule: { type: 'multistep', batchSize: 16, milestones: [2], factor: 2 }, plateau: { patience: 1, monitor: 'valAccuracy' } });
    }
    const spec = { type: 'step', lr: 0.1, stepSize: 1 };
    const unit = sweepTrials({ schedule: [JSON.stringify(spec)], 'schedule-unit': 'epoch' });
    expect(unit.specs[0].config.schedule).toEqual({ ...spec, unit: 'epoch' });
  });

  it.each([
    [{ 'batch-size': '32' }, /^--lr: is required/],
    [{ lr: '0.1', schedule: ['{"type":"constant","lr":0.1}'] }, /^--schedule: cannot be combined with --lr/],
    [{ lr: '0.1,x' }, /^--lr: must be a decimal number \(got 'x'\)$/],
    [{ lr: '0x10' }, /^--lr: must be a decimal number \(got '0x10'\)$/],
    [{ lr: '0.1,-1' }, /^--lr: '-1' must be > 0/],
    [{ lr: '0.1,0.1' }, /^--lr: lists a value twice/],
    [{ lr: '0.1', 'batch-size': '32,1.5' }, /^--batch-size: '1.5' is not an integer/],
    [{ lr: '0.1', optimizer: 'sgd,foo' }, /^--optimizer: must be a list of/],
    [{ lr: '0.1', epochs: '0' }, /^--epochs: must be an integer >= 1/],
    [{ lr: '0.1', 'schedule-unit': 'epoch' }, /^--schedule-unit: needs --schedule/],
    [{ lr: '0.1', 'batch-size': '32', 'batch-schedule': '{"type":"constant","batchSize":16}' }, /^--batch-schedule: cannot be combined with --batch-size/],
    [{ lr: '0.1', optimizer: 'adam', momentum: '0.9' }, /^--momentum: does not apply to optimizer 'adam'/],
  ])('rejects %j', (values, message) => {
    expect(() => sweepTrials(values as Record<string, string>)).toThrow(message);
  });
});

describe('lrlab sweep --prune asha', () => {
  it('prunes: results.jsonl has each trial once (finished or pruned with its rung), summary.json the epochs against the full grid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lrlab-sweep-asha-'));
    // 4 trials, R = 4, r = 1, η = 2: rungs 1, 2, 4.
    const r = await run(['--data', 'synthetic', '--model', 'mlp', '--hidden', '8', '--lr', '0.03,0.3', '--batch-size', '16,64', '--epochs', '4', '--seed', '7', '--quiet',
      '--prune', 'asha', '--min-epochs', '1', '--eta', '2', '--jobs', '1', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    const results = [...readResults(join(dir, 'results.jsonl')).values()];
    expect(results).toHaveLength(4);
    for (const o of results) {
      expect(['ok', 'pruned']).toContain(o.status);
      expect(o.asha?.epochs).toBe([1, 2, 4][o.asha?.rung as number]);
      expect(o.result?.epochs).toHaveLength(o.asha?.epochs as number);
      expect(o.config.epochs).toBe(4);
    }
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { asha: { epochsTrained: number; fullGridEpochs: number; rungs: number[]; pruned: number } };
    expect(summary.asha.rungs).toEqual([1, 2, 4]);
    expect(summary.asha.fullGridEpochs).toBe(16);
    expect(summary.asha.epochsTrained).toBe(results.reduce((s, o) => s + (o.asha?.epochs ?? 0), 0));
    expect(summary.asha.pruned).toBe(results.filter((o) => o.status === 'pruned').length);
    expect(summary.asha.pruned).toBeGreaterThan(0);
  });

  it('--epochs that is not a rung, and ASHA flags without --prune, are usage errors (exit 2, nothing written)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lrlab-sweep-asha-'));
    const r = await run([...GRID.filter((a) => a !== '--epochs' && a !== '1'), '--epochs', '5', '--prune', 'asha', '--out', join(dir, 'a')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('lrlab: error: --epochs: must be a rung of ASHA, min-epochs × eta^k (1, 3, 9 …), got 5');
    expect(existsSync(join(dir, 'a', 'results.jsonl'))).toBe(false);
    await expect(command.run([...GRID, '--eta', '3', '--out', join(dir, 'b')])).rejects.toThrow('--eta: needs --prune asha');
  });
});
