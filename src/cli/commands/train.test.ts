import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isInputError } from '../errors.js';
import { main } from '../lrlab.js';
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
  it('writes the train result JSON and the same numbers on a second run', async () => {
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

  it('bad numbers are one line on stderr, exit 2, nothing written', async () => {
    const out = join(dir, 'never-num.json');
    const cases: [string, string][] = [['--lr', '0x10'], ['--lr', '0.1abc'], ['--lr', ''], ['--epochs', '1e'], ['--batch-size', '32,64'], ['--seed', ' ']];
    for (const [flag, raw] of cases) {
      let err = '';
      const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => { err += String(c); return true; });
      const argv = ['train', ...base.filter((_, i) => base[i] !== flag && base[i - 1] !== flag), flag, raw, '--json', out];
      const code = await main(argv).finally(() => e.mockRestore());
      expect(code, `${flag} '${raw}'`).toBe(2);
      expect(err).toBe(`lrlab: error: ${flag}: must be a decimal number (got '${raw}')\n`);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('--plateau-* reaches the trainer: with patience 0 the LR halves after each epoch whose val loss is no better', async () => {
    const out = join(dir, 'plateau.json');
    const argv = [...base.map((v) => (v === '2' ? '8' : v === '0.1' ? '1' : v)), '--plateau-patience', '0', '--plateau-factor', '0.5', '--json', out];
    expect(await command.run(argv)).toBe(0);
    const r = JSON.parse(readFileSync(out, 'utf8'));
    expect(r.config.plateau).toEqual({ patience: 0, factor: 0.5 });
    // ReduceLROnPlateau (mode min, threshold 1e-4 rel, patience 0), re-derived from the recorded
    // val losses: an epoch is better when its loss < best·(1 − 1e-4); otherwise the LR of the
    // next epoch is half this one's.
    const rows = r.epochs as { lr: number; valLoss: number }[];
    expect(rows).toHaveLength(8);
    expect(rows[0].lr).toBe(1);
    let best = Infinity;
    let halvings = 0;
    for (let e = 0; e < rows.length - 1; e++) {
      const better = rows[e].valLoss < best * (1 - 1e-4);
      if (better) best = rows[e].valLoss;
      else halvings++;
      expect(rows[e + 1].lr, `epoch ${e + 2}`).toBe(better ? rows[e].lr : rows[e].lr / 2);
    }
    // LR 1 on the blobs overshoots now and then: the rule must have fired at least once.
    expect(halvings).toBeGreaterThan(0);
  });

  it('--schedule-unit epoch trains exactly as "unit": "epoch" in the spec', async () => {
    const spec = { type: 'step', lr: 0.2, stepSize: 1, gamma: 0.5 };
    const noLr = base.filter((_, i) => base[i] !== '--lr' && base[i - 1] !== '--lr');
    const a = join(dir, 'unit-flag.json'), b = join(dir, 'unit-spec.json');
    expect(await command.run([...noLr, '--schedule', JSON.stringify(spec), '--schedule-unit', 'epoch', '--json', a])).toBe(0);
    expect(await command.run([...noLr, '--schedule', JSON.stringify({ ...spec, unit: 'epoch' }), '--json', b])).toBe(0);
    const [ra, rb] = [a, b].map((f) => JSON.parse(readFileSync(f, 'utf8')));
    expect(numbers(a)).toEqual(numbers(b));
    expect(ra.config.schedule).toEqual(rb.config.schedule);
    // Stepped by epoch: 0.2 in epoch 1, 0.2·0.5 = 0.1 in epoch 2.
    expect(ra.epochs.map((e: { lr: number }) => e.lr)).toEqual([0.2, 0.1]);
  });

  it('--batch-schedule reaches the trainer: the batch size of each epoch and its steps', async () => {
    const out = join(dir, 'batch-schedule.json');
    const noBatch = base.filter((_, i) => base[i] !== '--batch-size' && base[i - 1] !== '--batch-size');
    expect(await command.run([...noBatch, '--batch-schedule', '{"type":"multistep","batchSize":16,"milestones":[1],"factor":4}', '--json', out])).toBe(0);
    const r = JSON.parse(readFileSync(out, 'utf8'));
    // 16 in epoch 1, 16·4 = 64 from epoch 2; steps ceil(400/16) = 25, ceil(400/64) = 7
    expect(r.epochs.map((e: { batchSize: number }) => e.batchSize)).toEqual([16, 64]);
    expect(r.epochs.map((e: { steps: number }) => e.steps)).toEqual([25, 7]);
    expect(r.config.batchSize).toBe(16);
  });

  it('standardises CSV columns one by one by default (--normalize feature); scalar mixes their scales', async () => {
    // Column a ~ 1000 ± 50 carries nothing; the label is b > 0.0005 with b in [0, 0.001). One
    // mean/σ over both columns (≈ 500 ± 500) maps every b to ≈ −1, so the label is invisible;
    // per-column statistics keep b's spread. The rows come from a fixed LCG, not from the code under test.
    let state = 12345;
    const rand = () => { state = (state * 1103515245 + 12345) % 2 ** 31; return state / 2 ** 31; };
    const rows = ['a,b,label'];
    for (let i = 0; i < 600; i++) {
      const b = rand() * 0.001;
      rows.push(`${(1000 + (rand() - 0.5) * 100).toFixed(3)},${b.toFixed(7)},${b > 0.0005 ? 1 : 0}`);
    }
    const csv = join(dir, 'scales.csv');
    writeFileSync(csv, `${rows.join('\n')}\n`);
    const args = ['--data', csv, '--model', 'linear', '--optimizer', 'sgd', '--lr', '0.5', '--batch-size', '32', '--epochs', '5', '--backend', 'cpu', '--quiet'];
    const feature = join(dir, 'feature.json');
    const scalar = join(dir, 'scalar.json');
    expect(await command.run([...args, '--json', feature])).toBe(0);
    expect(await command.run([...args, '--normalize', 'scalar', '--json', scalar])).toBe(0);
    const f = JSON.parse(readFileSync(feature, 'utf8'));
    const sc = JSON.parse(readFileSync(scalar, 'utf8'));
    expect(f.config.normalize.mode).toBe('feature');
    expect(f.config.normalize.mean).toHaveLength(2);
    expect(f.config.normalize.mean[0]).toBeGreaterThan(990);
    expect(f.config.normalize.mean[1]).toBeLessThan(0.001);
    expect(sc.config.normalize.mode).toBe('scalar');
    expect(f.final.valAccuracy).toBeGreaterThan(0.9);
    expect(sc.final.valAccuracy).toBeLessThan(0.75);
  });
});
