import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cosine } from './cosine.js';

// Asserts only on failure, so loops over thousands of steps stay fast.
const close = (got: number, want: number, rel = 1e-12, abs = 0) => {
  if (!(Math.abs(got - want) <= rel * Math.abs(want) + abs)) expect(got).toBe(want);
};

describe('cosine', () => {
  it('starts at lr, is halfway at tMax/2 and ends at etaMin at tMax', () => {
    const s = cosine({ lr: 0.1, tMax: 100 });
    expect(s(0)).toBe(0.1);
    close(s(50), 0.05, 0, 1e-17); // 0.1·(1 + cos(π/2))/2 = 0.05 (cos(π/2) is 6e-17 in floating point)
    expect(s(100)).toBe(0); // 1 + cos(π) = 0 exactly
    const m = cosine({ lr: 0.1, tMax: 100, etaMin: 0.01 });
    close(m(50), 0.055, 1e-12); // 0.01 + 0.09·1/2
    close(m(100), 0.01);
  });

  it('past tMax follows the same curve back up, as PyTorch does: lr again at 2·tMax', () => {
    const s = cosine({ lr: 0.1, tMax: 100, etaMin: 0.01 });
    close(s(150), 0.055); // cos(1.5π) = 0 → halfway
    close(s(200), 0.1); // cos(2π) = 1
  });

  it("matches PyTorch's recursive CosineAnnealingLR update over 3000 steps (1000 past tMax)", () => {
    // torch: η_t = (1 + cos(πt/T)) / (1 + cos(π(t−1)/T)) · (η_{t−1} − η_min) + η_min, except when
    // (t − 1 − T) % 2T == 0: η_t = η_{t−1} + (η_0 − η_min)(1 − cos(π/T))/2.
    const lr = 0.4, T = 1000, etaMin = 0.004;
    const s = cosine({ lr, tMax: T, etaMin });
    let cur = lr;
    for (let t = 0; t < 3000; t++) {
      if (t > 0) {
        const k = (((t - 1 - T) % (2 * T)) + 2 * T) % (2 * T);
        cur = k === 0
          ? cur + ((lr - etaMin) * (1 - Math.cos(Math.PI / T))) / 2
          : ((1 + Math.cos((Math.PI * t) / T)) / (1 + Math.cos((Math.PI * (t - 1)) / T))) * (cur - etaMin) + etaMin;
      }
      close(s(t), cur, t <= T ? 1e-12 : 1e-9);
    }
  });

  it('stays within [etaMin, lr] at every step, and decreases up to tMax', () => {
    fc.assert(fc.property(
      fc.double({ min: 1e-6, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 1, max: 5000 }), fc.nat(20000),
      (lr, frac, tMax, t) => {
        const etaMin = lr * frac;
        const s = cosine({ lr, tMax, etaMin });
        const v = s(t);
        const tol = 1e-15 * lr;
        const inside = v >= etaMin - tol && v <= lr + tol;
        const decreasing = t >= tMax || s(t + 1) <= v + tol;
        return inside && decreasing;
      },
    ));
  });

  it('rejects etaMin above lr and a non-integer tMax', () => {
    expect(() => cosine({ lr: 0.1, tMax: 10, etaMin: 0.2 })).toThrow('etaMin: must be <= lr (0.1)');
    expect(() => cosine({ lr: 0.1, tMax: 0 })).toThrow('tMax: must be a positive integer');
  });
});
