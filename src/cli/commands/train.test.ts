import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isInputError } from '../errors.js';
import { command } from './train.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lrlab-train-'));
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterAll(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const base = ['--data', 'synthetic', '--train-size', '400', '--val-size', '100', '--model', 'mlp', '--hidden', '16',
  '--optimizer', 'sgd', '--lr', '0.1', '--batch-size', '32', '--epochs', '2', '--backend', 'cpu', '--quiet'];

function numbers(file: string): unknown {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  return r.epochs.map((e: Record<string, number>) => [e.trainLoss, e.trainAccuracy, e.valLoss, e.valAccuracy, e.lr]);
}

describe('lrlab train', () => {
  it('writes the result JSON of DESIGN.md and the same numbers on a second run', async () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    const log = join(dir, 'run.jsonl');
    expect(await command.run([...base, '--json', a, '--log', log])).toBe(0);
    expect(await command.run([...base, '--json', b])).toBe(0);
    const r = JSON.parse(readFileSync(a, 'utf8'));
    expect(Object.keys(r)).toEqual(['config', 'epochs', 'final', 'diverged', 'divergedAtStep']);
    expect(r.config).toMatchObject({ seed: 0, backend: 'cpu', model: 'mlp', hidden: [16], batchSize: 32, trainSize: 400, valSize: 100 });
    expect(typeof r.config.version).toBe('string');
    expect(typeof r.config.tfjsVersion).toBe('string');
    for (const k of ['epoch', 'lr', 'trainLoss', 'trainAccuracy', 'valLoss', 'valAccuracy', 'seconds', 'samplesPerSecond']) {
      expect(typeof r.final[k]).toBe('number');
    }
    expect(r.epochs).toHaveLength(2);
    expect(r.diverged).toBe(false);
    expect(r.divergedAtStep).toBeNull();
    expect(numbers(b)).toEqual(numbers(a));
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.event)).toEqual(['start', 'epoch', 'epoch', 'end']);
    expect(lines[1].valAccuracy).toBe(r.epochs[0].valAccuracy);
  });

  it('reports divergence in the result instead of failing', async () => {
    const out = join(dir, 'd.json');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await command.run([...base.map((v) => (v === '0.1' ? '1e6' : v)), '--json', out])).toBe(0);
    stderr.mockRestore();
    const r = JSON.parse(readFileSync(out, 'utf8'));
    expect(r.diverged).toBe(true);
    expect(Number.isInteger(r.divergedAtStep)).toBe(true);
  });

  it('bad flags or data are input errors and write nothing', async () => {
    const out = join(dir, 'never.json');
    for (const argv of [
      [...base, '--epochs', '0', '--json', out],
      [...base, '--bogus', '--json', out],
      [...base.filter((_, i) => i > 1), '--data', join(dir, 'missing.csv'), '--json', out],
      [...base.filter((_, i) => i < 2 || i > 3), '--train-size', '99999', '--json', out],
    ]) {
      const err = await command.run(argv).then(() => null, (e: unknown) => e);
      expect(isInputError(err)).toBe(true);
      expect(existsSync(out)).toBe(false);
    }
  });
});
