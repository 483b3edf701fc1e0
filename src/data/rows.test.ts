import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseSubset, holdout, resolveSize, takeRows } from './rows.js';

describe('chooseSubset', () => {
  it('gives k distinct sorted indices in range, the same for the same seed (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer(), fc.double({ min: 0, max: 1, noNaN: true }), (n, seed, f) => {
        const k = Math.floor(f * n);
        const s = chooseSubset(n, k, seed);
        expect(s.length).toBe(k);
        for (let i = 1; i < k; i++) expect(s[i]).toBeGreaterThan(s[i - 1]);
        if (k > 0) expect(s[0]).toBeGreaterThanOrEqual(0);
        if (k > 0) expect(s[k - 1]).toBeLessThan(n);
        expect(chooseSubset(n, k, seed)).toEqual(s);
      }),
    );
  });

  it('nests: with one seed a smaller subset is inside a larger one', () => {
    const small = new Set(chooseSubset(1000, 100, 7));
    const large = new Set(chooseSubset(1000, 400, 7));
    for (const i of small) expect(large.has(i)).toBe(true);
  });

  it('differs between seeds', () => {
    expect(chooseSubset(1000, 100, 1)).not.toEqual(chooseSubset(1000, 100, 2));
  });
});

describe('holdout', () => {
  it('partitions 0..n-1 into round(n·f) validation rows and the rest', () => {
    // round(101 · 0.2) = round(20.2) = 20
    const { train, val } = holdout(101, 0.2, 3);
    expect(val.length).toBe(20);
    expect(train.length).toBe(81);
    expect([...train, ...val].sort((a, b) => a - b)).toEqual(Array.from({ length: 101 }, (_, i) => i));
    expect(holdout(101, 0.2, 3)).toEqual({ train, val });
  });

  it('refuses fractions that leave a side empty', () => {
    expect(() => holdout(4, 0.1, 1)).toThrow(/^valFraction: 0\.1 of 4 rows leaves an empty/);
    expect(() => holdout(4, 1, 1)).toThrow(/^valFraction: must be in \(0, 1\)/);
  });
});

describe('takeRows', () => {
  it('scales byte pixels by 1/255 and gathers the chosen rows with their labels', () => {
    const src = { x: Uint8Array.from([0, 255, 51, 102, 10, 20]), y: [4, 5, 6], n: 3, featureShape: [2], numClasses: 7 };
    const d = takeRows(src, Int32Array.from([2, 0]));
    // 10/255, 20/255, then row 0: 0, 1
    expect(Array.from(d.x)).toEqual([10 / 255, 20 / 255, 0, 1].map(Math.fround));
    expect(Array.from(d.y)).toEqual([6, 4]);
    expect(d.n).toBe(2);
    expect(d.numClasses).toBe(7);
    expect(Array.from(takeRows(src, null).x)[3]).toBe(Math.fround(102 / 255));
  });

  it('copies float features unchanged', () => {
    const src = { x: Float32Array.from([1.5, -2, 3, 4]), y: Int32Array.from([0, 1]), n: 2, featureShape: [2], numClasses: 2 };
    expect(Array.from(takeRows(src, Int32Array.from([1])).x)).toEqual([3, 4]);
  });
});

describe('resolveSize', () => {
  it('defaults to all and names the flag when too large', () => {
    expect(resolveSize('--train-size', undefined, 60, 'x')).toBe(60);
    expect(resolveSize('--train-size', 60, 60, 'x')).toBe(60);
    expect(() => resolveSize('--train-size', 61, 60, 'training examples in mnist')).toThrow(/^--train-size: must be at most 60, the training examples in mnist$/);
    expect(() => resolveSize('--val-size', 0, 60, 'x')).toThrow(/^--val-size: must be a positive integer, got 0$/);
  });
});
