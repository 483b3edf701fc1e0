import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng, permutation } from './random.js';

describe('createRng', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = createRng(42), b = createRng(42), c = createRng(43);
    const xa = Array.from({ length: 50 }, () => a.next());
    const xb = Array.from({ length: 50 }, () => b.next());
    const xc = Array.from({ length: 50 }, () => c.next());
    expect(xa).toEqual(xb);
    expect(xa).not.toEqual(xc);
  });

  it('next() stays in [0, 1) and int(n) in [0, n)', () => {
    fc.assert(fc.property(fc.integer(), fc.integer({ min: 1, max: 1000 }), (seed, n) => {
      const r = createRng(seed);
      for (let i = 0; i < 100; i++) {
        const u = r.next();
        const k = r.int(n);
        if (!(u >= 0 && u < 1) || !(k >= 0 && k < n && Number.isInteger(k))) return false;
      }
      return true;
    }));
  });

  it('has the moments of a uniform and a standard normal', () => {
    // Uniform: mean 1/2, variance 1/12. Normal: mean 0, variance 1. n = 2e5, so the standard
    // error of each mean is below 0.003; 0.01 is > 3 standard errors.
    const r = createRng(7);
    const n = 200_000;
    let su = 0, su2 = 0, sn = 0, sn2 = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next(); su += u; su2 += u * u;
      const z = r.normal(); sn += z; sn2 += z * z;
    }
    expect(su / n).toBeCloseTo(0.5, 2);
    expect(su2 / n - (su / n) ** 2).toBeCloseTo(1 / 12, 2);
    expect(Math.abs(sn / n)).toBeLessThan(0.01);
    expect(Math.abs(sn2 / n - 1)).toBeLessThan(0.02);
  });

  it('state() and setState() replay the stream exactly', () => {
    const r = createRng(3);
    r.next(); r.normal();
    const s = r.state();
    const first = [r.next(), r.normal(), r.int(10)];
    r.setState(s);
    expect([r.next(), r.normal(), r.int(10)]).toEqual(first);
  });

  it('rejects a non-integer seed', () => {
    expect(() => createRng(1.5)).toThrow(/seed: must be an integer/);
  });
});

describe('permutation', () => {
  it('contains every index exactly once', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 500 }), fc.integer(), (n, seed) => {
      const p = Array.from(permutation(n, createRng(seed))).sort((x, y) => x - y);
      return p.every((v, i) => v === i) && p.length === n;
    }));
  });
});
