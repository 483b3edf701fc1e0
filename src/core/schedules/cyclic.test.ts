import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cyclic } from './cyclic.js';

// Asserts only on failure, so loops over thousands of steps stay fast.
const close = (got: number, want: number, rel = 1e-12) => {
  if (!(Math.abs(got - want) <= rel * Math.abs(want))) expect(got).toBe(want);
};

describe('cyclic', () => {
  it('triangular: base → max in stepSizeUp steps and back; momentum mirrors it', () => {
    const { lr, momentum } = cyclic({ baseLr: 0.1, maxLr: 1, stepSizeUp: 2 });
    // period 4: x = 0, ½, 1, ½, 0 → lr = 0.1 + 0.9·x
    close(lr(0), 0.1);
    close(lr(1), 0.55);
    close(lr(2), 1);
    close(lr(3), 0.55);
    close(lr(4), 0.1);
    // momentum = 0.9 − 0.1·x (defaults 0.8/0.9)
    close(momentum!(0), 0.9);
    close(momentum!(2), 0.8);
    close(momentum!(3), 0.85);
  });

  it('triangular2 halves the amplitude each 1-based cycle', () => {
    const { lr } = cyclic({ baseLr: 0.1, maxLr: 1, stepSizeUp: 2, mode: 'triangular2' });
    close(lr(2), 1); // cycle 1: 0.1 + 0.9
    close(lr(6), 0.55); // cycle 2 peak: 0.1 + 0.9/2
    close(lr(10), 0.325); // cycle 3 peak: 0.1 + 0.9/4
  });

  it('exp_range scales the amplitude by gamma^t with t the global step', () => {
    const { lr } = cyclic({ baseLr: 0.1, maxLr: 1, stepSizeUp: 2, mode: 'exp_range', gamma: 0.5 });
    close(lr(1), 0.325); // 0.1 + 0.9·½·0.5¹
    close(lr(6), 0.1 + 0.9 * 0.5 ** 6); // peak of cycle 2
  });

  it('asymmetric cycles: up 1, down 3', () => {
    const { lr } = cyclic({ baseLr: 0.1, maxLr: 1, stepSizeUp: 1, stepSizeDown: 3 });
    close(lr(1), 1);
    // t = 2: x = 0.5, ratio ¼ → scale (0.5 − 1)/(¼ − 1) = ⅔ → 0.1 + 0.9·⅔ = 0.7
    close(lr(2), 0.7);
    close(lr(4), 0.1);
  });

  it("matches Smith's formula cycle = ⌊1 + t/2s⌋, x = |t/s − 2·cycle + 1| over 5000 steps, every mode", () => {
    const base = 0.001, max = 0.006, s = 317, gamma = 0.9995;
    for (const mode of ['triangular', 'triangular2', 'exp_range'] as const) {
      const { lr, momentum } = cyclic({ baseLr: base, maxLr: max, stepSizeUp: s, mode, gamma, baseMomentum: 0.85, maxMomentum: 0.95 });
      for (let t = 0; t < 5000; t++) {
        const cycle = Math.floor(1 + t / (2 * s));
        const x = Math.abs(t / s - 2 * cycle + 1);
        const f = mode === 'triangular' ? 1 : mode === 'triangular2' ? 1 / 2 ** (cycle - 1) : gamma ** t;
        close(lr(t), base + (max - base) * Math.max(0, 1 - x) * f, 1e-12);
        close(momentum!(t), 0.95 - 0.1 * Math.max(0, 1 - x) * f, 1e-12);
      }
    }
  });

  it('stays in [baseLr, maxLr], has period up + down, and moves momentum inversely', () => {
    fc.assert(fc.property(
      fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 1e-4, max: 1, noNaN: true }),
      fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 }), fc.nat(5000),
      (baseFrac, maxLr, up, down, t) => {
        const baseLr = maxLr * baseFrac;
        const { lr, momentum } = cyclic({ baseLr, maxLr, stepSizeUp: up, stepSizeDown: down });
        const tol = 1e-12 * maxLr;
        const v = lr(t);
        const inRange = v >= baseLr - tol && v <= maxLr + tol;
        const periodic = Math.abs(lr(t + up + down) - v) <= tol;
        // (lr − base)/(max − base) and (maxM − m)/(maxM − baseM) are the same scale factor.
        const inverse = maxLr - baseLr < 1e-9 || Math.abs((v - baseLr) / (maxLr - baseLr) - (0.9 - momentum!(t)) / 0.1) <= 1e-9;
        return inRange && periodic && inverse;
      },
    ));
  });

  it('has no momentum schedule with cycleMomentum false; rejects maxLr < baseLr', () => {
    expect(cyclic({ baseLr: 0.1, maxLr: 1, cycleMomentum: false }).momentum).toBeNull();
    expect(() => cyclic({ baseLr: 0.1, maxLr: 0.01 })).toThrow('maxLr: must be >= baseLr (0.1)');
    expect(() => cyclic({ baseLr: 0.1, maxLr: 1, baseMomentum: 0.95, maxMomentum: 0.9 })).toThrow('maxMomentum: must be >= baseMomentum (0.95)');
    expect(() => cyclic({ baseLr: 0.1, maxLr: 1, mode: 'sine' as never })).toThrow('mode: must be one of triangular|triangular2|exp_range');
  });
});
