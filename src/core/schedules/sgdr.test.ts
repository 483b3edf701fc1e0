import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sgdr } from './sgdr.js';

// Asserts only on failure, so loops over thousands of steps stay fast.
const close = (got: number, want: number, rel = 1e-12) => {
  if (!(Math.abs(got - want) <= rel * Math.abs(want))) expect(got).toBe(want);
};

describe('sgdr', () => {
  it('restarts at t0, t0 + t0·tMult, … and anneals in between', () => {
    const s = sgdr({ lr: 0.1, t0: 10, tMult: 2 });
    // periods 10, 20, 40: restarts at 10, 30, 70.
    for (const r of [0, 10, 30, 70]) expect(s(r)).toBe(0.1);
    close(s(5), 0.05 * (1 + Math.cos(Math.PI / 2))); // T_cur 5 of 10
    close(s(20), 0.05 * (1 + Math.cos(Math.PI / 2))); // T_cur 10 of 20
    close(s(9), 0.05 * (1 + Math.cos(0.9 * Math.PI))); // 0.05·(1 − 0.9511) = 0.002447
    close(s(69), 0.05 * (1 + Math.cos((39 * Math.PI) / 40)));
  });

  it('with tMult 1 has period t0; defaults tMult 1 and etaMin 0', () => {
    const s = sgdr({ lr: 1, t0: 4 });
    close(s(2), 0.5); // (1 + cos(π/2))/2
    expect(s(6)).toBe(s(2));
    expect(s(4)).toBe(1);
  });

  it("matches PyTorch's stateful update (T_cur += 1; at T_i: T_cur −= T_i, T_i ·= tMult) over 5000 steps", () => {
    const lr = 0.2, t0 = 37, tMult = 3, etaMin = 0.001;
    const s = sgdr({ lr, t0, tMult, etaMin });
    let tCur = 0, tI = t0;
    for (let t = 0; t < 5000; t++) {
      if (t > 0) {
        tCur += 1;
        if (tCur >= tI) { tCur -= tI; tI *= tMult; }
      }
      close(s(t), etaMin + ((lr - etaMin) * (1 + Math.cos((Math.PI * tCur) / tI))) / 2);
    }
  });

  it('restarts exactly at t0·(1 + tMult + … + tMult^(k−1)): lr there, below lr just before', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 200 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 }), (t0, tMult, k) => {
      const s = sgdr({ lr: 1, t0, tMult, etaMin: 0.01 });
      let restart = 0;
      for (let i = 0; i < k; i++) restart += t0 * tMult ** i;
      return s(restart) === 1 && s(restart - 1) < 1 && s(restart + 1) < 1;
    }));
  });

  it('requires an integer tMult >= 1, as PyTorch does', () => {
    expect(() => sgdr({ lr: 1, t0: 10, tMult: 1.5 })).toThrow('tMult: must be a positive integer');
    expect(() => sgdr({ lr: 1, t0: 10, tMult: 0 })).toThrow('tMult: must be a positive integer');
  });
});
