import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stepDecay } from './step-decay.js';

// Asserts only on failure, so loops over thousands of steps stay fast.
const close = (got: number, want: number, rel = 1e-12) => {
  if (!(Math.abs(got - want) <= rel * Math.abs(want))) expect(got).toBe(want);
};

describe('stepDecay', () => {
  it('decays by gamma every stepSize steps, never at step 0 (PyTorch StepLR docs example)', () => {
    // lr 0.05, stepSize 30, gamma 0.1: 0.05 for t < 30, 0.05·0.1 = 0.005 for 30 ≤ t < 60, 0.0005 for 60 ≤ t < 90.
    const s = stepDecay({ lr: 0.05, stepSize: 30, gamma: 0.1 });
    close(s(0), 0.05);
    close(s(29), 0.05);
    close(s(30), 0.005);
    close(s(59), 0.005);
    close(s(60), 0.0005);
    close(s(89), 0.0005);
  });

  it('defaults gamma to 0.1', () => {
    close(stepDecay({ lr: 1, stepSize: 2 })(2), 0.1); // 1·0.1^⌊2/2⌋
  });

  it("matches PyTorch's recursive update (×gamma when t > 0 and t % stepSize == 0) over 2000 steps", () => {
    const lr = 0.3, stepSize = 7, gamma = 0.93;
    const s = stepDecay({ lr, stepSize, gamma });
    let cur = lr;
    for (let t = 0; t < 2000; t++) {
      if (t > 0 && t % stepSize === 0) cur *= gamma;
      close(s(t), cur, 1e-12);
    }
  });

  it('is piecewise constant: the value changes only at multiples of stepSize', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 50 }), fc.double({ min: 0.5, max: 0.99, noNaN: true }), fc.nat(500), (stepSize, gamma, t) => {
      const s = stepDecay({ lr: 1, stepSize, gamma });
      // gamma ≥ 0.5 and t ≤ 500 keep gamma^k far from underflow, so every decay is visible.
      return (t + 1) % stepSize === 0 ? s(t + 1) < s(t) : s(t + 1) === s(t);
    }));
  });

  it('rejects a non-integer stepSize and a non-positive gamma', () => {
    expect(() => stepDecay({ lr: 1, stepSize: 2.5 })).toThrow('stepSize: must be a positive integer');
    expect(() => stepDecay({ lr: 1, stepSize: 2, gamma: 0 })).toThrow('gamma: must be a positive number');
  });
});
