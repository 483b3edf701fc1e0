import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { linear } from './linear.js';

// Asserts only on failure, so loops over thousands of steps stay fast.
const close = (got: number, want: number, rel = 1e-12, abs = 0) => {
  if (!(Math.abs(got - want) <= rel * Math.abs(want) + abs)) expect(got).toBe(want);
};

describe('linear', () => {
  it('moves the factor from startFactor to endFactor over totalIters steps, then holds', () => {
    const s = linear({ lr: 0.1, startFactor: 0.1, totalIters: 10 });
    close(s(0), 0.01); // 0.1·0.1
    close(s(5), 0.055); // 0.1·(0.1 + 0.9·5/10)
    expect(s(10)).toBe(0.1);
    expect(s(1000)).toBe(0.1);
  });

  it("defaults: startFactor 1/3, endFactor 1, totalIters 5 (PyTorch's LinearLR)", () => {
    const s = linear({ lr: 0.3 });
    close(s(0), 0.1); // 0.3/3
    close(s(3), 0.3 * (1 / 3 + ((2 / 3) * 3) / 5)); // 0.22
    expect(s(5)).toBe(0.3);
  });

  it('decays to exactly 0 with endFactor 0 (no negative rounding residue)', () => {
    const s = linear({ lr: 0.7, startFactor: 0.37, endFactor: 0, totalIters: 3 });
    expect(s(3)).toBe(0);
    expect(s(4)).toBe(0);
  });

  it("matches PyTorch's recursive LinearLR update over 1500 steps", () => {
    // torch: t = 0: lr·s; 0 < t ≤ n: lr ← lr·(1 + (e − s)/(n·s + (t − 1)(e − s))); t > n: unchanged.
    const lr = 0.25, sf = 0.013, ef = 0.9, n = 1000;
    const s = linear({ lr, startFactor: sf, endFactor: ef, totalIters: n });
    let cur = lr * sf;
    for (let t = 0; t < 1500; t++) {
      if (t > 0 && t <= n) cur *= 1 + (ef - sf) / (n * sf + (t - 1) * (ef - sf));
      close(s(t), cur, 1e-12);
    }
  });

  it('is monotone in the direction from startFactor to endFactor (a warmup never dips)', () => {
    fc.assert(fc.property(
      fc.double({ min: 0.001, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 1, max: 2000 }), fc.nat(3000),
      (sf, ef, n, t) => {
        const s = linear({ lr: 1, startFactor: sf, endFactor: ef, totalIters: n });
        const step = s(t + 1) - s(t);
        return ef >= sf ? step >= -1e-15 : step <= 1e-15;
      },
    ));
  });

  it("rejects factors outside PyTorch's ranges", () => {
    expect(() => linear({ lr: 1, startFactor: 0 })).toThrow('startFactor: must be a number in (0, 1]');
    expect(() => linear({ lr: 1, startFactor: 1.5 })).toThrow('startFactor: must be a number in (0, 1]');
    expect(() => linear({ lr: 1, endFactor: -0.1 })).toThrow('endFactor: must be a number in [0, 1]');
    expect(() => linear({ lr: 1, totalIters: 0 })).toThrow('totalIters: must be a positive integer');
  });
});
