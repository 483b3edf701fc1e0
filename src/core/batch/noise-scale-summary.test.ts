import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { summarizeNoiseScale } from './noise-scale-summary.js';

describe('summarizeNoiseScale', () => {
  it('gives the delta-method interval computed by hand (t multiplier, 41 steps)', () => {
    // 41 steps: 20 copies each of (g, s) = (1.5, 30) and (2.5, 34), one of (2, 32).
    // ḡ = 2, s̄ = 32; Var g = 40·0.25/40 = 0.25, Var s = 40·4/40 = 4, Cov = 40·(0.5·2)/40 = 1.
    // ρ = 1/16; Var ρ̂ = (0.25 − 2·(1/16)·1 + (1/256)·4)/(41·1024) = 0.140625/41984.
    // t_{0.975, 40} = 2.021075. B = 16; se_B = √(Var ρ̂)·256.
    const g = [...Array(20).fill(1.5), ...Array(20).fill(2.5), 2];
    const s = [...Array(20).fill(30), ...Array(20).fill(34), 32];
    const r = summarizeNoiseScale(g, s);
    const seRho = Math.sqrt(0.140625 / 41984), t = 2.021075;
    expect(r.bSimple).toBeCloseTo(16, 10);
    expect(r.standardError).toBeCloseTo(seRho * 256, 8);
    expect(r.lower).toBeCloseTo(1 / (1 / 16 + t * seRho), 3);
    expect(r.upper).toBeCloseTo(1 / (1 / 16 - t * seRho), 3);
    expect(r.status).toBe('ok');
  });

  it('gives the delta-method numbers computed by hand for two steps', () => {
    // g = [1, 3], s = [30, 34]: ḡ = 2, s̄ = 32, Var g = 2, Var s = 8, Cov = ((−1)(−2) + (1)(2))/1 = 4.
    // ρ = 2/32 = 0.0625; Var ρ̂ = (2 − 2·0.0625·4 + 0.0625²·8)/(2·32²) = 1.53125/2048;
    // se_B = √(Var ρ̂)/ρ² = √(1.53125·65536/2048) = √49 = 7; B = 32/2 = 16.
    const r = summarizeNoiseScale([1, 3], [30, 34]);
    expect(r.bSimple).toBeCloseTo(16, 12);
    expect(r.standardError).toBeCloseTo(7, 10);
    // n = 2 → t_{0.975, 1} = tan(0.475π) = 12.7062047: z·se_ρ = 0.3474 > ρ, so only a lower bound:
    // lower = 1/(0.0625 + 12.7062047·0.0273437) = 1/0.409938 ≈ 2.4394, upper = ∞.
    const seRho = Math.sqrt(1.53125 / 2048), t = 12.7062047362;
    expect(r.lower).toBeCloseTo(1 / (0.0625 + t * seRho), 6);
    expect(r.lower).toBeCloseTo(2.4394, 3);
    expect(r.upper).toBe(Infinity);
    expect(r.status).toBe('noise-dominated');
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
