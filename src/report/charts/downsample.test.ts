import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minMaxIndices, pointBudget } from './downsample.js';

describe('pointBudget', () => {
  it('gives two points per pixel column plus the ends, capped at 2000', () => {
    expect(pointBudget(560)).toBe(1122); // 2·560 + 2
    expect(pointBudget(999)).toBe(2000); // 2·999 + 2 = 2000
    expect(pointBudget(1200)).toBe(2000);
  });
});

describe('minMaxIndices', () => {
  it('keeps first, bucket min and max, last (hand example)', () => {
    // n = 8, maxPoints = 4 → B = ⌊(4 − 2) / 2⌋ = 1 bucket over indices 1..6:
    // its max 9 is at 1, its first min 0 at 2; plus 0 and 7.
    expect(minMaxIndices([0, 9, 0, 0, 0, 0, 0, 0], 4)).toEqual([0, 1, 2, 7]);
  });

  it('returns every index when the series already fits', () => {
    expect(minMaxIndices([3, 1, 2], 4)).toEqual([0, 1, 2]);
    expect(minMaxIndices([], 4)).toEqual([]);
  });

  it('splits the interior into equal buckets (hand example)', () => {
    // n = 10, maxPoints = 6 → B = 2 buckets over interior 1..8: [1..4] and [5..8].
    // Bucket 1: values 5,1,7,2 → min at 2, max at 3. Bucket 2: 4,4,8,0 → max at 7, min at 8.
    expect(minMaxIndices([0, 5, 1, 7, 2, 4, 4, 8, 0, 3], 6)).toEqual([0, 2, 3, 7, 8, 9]);
  });

  it('rejects a maxPoints below 4', () => {
    expect(() => minMaxIndices([1, 2, 3], 3)).toThrow('maxPoints: must be an integer >= 4');
    expect(() => minMaxIndices([1, 2, 3], 10.5)).toThrow('maxPoints: must be an integer >= 4');
  });

  const series = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 0, maxLength: 1500 });
  const cap = fc.integer({ min: 4, max: 120 });

  it('stays within maxPoints, in strictly increasing order, from 0 to n−1', () => {
    fc.assert(
      fc.property(series, cap, (values, maxPoints) => {
        const kept = minMaxIndices(values, maxPoints);
        expect(kept.length).toBeLessThanOrEqual(Math.max(maxPoints, 0));
        for (let k = 1; k < kept.length; k++) expect(kept[k]).toBeGreaterThan(kept[k - 1]);
        if (values.length > 0) {
          expect(kept[0]).toBe(0);
          expect(kept[kept.length - 1]).toBe(values.length - 1);
        }
      }),
    );
  });

  it('every value is bounded above and below by a kept value at most one bucket away', () => {
    fc.assert(
      fc.property(series, cap, (values, maxPoints) => {
        const n = values.length;
        if (n <= maxPoints) return;
        const kept = minMaxIndices(values, maxPoints);
        // A bucket spans at most ⌈(n − 2) / B⌉ indices, so its kept min/max lie within that distance.
        const reach = Math.ceil((n - 2) / Math.floor((maxPoints - 2) / 2));
        for (let i = 0; i < n; i++) {
          const near = kept.filter((k) => Math.abs(k - i) < reach).map((k) => values[k]);
          expect(Math.max(...near)).toBeGreaterThanOrEqual(values[i]);
          expect(Math.min(...near)).toBeLessThanOrEqual(values[i]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('keeps a single spike at its exact step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2001, max: 20000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, where) => {
        const spike = Math.min(n - 1, Math.floor(where * n));
        const values = Array.from({ length: n }, (_, i) => (i === spike ? 5 : 0.1));
        expect(minMaxIndices(values)).toContain(spike);
      }),
      { numRuns: 30 },
    );
  });
});
