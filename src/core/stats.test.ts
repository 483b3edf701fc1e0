import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from './random.js';
import {
  across, fitLine, fitPowerLaw, geometricMean, geometricStd, mean, median, minMax, noiseSigma, populationStd, sampleStd, spearman, windowMean,
} from './stats.js';

describe('mean, sampleStd, populationStd, median, minMax', () => {
  it('[2, 4, 4, 4, 5, 5, 7, 9]: mean 5, population std 2, sample std √(32/7)', () => {
    // deviations −3, −1, −1, −1, 0, 0, 2, 4 → squares 9+1+1+1+0+0+4+16 = 32; /8 = 4 → 2; /7 → 2.138…
    expect(mean([2, 4, 4, 4, 5, 5, 7, 9])).toBe(5);
    expect(populationStd([2, 4, 4, 4, 5, 5, 7, 9])).toBe(2);
    expect(sampleStd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    // deviations −2, −1, 3 → squares 4 + 1 + 9 = 14, /(3 − 1) = 7
    expect(sampleStd([1, 2, 6])).toBeCloseTo(Math.sqrt(7), 12);
  });
  it('empty input is NaN; one value has sample std 0; a constant list has std 0', () => {
    expect(mean([])).toBeNaN();
    expect(sampleStd([])).toBeNaN();
    expect(populationStd([])).toBeNaN();
    expect(median([])).toBeNaN();
    expect(sampleStd([5])).toBe(0);
    expect(sampleStd([3, 3, 3])).toBe(0);
    expect(populationStd([3, 3, 3])).toBe(0);
  });
  it('median of odd and even counts; minMax', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(minMax([3, -1, 2])).toEqual([-1, 3]);
    expect(minMax([])).toBeNull();
  });
  it('property: population std = sample std · √((n − 1)/n), both ignore a constant offset', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2, maxLength: 30 }), (xs) => {
      const n = xs.length;
      expect(populationStd(xs)).toBeCloseTo(sampleStd(xs) * Math.sqrt((n - 1) / n), 9);
      expect(sampleStd(xs.map((x) => x + 7))).toBeCloseTo(sampleStd(xs), 9);
    }));
  });
});

describe('windowMean and across', () => {
  it('windowMean clips the window to the array', () => {
    expect(windowMean([1, 2, 3, 4], -5, 2)).toBe(1.5);
    expect(windowMean([1, 2, 3, 4], 3, 99)).toBe(4);
    expect(windowMean([1, 2, 3, 4], 2, 2)).toBeNaN();
  });
  it('across: per-position mean, min, max and sample std over series', () => {
    const a = across([[1, 4], [3, 8]]);
    expect(a.mean).toEqual([2, 6]);
    expect(a.min).toEqual([1, 4]);
    expect(a.max).toEqual([3, 8]);
    // √(((1−2)² + (3−2)²)/1) = √2
    expect(a.std[0]).toBeCloseTo(Math.SQRT2, 12);
    expect(across([])).toEqual({ mean: [], min: [], max: [], std: [] });
  });
});

describe('spearman', () => {
  it('hand-computed values', () => {
    // ranks [1,2,3] vs [1,3,2]: Σd² = 0 + 1 + 1 = 2 → 1 − 6·2 / (3·(9 − 1)) = 0.5
    expect(spearman([1, 2, 3], [10, 30, 20])).toBeCloseTo(0.5, 12);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBe(-1);
    expect(spearman([1, 2, 3, 4], [1, 10, 100, 1000])).toBe(1);
    // ties: y ranks [1.5, 1.5, 3] → Pearson of (1,2,3) and (1.5,1.5,3): Sxy = 1.5, Sxx = 2, Syy = 1.5 → 1.5/√3 = √3/2
    expect(spearman([1, 2, 3], [7, 7, 9])).toBeCloseTo(Math.sqrt(3) / 2, 12);
    // Infinity ranks above every finite value
    expect(spearman([1, 2, 3], [5, Infinity, 6])).toBeCloseTo(0.5, 12);
  });
  it('NaN for a constant list, fewer than two points or unequal lengths', () => {
    expect(spearman([1, 2, 3], [5, 5, 5])).toBeNaN();
    expect(spearman([1], [2])).toBeNaN();
    expect(spearman([1, 2], [1, 2, 3])).toBeNaN();
  });
  it('property: equals 1 − 6Σd²/(n(n²−1)) for distinct values, and a monotone map leaves it unchanged', () => {
    const distinct = fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 3, maxLength: 20 });
    fc.assert(fc.property(distinct, distinct, (a, b) => {
      const n = Math.min(a.length, b.length);
      const xs = a.slice(0, n), ys = b.slice(0, n);
      const rank = (v: number[]) => v.map((x) => v.filter((y) => y < x).length + 1);
      const rx = rank(xs), ry = rank(ys);
      const d2 = rx.reduce((s, r, i) => s + (r - ry[i]) ** 2, 0);
      const expected = 1 - (6 * d2) / (n * (n * n - 1));
      expect(spearman(xs, ys)).toBeCloseTo(expected, 9);
      expect(spearman(xs.map((x) => Math.exp(x / 100)), ys)).toBeCloseTo(expected, 9);
      expect(spearman(xs, xs.map((x) => -x * x * x))).toBeCloseTo(-1, 9);
    }));
  });
});

describe('fitLine / fitPowerLaw', () => {
  it('recovers an exact line with r² 1 and zero slope error', () => {
    const f = fitLine([0, 1, 2, 3], [1, 3, 5, 7]);
    expect(f.slope).toBeCloseTo(2, 12);
    expect(f.intercept).toBeCloseTo(1, 12);
    expect(f.r2).toBeCloseTo(1, 12);
    expect(f.slopeStdErr).toBeCloseTo(0, 12);
  });
  it('hand-computed noisy case: x [0,1,2], y [0,2,1]', () => {
    // x̄ 1, ȳ 1; Sxx 2, Sxy (−1)(−1)+0+(1)(0) = 1 → slope 0.5, intercept 0.5
    // residuals: 0−0.5 = −0.5, 2−1 = 1, 1−1.5 = −0.5 → SSE 1.5; Syy 2 → r² 0.25
    // SE = √(1.5/1/2) = √0.75; t(0.975, 1) = 12.706
    const f = fitLine([0, 1, 2], [0, 2, 1]);
    expect(f.slope).toBeCloseTo(0.5, 12);
    expect(f.intercept).toBeCloseTo(0.5, 12);
    expect(f.r2).toBeCloseTo(0.25, 12);
    expect(f.slopeStdErr).toBeCloseTo(Math.sqrt(0.75), 12);
    expect(f.slopeCi95[1] - 0.5).toBeCloseTo(12.7062 * Math.sqrt(0.75), 3);
  });
  it('two points: exact slope, no interval', () => {
    const f = fitLine([1, 3], [2, 6]);
    expect(f.slope).toBeCloseTo(2, 12);
    expect(Number.isNaN(f.slopeStdErr)).toBe(true);
  });
  it('rejects fewer than two points or a single distinct x', () => {
    expect(() => fitLine([1], [1])).toThrow(/two points/);
    expect(() => fitLine([1, 1], [1, 2])).toThrow(/distinct/);
  });
  it('power law: y = a·x^p gives slope p (property)', () => {
    fc.assert(fc.property(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), (p, a) => {
      const xs = [1, 4, 16, 64];
      const f = fitPowerLaw(xs, xs.map((x) => a * x ** p));
      return Math.abs(f.slope - p) < 1e-9 && Math.abs(10 ** f.intercept - a) < 1e-6 * a;
    }));
  });
});

describe('geometricStd, geometricMean, noiseSigma', () => {
  it('geometricStd of [1, e²] is e^√2; of equal values exactly 1; of one value null', () => {
    // ln x = 0, 2; mean 1; sample variance ((0−1)² + (2−1)²)/(2−1) = 2 → exp(√2)
    expect(geometricStd([1, Math.exp(2)])).toBeCloseTo(Math.exp(Math.SQRT2), 12);
    expect(geometricStd([0.0123, 0.0123, 0.0123])).toBe(1);
    expect(geometricStd([5])).toBeNull();
  });
  it('geometricMean of 1e-3 and 1e-1 is 1e-2', () => {
    expect(geometricMean([1e-3, 1e-1])).toBeCloseTo(1e-2, 15);
  });
  it('noiseSigma recovers σ of Gaussian noise on a trend, ignoring a blow-up', () => {
    const rng = createRng(11);
    const xs = Array.from({ length: 4000 }, (_, i) => 5 - i / 1000 + 0.2 * rng.normal() + (i > 3950 ? 2 ** (i - 3950) : 0));
    expect(Math.abs(noiseSigma(xs)! - 0.2)).toBeLessThan(0.02);
    expect(noiseSigma([1, 2, 3])).toBeNull();
  });
});
