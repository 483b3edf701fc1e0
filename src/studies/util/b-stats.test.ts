import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitLine, fitPowerLaw, mean, range, std } from './b-stats.js';

describe('mean / std / range', () => {
  it('std is the sample deviation: [2, 4, 4, 4, 5, 5, 7, 9] → √(32/7)', () => {
    // mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32; / (8 − 1)
    expect(mean([2, 4, 4, 4, 5, 5, 7, 9])).toBe(5);
    expect(std([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(std([3])).toBe(0);
    expect(range([3, -1, 2])).toEqual([-1, 3]);
    expect(range([])).toBeNull();
  });
});

describe('fitLine', () => {
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
  it('power law: y = 3·x^0.7 gives slope 0.7 (property)', () => {
    fc.assert(fc.property(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), (p, a) => {
      const xs = [1, 4, 16, 64];
      const f = fitPowerLaw(xs, xs.map((x) => a * x ** p));
      return Math.abs(f.slope - p) < 1e-9 && Math.abs(10 ** f.intercept - a) < 1e-6 * a;
    }));
  });
});
