import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command } from '../../src/cli/commands/train.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lrlab-e2e-train-'));
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterAll(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('lrlab train on MNIST (wasm, lrlab kernels)', () => {
  it('learns a 2k subset in one epoch and repeats its numbers exactly', async () => {
    const argv = ['--data', 'mnist', '--train-size', '2000', '--val-size', '500', '--model', 'mlp', '--hidden', '64',
      '--optimizer', 'sgd', '--lr', '0.1', '--batch-size', '32', '--epochs', '1', '--quiet'];
    const files = [join(dir, 'a.json'), join(dir, 'b.json')];
    for (const f of files) expect(await command.run([...argv, '--json', f])).toBe(0);
    const [a, b] = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
    expect(a.config.backend).toBe('wasm');
    // 63 steps of SGD on standardised MNIST: far above chance (10%)
    expect(a.final.valAccuracy).toBeGreaterThan(0.8);
    const nums = (r: { epochs: Record<string, number>[] }) => r.epochs.map((e) => [e.trainLoss, e.trainAccuracy, e.valLoss, e.valAccuracy]);
    expect(nums(b)).toEqual(nums(a));
  });
});
