import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareCriticalBatch, fitCriticalBatch, predictSteps } from './critical-batch.js';
import { createRng } from '../random.js';

const sizes = [16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192];

describe('fitCriticalBatch', () => {
  it('recovers S_min and B_crit from three exact points (hand arithmetic), both methods', () => {
    // S_min = 500, B_crit = 128: S(64) = 500·(1 + 2) = 1500, S(256) = 500·1.5 = 750,
    // S(1024) = 500·1.125 = 562.5; E_min = 500·128 = 64000.
    const pts = [{ batchSize: 64, steps: 1500 }, { batchSize: 256, steps: 750 }, { batchSize: 1024, steps: 562.5 }];
    for (const method of ['log', 'linear'] as const) {
      const fit = fitCriticalBatch(pts, { method });
      expect(fit.sMin).toBeCloseTo(500, 4);
      expect(fit.bCrit).toBeCloseTo(128, 4);
      expect(fit.eMin).toBeCloseTo(64000, 1);
      expect(fit.rSquared).toBeCloseTo(1, 10);
      expect(fit.rmsLogResidual).toBeLessThan(1e-8);
      expect(fit.boundary).toBe('none');
    }
    // Exact data: the profile interval collapses onto the point.
    const fit = fitCriticalBatch(pts);
    expect(fit.bCritLower).toBeCloseTo(128, 3);
    expect(fit.bCritUpper).toBeCloseTo(128, 3);
  });

  it('recovers known (S_min, B_crit) from exact data over B = 16…8192', () => {
    fc.assert(fc.property(fc.double({ min: 10, max: 1e5, noNaN: true }), fc.double({ min: 32, max: 4096, noNaN: true }), (sMin, bCrit) => {
      const fit = fitCriticalBatch(sizes.map((b) => ({ batchSize: b, steps: sMin * (1 + bCrit / b) })));
      return Math.abs(fit.sMin / sMin - 1) < 1e-6 && Math.abs(fit.bCrit / bCrit - 1) < 1e-6;
    }), { numRuns: 30 });
  });

  it('recovers B_crit from noisy data inside its interval on most seeds', () => {
    // S_min = 2000, B_crit = 256, 5% multiplicative (log-normal) noise on each of 10 points.
    let covered = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const rng = createRng(seed);
      const pts = sizes.map((b) => ({ batchSize: b, steps: 2000 * (1 + 256 / b) * Math.exp(0.05 * rng.normal()) }));
      const fit = fitCriticalBatch(pts);
      expect(Math.abs(Math.log(fit.bCrit / 256))).toBeLessThan(0.4);
      expect(fit.bCritLower).toBeLessThanOrEqual(fit.bCrit);
      expect(fit.bCritUpper).toBeGreaterThanOrEqual(fit.bCrit);
      if (fit.bCritLower <= 256 && 256 <= fit.bCritUpper) covered++;
    }
    // Nominal 95%: expect 19 of 20; ≤ 16 has probability ≈ 1.6%.
    expect(covered).toBeGreaterThanOrEqual(17);
  });

  it('is more accurate in log space than linear least squares under relative noise', () => {
    // Why 'log' is the default: with 5% multiplicative noise the small-B points (S ≈ 34000)
    // dominate plain least squares. Mean |ln(B̂_crit/256)| over 20 seeds must be lower for 'log'.
    let errLog = 0, errLinear = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const rng = createRng(100 + seed);
      const pts = sizes.map((b) => ({ batchSize: b, steps: 2000 * (1 + 256 / b) * Math.exp(0.05 * rng.normal()) }));
      errLog += Math.abs(Math.log(fitCriticalBatch(pts).bCrit / 256));
      errLinear += Math.abs(Math.log(fitCriticalBatch(pts, { method: 'linear' }).bCrit / 256));
    }
    expect(errLog).toBeLessThan(errLinear);
  });

  it('flags perfect scaling (S ∝ 1/B) and no scaling (S constant) with the limits', () => {
    // S = 1e6/B: E = 1e6 at every B, B_crit beyond the data.
    const perfect = fitCriticalBatch(sizes.map((b) => ({ batchSize: b, steps: 1e6 / b })));
    expect(perfect).toMatchObject({ boundary: 'perfect-scaling', bCrit: Infinity, sMin: 0, bCritUpper: Infinity });
    expect(perfect.eMin).toBeCloseTo(1e6, 3);
    const flat = fitCriticalBatch(sizes.map((b) => ({ batchSize: b, steps: 700 })));
    expect(flat).toMatchObject({ boundary: 'no-scaling', bCrit: 0, eMin: 0, bCritLower: 0 });
    expect(flat.sMin).toBeCloseTo(700, 8);
    const flatLinear = fitCriticalBatch(sizes.map((b) => ({ batchSize: b, steps: 700 })), { method: 'linear' });
    expect(flatLinear).toMatchObject({ boundary: 'no-scaling', bCrit: 0 });
  });

  it('rejects bad input, naming the field', () => {
    expect(() => fitCriticalBatch([{ batchSize: 8, steps: 10 }])).toThrow(/^points: must contain at least 2 points$/);
    expect(() => fitCriticalBatch([{ batchSize: 8, steps: 10 }, { batchSize: 8, steps: 12 }])).toThrow(/^points: must contain at least 2 different/);
    expect(() => fitCriticalBatch([{ batchSize: 8, steps: 10 }, { batchSize: 16, steps: -1 }])).toThrow(/^points\[1\]\.steps: /);
    expect(() => fitCriticalBatch([{ batchSize: 8, steps: 10 }, { batchSize: 16, steps: 5 }], { method: 'x' as 'log' })).toThrow(/^method: /);
  });
});

describe('predictSteps', () => {
  it('satisfies the trade-off (S/S_min − 1)(E/E_min − 1) = 1 with E = B·S, E_min = S_min·B_crit', () => {
    fc.assert(fc.property(fc.double({ min: 1, max: 1e5, noNaN: true }), fc.double({ min: 1, max: 1e5, noNaN: true }), fc.double({ min: 1, max: 1e5, noNaN: true }),
      (sMin, bCrit, b) => {
        const s = predictSteps({ sMin, bCrit }, b), e = b * s;
        return Math.abs((s / sMin - 1) * (e / (sMin * bCrit) - 1) - 1) < 1e-9;
      }));
  });
});

describe('compareCriticalBatch', () => {
  it('reports the ratio and the within-2× flag', () => {
    // 300/200 = 1.5 → within; 100/250 = 0.4 → factor 2.5, not within; exactly 2× counts as within.
    expect(compareCriticalBatch(300, 200)).toEqual({ ratio: 1.5, factor: 1.5, within2x: true });
    const c = compareCriticalBatch(100, 250);
    expect(c.ratio).toBeCloseTo(0.4, 12);
    expect(c.factor).toBeCloseTo(2.5, 12);
    expect(c.within2x).toBe(false);
    expect(compareCriticalBatch(400, 200).within2x).toBe(true);
    expect(compareCriticalBatch(100, Infinity)).toEqual({ ratio: 0, factor: Infinity, within2x: false });
    expect(() => compareCriticalBatch(0, 10)).toThrow(/^bCrit: /);
    expect(() => compareCriticalBatch(10, Number.NaN)).toThrow(/^bSimple: /);
  });
});
