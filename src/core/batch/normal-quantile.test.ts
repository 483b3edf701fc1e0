import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalQuantile } from './normal-quantile.js';

describe('normalQuantile', () => {
  it('matches tabulated z values', () => {
    // Standard normal table: Φ⁻¹(0.975) = 1.959963985, Φ⁻¹(0.95) = 1.644853627,
    // Φ⁻¹(0.995) = 2.575829304, Φ⁻¹(0.5) = 0, Φ⁻¹(0.001) = −3.090232306.
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 7);
    expect(normalQuantile(0.95)).toBeCloseTo(1.644853627, 7);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829304, 7);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 7);
  });

  it('inverts the normal CDF computed independently by numerical integration', () => {
    // Φ(x) by Simpson's rule on the density: a second implementation of the same function.
    const cdf = (x: number): number => {
      const n = 2000, a = -10, h = (x - a) / n;
      const f = (t: number): number => Math.exp(-t * t / 2) / Math.sqrt(2 * Math.PI);
      let s = f(a) + f(x);
      for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
      return s * h / 3;
    };
    fc.assert(fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), (p) => Math.abs(cdf(normalQuantile(p)) - p) < 1e-7));
  });

  it('rejects p outside (0, 1)', () => {
    expect(() => normalQuantile(0)).toThrow(/p: must be in \(0, 1\)/);
    expect(() => normalQuantile(1)).toThrow();
    expect(() => normalQuantile(Number.NaN)).toThrow();
  });
});
