import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bestLr } from './best-lr.js';

describe('bestLr', () => {
  it('symmetric peak stays on the grid point', () => {
    const b = bestLr([0.01, 0.1, 1], [0.8, 0.9, 0.8])!;
    expect(b.index).toBe(1);
    expect(b.lr).toBeCloseTo(0.1, 12);
    expect(b.atEdge).toBe(false);
  });
  it('recovers the vertex of an exact parabola in log10(lr)', () => {
    // score = 1 − (log10 lr + 0.8)²: vertex at lr = 10^−0.8 ≈ 0.1585, inside half a step of 0.1
    const lrs = [0.001, 0.01, 0.1, 1, 10];
    const b = bestLr(lrs, lrs.map((lr) => 1 - (Math.log10(lr) + 0.8) ** 2))!;
    expect(b.gridLr).toBe(0.1);
    expect(b.lr).toBeCloseTo(10 ** -0.8, 10);
  });
  it('skips nulls, breaks ties towards the smaller LR, flags edges', () => {
    expect(bestLr([1, 2, 3], [null, 0.5, 0.5])!.index).toBe(1);
    expect(bestLr([1, 2, 3], [0.9, 0.5, null])!.atEdge).toBe(true);
    expect(bestLr([1, 2], [null, null])).toBeNull();
  });
  it('never moves more than half a grid step in log space (property)', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 8 }), (scores) => {
      const lrs = scores.map((_, i) => 10 ** (i / 2));
      const b = bestLr(lrs, scores)!;
      return Math.abs(Math.log10(b.lr) - Math.log10(b.gridLr)) <= 0.25 + 1e-12;
    }));
  });
});
