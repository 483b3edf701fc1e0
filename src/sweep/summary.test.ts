import { describe, expect, it } from 'vitest';
import type { OptimizerSettings, TrialOutcome, TrialResultJson } from '../trial/config.js';
import { summarizeSweep, sweepHeatmap } from './summary.js';

function trial(optimizer: string, lr: number, batchSize: number, valAccuracy: number | null, status: TrialOutcome['status'] = 'ok', valLoss = 1): TrialOutcome {
  return {
    id: `${optimizer} lr=${lr} bs=${batchSize}`,
    config: { data: 'synthetic', model: 'mlp', optimizer: { name: optimizer as OptimizerSettings['name'] }, schedule: lr, batchSize, epochs: 1, seed: 0 },
    status,
    // Only the fields the summary reads.
    result: status === 'error' ? null : { final: valAccuracy === null ? null : { valAccuracy, valLoss, trainAccuracy: valAccuracy, trainLoss: valLoss } } as unknown as TrialResultJson,
    seconds: 2,
  };
}

const grid = [
  trial('sgd', 0.01, 32, 0.80),
  trial('sgd', 0.1, 32, 0.90),
  trial('sgd', 1, 32, 0.95, 'diverged'), // diverged later: its last finished epoch must not win
  trial('sgd', 0.01, 128, 0.70),
  trial('sgd', 0.1, 128, 0.85),
  trial('sgd', 1, 128, 0.88),
  trial('sgd', 0.1, 512, null, 'error'),
];

describe('summarizeSweep', () => {
  it('counts statuses and picks the best finished trial per batch size', () => {
    const s = summarizeSweep(grid);
    expect([s.trials, s.ok, s.diverged, s.errors]).toEqual([7, 5, 1, 1]);
    // Batch 32: 0.95 belongs to a diverged run, so 0.90 at lr 0.1; batch 128: 0.88 at lr 1; batch 512 only failed.
    expect(s.bestPerBatchSize.map((r) => [r.batchSize, r.lr, r.valAccuracy])).toEqual([[32, 0.1, 0.90], [128, 1, 0.88]]);
    expect(s.best?.id).toBe('sgd lr=0.1 bs=32');
  });

  it('breaks accuracy ties by the lower validation loss', () => {
    const s = summarizeSweep([trial('sgd', 0.1, 32, 0.9, 'ok', 0.5), trial('sgd', 0.3, 32, 0.9, 'ok', 0.4), trial('sgd', 1, 32, 0.9, 'ok', 0.6)]);
    expect(s.best?.lr).toBe(0.3);
  });

  it('has one table row per trial with its columns', () => {
    const s = summarizeSweep(grid);
    expect(s.table.rows).toHaveLength(7);
    expect(s.table.rows.every((r) => r.length === s.table.columns.length)).toBe(true);
    expect(s.table.rows[6]).toEqual(['sgd lr=0.1 bs=512', 'sgd', 0.1, 512, 'error', null, null, null, 2]);
  });

  it('shows a schedule spec by its step-0 learning rate; an invalid spec has none', () => {
    // cosine from 0.2: step 0 is 0.2. A cosine without tMax is invalid (an error trial): NaN.
    const cosine = { ...trial('sgd', 0, 32, 0.9), config: { ...trial('sgd', 0, 32, 0.9).config, schedule: { type: 'cosine', lr: 0.2, tMax: 10 } } };
    const broken = { ...trial('sgd', 0, 32, null, 'error'), config: { ...trial('sgd', 0, 32, null).config, schedule: { type: 'cosine', lr: 0.2 } } };
    const rows = summarizeSweep([cosine, broken, trial('sgd', 0.1, 32, 0.8)]).rows;
    expect(rows.map((r) => [r.lr, r.scheduled])).toEqual([[0.2, true], [NaN, true], [0.1, false]]);
  });

  it('has no best when nothing finished', () => {
    const s = summarizeSweep([trial('sgd', 1, 32, null, 'diverged')]);
    expect(s.best).toBeNull();
    expect(s.bestPerBatchSize).toEqual([]);
  });
});

describe('sweepHeatmap', () => {
  it('draws one cell per trial, failed ones grey (null), the best per batch outlined', () => {
    const spec = sweepHeatmap(grid, 'sgd') as { data: { values: { x: number; y: number; value: number | null; highlight: boolean }[] } };
    const cells = spec.data.values.map((c) => [c.x, c.y, c.value, c.highlight]);
    expect(cells).toEqual([
      [0.01, 32, 0.80, false], [0.1, 32, 0.90, true], [1, 32, null, false],
      [0.01, 128, 0.70, false], [0.1, 128, 0.85, false], [1, 128, 0.88, true],
      [0.1, 512, null, false],
    ]);
  });

  it('is null for an optimizer not in the sweep, and when two trials share a cell', () => {
    expect(sweepHeatmap(grid, 'adam')).toBeNull();
    const clash = [trial('sgd', 0.1, 32, 0.9), { ...trial('sgd', 0.1, 32, 0.8), id: 'other' }];
    expect(sweepHeatmap(clash, 'sgd')).toBeNull();
  });
});
