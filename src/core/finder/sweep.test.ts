import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DebiasedEma, debiasedEma, sweepLr } from './sweep.js';

const close = (a: number, b: number, rel = 1e-12): void => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.abs(b));

describe('sweepLr', () => {
  it('exp: 1e-7 → 10 over 9 points moves one decade per point', () => {
    // (e/s)^(1/(N−1)) = (1e8)^(1/8) = 10
    const o = { startLr: 1e-7, endLr: 10, steps: 9, mode: 'exp' as const };
    [1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10].forEach((lr, i) => close(sweepLr(i, o), lr));
  });

  it('exp: both ends are exact', () => {
    const o = { startLr: 3e-6, endLr: 7, steps: 100, mode: 'exp' as const };
    expect(sweepLr(0, o)).toBe(3e-6);
    expect(sweepLr(99, o)).toBe(7);
  });

  it('linear: 0.1 → 1.0 over 10 points steps by 0.1', () => {
    // s + (e − s)·i/9 = 0.1 + 0.9·i/9 = 0.1·(i + 1)
    const o = { startLr: 0.1, endLr: 1, steps: 10, mode: 'linear' as const };
    for (let i = 0; i < 10; i++) close(sweepLr(i, o), 0.1 * (i + 1), 1e-14);
  });

  it('is increasing and stays within [startLr, endLr] (property)', () => {
    fc.assert(fc.property(
      fc.double({ min: 1e-9, max: 1, noNaN: true }), fc.double({ min: 1.001, max: 1e9, noNaN: true }), fc.integer({ min: 10, max: 400 }), fc.constantFrom('exp' as const, 'linear' as const),
      (s, ratio, steps, mode) => {
        const o = { startLr: s, endLr: s * ratio, steps, mode };
        let prev = 0;
        for (let i = 0; i < steps; i++) {
          const lr = sweepLr(i, o);
          if (!(lr >= o.startLr && lr <= o.endLr && lr >= prev)) return false;
          prev = lr;
        }
        return true;
      },
    ));
  });
});

describe('debiased EMA', () => {
  it('β = 0.5 on [4, 2, 1]: 4, 8/3, 12/7', () => {
    // avg1 = 0.5·4 = 2, /(1−0.5) = 4
    // avg2 = 0.5·2 + 0.5·2 = 2, /(1−0.25) = 8/3
    // avg3 = 0.5·2 + 0.5·1 = 1.5, /(1−0.125) = 12/7
    const s = debiasedEma([4, 2, 1], 0.5);
    close(s[0], 4); close(s[1], 8 / 3); close(s[2], 12 / 7);
  });

  it('returns the first value unchanged and a constant sequence as itself', () => {
    const ema = new DebiasedEma(0.98);
    close(ema.push(3.5), 3.5);
    for (let i = 0; i < 50; i++) close(ema.push(3.5), 3.5, 1e-12);
  });

  it('clone() continues exactly as the original and is independent of it', () => {
    // avg after [4, 2] with β = 0.5 is 2 (see above); both then see 1: avg 1.5, /(1−0.125) = 12/7.
    const a = new DebiasedEma(0.5);
    a.push(4); a.push(2);
    const b = a.clone();
    close(b.push(1), 12 / 7);
    close(a.push(1), 12 / 7);
    a.push(100); // must not reach b
    // b: avg 0.5·1.5 + 0.5·1 = 1.25, /(1 − 0.5⁴) = 1.25/0.9375 = 4/3
    close(b.push(1), 4 / 3);
  });

  it('β = 0 is the identity', () => {
    expect(debiasedEma([1, 5, 2], 0)).toEqual([1, 5, 2]);
  });

  it('matches the weighted-average form Σ β^(t−j)(1−β)x_j / (1 − β^(t+1))', () => {
    const xs = [2.3, 2.1, 2.4, 1.9, 1.2, 0.8, 0.9, 3.1];
    const beta = 0.9;
    const got = debiasedEma(xs, beta);
    xs.forEach((_, t) => {
      let num = 0;
      for (let j = 0; j <= t; j++) num += Math.pow(beta, t - j) * (1 - beta) * xs[j];
      close(got[t], num / (1 - Math.pow(beta, t + 1)), 1e-12);
    });
  });
});
