import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { summarizeNoiseScale } from './noise-scale-summary.js';

describe('summarizeNoiseScale', () => {
  it('gives the delta-method interval computed by hand', () => {
    // g = [1, 3], s = [30, 34]: ḡ = 2, s̄ = 32, Var g = 2, Var s = 8, Cov = ((−1)(−2) + (1)(2))/1 = 4.
    // ρ = 2/32 = 0.0625; Var ρ̂ = (2 − 2·0.0625·4 + 0.0625²·8)/(2·32²) = 1.53125/2048;
    // se_B = √(Var ρ̂)/ρ² = √(1.53125·65536/2048) = √49 = 7; B = 32/2 = 16.
    const r = summarizeNoiseScale([1, 3], [30, 34]);
    expect(r.bSimple).toBeCloseTo(16, 12);
    expect(r.standardError).toBeCloseTo(7, 10);
    const seRho = Math.sqrt(1.53125 / 2048), z = 1.959963985;
    expect(r.lower).toBeCloseTo(1 / (0.0625 + z * seRho), 6);
    expect(r.upper).toBeCloseTo(1 / (0.0625 - z * seRho), 5);
    expect(r.status).toBe('ok');
    // se of the means: √(2/2) = 1 and √(8/2) = 2.
    expect(r.gradSqNormSE).toBeCloseTo(1, 12);
    expect(r.traceSigmaSE).toBeCloseTo(2, 12);
  });

  it('flags a non-positive mean |G|² as noise-dominated with Infinity, a finite lower bound, never NaN', () => {
    // ḡ = (−1 + 0.5)/2 = −0.25 ≤ 0 → B = Infinity; ρ = −0.25/40 < 0, so the lower end uses
    // max(ρ, 0) + z·se_ρ, which is positive → finite lower bound.
    const r = summarizeNoiseScale([-1, 0.5], [38, 42]);
    expect(r.bSimple).toBe(Infinity);
    expect(r.upper).toBe(Infinity);
    expect(Number.isFinite(r.lower) && r.lower > 0).toBe(true);
    expect(r.status).toBe('noise-dominated');
  });

  it('reports no-noise when the mean tr(Σ) is ≤ 0', () => {
    const r = summarizeNoiseScale([1, 1], [0, 0]);
    expect(r).toMatchObject({ bSimple: 0, lower: 0, status: 'no-noise' });
  });

  it('reports insufficient for one step', () => {
    const r = summarizeNoiseScale([2], [64]);
    expect(r).toMatchObject({ bSimple: 32, standardError: Infinity, lower: 0, upper: Infinity, status: 'insufficient' });
  });

  it('reports insufficient rather than NaN when |G|²/tr(Σ) overflows', () => {
    const r = summarizeNoiseScale([1e3, 2e3], [1e-320, 1e-320]);
    expect(r).toMatchObject({ standardError: Infinity, lower: 0, upper: Infinity, status: 'insufficient' });
    expect(Number.isNaN(r.bSimple)).toBe(false);
  });

  it('never returns NaN and keeps lower ≤ bSimple ≤ upper', () => {
    const arr = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 20 });
    fc.assert(fc.property(arr, arr, (a, b) => {
      const n = Math.min(a.length, b.length);
      const r = summarizeNoiseScale(a.slice(0, n), b.slice(0, n));
      const nums = [r.bSimple, r.standardError, r.lower, r.upper, r.gradSqNorm, r.traceSigma];
      return nums.every((x) => !Number.isNaN(x)) && r.lower <= r.bSimple && r.bSimple <= r.upper;
    }));
  });
});
