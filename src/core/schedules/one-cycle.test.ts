import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { oneCycle } from './one-cycle.js';

// Asserts only on failure, so loops over thousands of steps stay fast.
const close = (got: number, want: number, rel = 1e-12, abs = 0) => {
  if (!(Math.abs(got - want) <= rel * Math.abs(want) + abs)) expect(got).toBe(want);
};

describe('oneCycle', () => {
  it('two phases: initial = maxLr/25 → maxLr at pctStart·T − 1 → initial/1e4 at T − 1', () => {
    const { lr, momentum } = oneCycle({ maxLr: 0.1, totalSteps: 10 });
    // phase ends 0.3·10 − 1 = 2 and 9; initial 0.004, min 4e-7
    close(lr(0), 0.004);
    close(lr(1), 0.052); // cos at pct ½: 0.1 + (0.004 − 0.1)/2·(cos(π/2) + 1)
    close(lr(2), 0.1);
    close(lr(9), 4e-7);
    close(momentum!(0), 0.95);
    close(momentum!(2), 0.85);
    close(momentum!(9), 0.95);
  });

  it('linear annealing', () => {
    const { lr } = oneCycle({ maxLr: 0.1, totalSteps: 10, annealStrategy: 'linear' });
    // phase 2 from step 2 (0.1) to step 9 (4e-7): at 5, pct = 3/7
    close(lr(5), 0.1 + (4e-7 - 0.1) * (3 / 7));
  });

  it('three phases: symmetric back to initial, then annihilation with momentum held at its maximum', () => {
    const { lr, momentum } = oneCycle({ maxLr: 0.1, totalSteps: 10, threePhase: true });
    // ends 2, 2·0.3·10 − 2 = 4, 9
    close(lr(2), 0.1);
    close(lr(3), 0.052);
    close(lr(4), 0.004);
    close(lr(9), 4e-7);
    for (const t of [4, 5, 7, 9]) expect(momentum!(t)).toBe(0.95);
  });

  it('after the cycle holds the values of step T − 1 (PyTorch would raise)', () => {
    const { lr, momentum } = oneCycle({ maxLr: 0.1, totalSteps: 100, annealStrategy: 'linear' });
    for (const t of [100, 101, 1e6]) {
      expect(lr(t)).toBe(lr(99));
      expect(momentum!(t)).toBe(momentum!(99));
    }
    expect(lr(100)).toBeGreaterThan(0);
  });

  it("matches Smith & Topin's cycle re-derived from the paper's description over 2000 steps", () => {
    // Up by a half cosine from maxLr/div over [0, 599], down by a half cosine to initial/finalDiv over [599, 1999].
    const T = 2000, maxLr = 0.8, div = 10, finalDiv = 100;
    const { lr, momentum } = oneCycle({ maxLr, totalSteps: T, pctStart: 0.3, divFactor: div, finalDivFactor: finalDiv });
    const initial = maxLr / div, min = initial / finalDiv, peak = 0.3 * T - 1;
    const halfCos = (a: number, b: number, u: number) => b + ((a - b) * (1 + Math.cos(Math.PI * u))) / 2;
    for (let t = 0; t < T; t++) {
      const u = t <= peak ? t / peak : (t - peak) / (T - 1 - peak);
      close(lr(t), t <= peak ? halfCos(initial, maxLr, u) : halfCos(maxLr, min, u), 1e-12);
      close(momentum!(t), t <= peak ? halfCos(0.95, 0.85, u) : halfCos(0.85, 0.95, u), 1e-12);
    }
  });

  it('peaks at its phase end with the minimum momentum there, and ends at initial/finalDivFactor', () => {
    fc.assert(fc.property(fc.integer({ min: 10, max: 3000 }), fc.integer({ min: 1, max: 9 }), fc.boolean(), fc.boolean(), (T10, pct10, linear, three) => {
      const T = T10 - (T10 % 10); // pctStart = k/10 makes pctStart·T an integer ≥ 1
      const pctStart = pct10 / 10;
      if (pctStart * T === 1) return true;
      const { lr, momentum } = oneCycle({ maxLr: 1, totalSteps: T, pctStart, annealStrategy: linear ? 'linear' : 'cos', threePhase: three });
      const peak = Math.round(pctStart * T) - 1;
      let argmax = 0;
      for (let t = 0; t < T; t++) if (lr(t) > lr(argmax)) argmax = t;
      const last = three && 2 * pctStart * T - 2 >= T - 1 ? null : 1 / 25 / 1e4;
      return argmax === peak && Math.abs(lr(peak) - 1) < 1e-12 && Math.abs(momentum!(peak) - 0.85) < 1e-12
        // PyTorch's linear anneal (end − start)·1 + start cancels: the end is exact to rounding of maxLr = 1.
        && (last === null || Math.abs(lr(T - 1) - last) <= 1e-15);
    }), { numRuns: 60 });
  });

  it('rejects a pctStart outside [0, 1], and pctStart·totalSteps = 1 where PyTorch divides 0 by 0', () => {
    expect(() => oneCycle({ maxLr: 1, totalSteps: 10, pctStart: 1.5 })).toThrow('pctStart: must be a number in [0, 1]');
    expect(() => oneCycle({ maxLr: 1, totalSteps: 10, pctStart: 0.1 })).toThrow('pctStart: must not make pctStart·totalSteps exactly 1');
    expect(() => oneCycle({ maxLr: 1, totalSteps: 10, divFactor: 0 })).toThrow('divFactor: must be a positive number');
  });
});
