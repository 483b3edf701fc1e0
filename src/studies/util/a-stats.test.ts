import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { across, gridSteps, mean, sampleStd, spearman, windowMean } from './a-stats.js';

describe('a-stats', () => {
  it('mean and sampleStd match hand arithmetic', () => {
    expect(mean([1, 2, 6])).toBe(3);
    // deviations −2, −1, 3 → squares 4 + 1 + 9 = 14, /(3 − 1) = 7
    expect(sampleStd([1, 2, 6])).toBeCloseTo(Math.sqrt(7), 12);
    expect(sampleStd([5])).toBe(0);
    expect(mean([])).toBeNaN();
  });

  it('windowMean clips the window to the array', () => {
    expect(windowMean([1, 2, 3, 4], -5, 2)).toBe(1.5);
    expect(windowMean([1, 2, 3, 4], 3, 99)).toBe(4);
    expect(windowMean([1, 2, 3, 4], 2, 2)).toBeNaN();
  });

  it('gridSteps counts grid ratios between two LRs', () => {
    // 0.1 → 1 is two steps of √10
    expect(gridSteps(1, 0.1, Math.sqrt(10))).toBeCloseTo(2, 12);
    expect(gridSteps(0.01, 0.1, 10)).toBeCloseTo(-1, 12);
  });

  it('spearman: hand example, ties, and ±1 for monotone maps', () => {
    // ranks x 1,2,3; y 1,3,2 → d² = 0 + 1 + 1 → 1 − 6·2/(3·8) = 0.5
    expect(spearman([1, 2, 3], [10, 30, 20])).toBeCloseTo(0.5, 12);
    expect(spearman([1, 2, 3], [5, 5, 5])).toBeNaN();
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 2, maxLength: 20 }), (xs) => {
      expect(spearman(xs, xs.map((x) => 2 * x + 1))).toBeCloseTo(1, 9);
      expect(spearman(xs, xs.map((x) => -x * x * x))).toBeCloseTo(-1, 9);
    }));
  });

  it('across: per-position mean, min, max over series', () => {
    const a = across([[1, 4], [3, 8]]);
    expect(a.mean).toEqual([2, 6]);
    expect(a.min).toEqual([1, 4]);
    expect(a.max).toEqual([3, 8]);
    // √(((1−2)² + (3−2)²)/1) = √2
    expect(a.std[0]).toBeCloseTo(Math.SQRT2, 12);
  });
});
