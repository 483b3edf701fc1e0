import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { polynomial } from './polynomial.js';

// Asserts only on failure, so loops over thousands of steps stay fast.
const close = (got: number, want: number, rel = 1e-12) => {
  if (!(Math.abs(got - want) <= rel * Math.abs(want))) expect(got).toBe(want);
};

describe('polynomial', () => {
  it('decays as (1 − t/totalIters)^power to 0 at totalIters and stays there', () => {
    const s = polynomial({ lr: 0.1, totalIters: 10, power: 2 });
    close(s(5), 0.025); // 0.1·(1 − 5/10)²
    expect(s(10)).toBe(0);
    expect(s(20)).toBe(0);
    close(polynomial({ lr: 0.1, totalIters: 10 })(3), 0.07); // power 1: 0.1·0.7
  });

  it('defaults to totalIters 5, power 1', () => {
    close(polynomial({ lr: 1 })(1), 0.8);
  });

  it("matches PyTorch's recursive PolynomialLR update over 1200 steps", () => {
    // torch: lr ← lr·((1 − t/n)/(1 − (t − 1)/n))^p for 0 < t ≤ n, unchanged after.
    const n = 1000, p = 0.9;
    const s = polynomial({ lr: 0.5, totalIters: n, power: p });
    let cur = 0.5;
    for (let t = 0; t < 1200; t++) {
      if (t > 0 && t <= n) cur *= ((1 - t / n) / (1 - (t - 1) / n)) ** p;
      if (t < n) close(s(t), cur, 1e-12);
      else expect(s(t)).toBe(0);
    }
  });

  it('never increases and never goes below 0', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2000 }), fc.double({ min: 0.1, max: 5, noNaN: true }), fc.nat(3000), (n, power, t) => {
      const s = polynomial({ lr: 1, totalIters: n, power });
      return s(t + 1) <= s(t) && s(t) >= 0;
    }));
  });

  it('rejects a non-positive power', () => {
    expect(() => polynomial({ lr: 1, power: 0 })).toThrow('power: must be a positive number');
  });
});
