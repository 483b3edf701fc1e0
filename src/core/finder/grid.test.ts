import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gapCrossing, gridLrs, gridSteps, gridSummary, type GridTrial } from './grid.js';

const trial = (lr: number, trainAccuracy: number, valAccuracy: number, valLoss: number, diverged = false): GridTrial =>
  ({ lr, trainLoss: 1 - trainAccuracy, trainAccuracy, valLoss, valAccuracy, diverged });

describe('gridSummary', () => {
  const trials = [
    trial(1e-1, 0.99, 0.95, 0.20),
    trial(1e-3, 0.80, 0.82, 0.60),
    trial(1e-2, 0.96, 0.94, 0.18),
    trial(1, Number.NaN, Number.NaN, Number.NaN, true),
  ];

  it('best by validation accuracy (default) and by validation loss', () => {
    expect(gridSummary(trials).best).toEqual({ lr: 1e-1, index: 0, value: 0.95 });
    expect(gridSummary(trials, { by: 'valLoss' }).best).toEqual({ lr: 1e-2, index: 2, value: 0.18 });
  });

  it('breaks accuracy ties by validation loss, then by the lower LR', () => {
    expect(gridSummary([trial(0.1, 0.9, 0.9, 0.3), trial(0.01, 0.9, 0.9, 0.2)]).best!.lr).toBe(0.01);
    expect(gridSummary([trial(0.1, 0.9, 0.9, 0.2), trial(0.01, 0.9, 0.9, 0.2)]).best!.lr).toBe(0.01);
  });

  it('finds the crossover by interpolating the gap in log LR', () => {
    // gaps (sorted by LR): 1e-3: −0.02, 1e-2: +0.02 → half way in log LR: √(1e-3·1e-2) = 3.162e-3
    const s = gridSummary(trials);
    expect(s.crossover!.between).toEqual([1e-3, 1e-2]);
    expect(s.crossover!.lr).toBeCloseTo(Math.sqrt(1e-5), 15);
    expect(s.curve.map((c) => c.lr)).toEqual([1e-3, 1e-2, 1e-1]);
    expect(s.crossoverNote).toBe('');
  });

  it('explains a missing crossover', () => {
    expect(gridSummary([trial(1e-3, 0.9, 0.8, 1), trial(1e-2, 0.9, 0.8, 1)]).crossoverNote).toBe('train accuracy is above validation accuracy at every LR tried');
    expect(gridSummary([trial(1e-3, 0.7, 0.8, 1), trial(1e-2, 0.7, 0.8, 1)]).crossoverNote).toBe('train accuracy never rises above validation accuracy as the LR grows');
  });

  it('all diverged → no best', () => {
    const s = gridSummary([trial(1, Number.NaN, Number.NaN, Number.NaN, true)]);
    expect(s.best).toBeNull();
    expect(s.crossover).toBeNull();
  });

  it('rejects bad input', () => {
    expect(() => gridSummary([])).toThrow('trials: must contain at least one trial');
    expect(() => gridSummary([trial(-1, 0.5, 0.5, 1)])).toThrow('trials[0].lr: must be a positive number');
    expect(() => gridSummary(trials, { by: 'accuracy' as 'valLoss' })).toThrow("by: must be 'valAccuracy' or 'valLoss'");
  });
});

describe('gridLrs', () => {
  it('1e-4:1:5 is one point per decade', () => {
    const g = gridLrs({ min: 1e-4, max: 1, points: 5 });
    [1e-4, 1e-3, 1e-2, 1e-1, 1].forEach((v, i) => expect(g[i]).toBeCloseTo(v, 15));
    expect(g[0]).toBe(1e-4);
    expect(g[4]).toBe(1);
  });

  it('has a constant ratio between neighbours (property)', () => {
    fc.assert(fc.property(fc.double({ min: 1e-8, max: 1, noNaN: true }), fc.double({ min: 1.5, max: 1e6, noNaN: true }), fc.integer({ min: 2, max: 30 }), (min, ratio, points) => {
      const g = gridLrs({ min, max: min * ratio, points });
      const step = Math.pow(ratio, 1 / (points - 1));
      return g.length === points && g.every((v, i) => i === 0 || Math.abs(v / g[i - 1] / step - 1) < 1e-9);
    }));
  });

  it('rejects bad ranges', () => {
    expect(() => gridLrs({ min: 0, max: 1, points: 7 })).toThrow('min: must be a positive number');
    expect(() => gridLrs({ min: 1, max: 1, points: 7 })).toThrow('max: must be greater than min');
    expect(() => gridLrs({ min: 1e-4, max: 1, points: 1 })).toThrow('points: must be an integer >= 2');
    expect(() => gridLrs({ min: 1e-4, max: 1, points: Number.NaN })).toThrow('points: must be an integer >= 2');
  });
});

describe('gapCrossing', () => {
  const g = (lr: number, trainAccuracy: number, valAccuracy: number) => ({ lr, gap: trainAccuracy - valAccuracy });
  it('the doc example: interpolates in log LR', () => {
    // gaps −0.01 → 0.03: f = 0.25 of the way from 10^−2 to 10^0 → 10^−1.5
    const c = gapCrossing([g(0.01, 0.8, 0.81), g(1, 0.99, 0.96)], 0);
    expect(c?.lr).toBeCloseTo(10 ** -1.5, 12);
    expect(c?.between).toEqual([0.01, 1]);
  });
  it('at a level: the first rise above it, unsorted input', () => {
    // gaps: 0.001 → 0.0, 0.01 → 0.01, 0.1 → 0.05; level 0.02 between 0.01 and 0.1: f = 0.01/0.04 → 10^(−2 + 0.25)
    const c = gapCrossing([g(0.1, 1, 0.95), g(0.001, 0.5, 0.5), g(0.01, 0.9, 0.89)], 0.02);
    expect(c?.lr).toBeCloseTo(10 ** -1.75, 12);
  });
  it('null when the gap starts above the level or never reaches it', () => {
    expect(gapCrossing([g(0.01, 0.9, 0.8), g(0.1, 1, 0.8)], 0)).toBeNull();
    expect(gapCrossing([g(0.01, 0.8, 0.8), g(0.1, 0.85, 0.85)], 0)).toBeNull();
  });
});

describe('gridSteps', () => {
  it('counts grid ratios between two LRs', () => {
    // 0.1 → 1 is two steps of √10
    expect(gridSteps(1, 0.1, Math.sqrt(10))).toBeCloseTo(2, 12);
    expect(gridSteps(0.01, 0.1, 10)).toBeCloseTo(-1, 12);
  });
});
