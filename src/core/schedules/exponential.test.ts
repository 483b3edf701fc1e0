import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exponential } from './exponential.js';

// Asserts only on failure, so loops over thousands of steps stay fast.
const close = (got: number, want: number, rel = 1e-12) => {
  if (!(Math.abs(got - want) <= rel * Math.abs(want))) expect(got).toBe(want);
};

describe('exponential', () => {
  it('multiplies by gamma every step', () => {
    const s = exponential({ lr: 0.1, gamma: 0.5 });
    expect(s(0)).toBe(0.1);
    close(s(3), 0.0125); // 0.1 · 0.5³
  });

  it("matches PyTorch's recursive update (lr ← lr·gamma) over 1000 steps", () => {
    const s = exponential({ lr: 0.2, gamma: 0.997 });
    let cur = 0.2;
    for (let t = 0; t < 1000; t++) {
      if (t > 0) cur *= 0.997;
      close(s(t), cur, 1e-12);
    }
  });

  it('consecutive values have ratio gamma', () => {
    fc.assert(fc.property(fc.double({ min: 0.5, max: 1.5, noNaN: true }), fc.nat(500), (gamma, t) => {
      const s = exponential({ lr: 1, gamma });
      return Math.abs(s(t + 1) / s(t) - gamma) <= 1e-12 * gamma;
    }));
  });

  it('requires gamma', () => {
    expect(() => exponential({ lr: 1 } as never)).toThrow('gamma: is required');
  });
});
