import { describe, expect, it } from 'vitest';
import { estimateAccuracy, estimatedGapPp, estimatedOptimum, normalCdf } from '../../bench/finder-estimate.js';

// Expected values are worked by hand from the three points each estimate passes through.
const g = (pairs: [number, number | null][]): { lr: number; acc: number | null }[] => pairs.map(([x, acc]) => ({ lr: 10 ** x, acc }));

describe('estimateAccuracy', () => {
  it('is the quadratic in log LR through the three nearest points', () => {
    // y = 0.9 − 0.1 (x + 1)² through (−2, .8), (−1, .9), (0, .8): at x = −1.5, 0.9 − 0.025.
    expect(estimateAccuracy(g([[-2, 0.8], [-1, 0.9], [0, 0.8]]), 10 ** -1.5)).toBeCloseTo(0.875, 12);
    // y = x³ at x = 0…3. At 1.2 the nearer outer neighbour is x = 0: through (0,0), (1,1), (2,8),
    // y = 3x² − 2x → 1.92. At 1.8 it is x = 3: through (1,1), (2,8), (3,27),
    // y = 6(x−1)(x−2) + 7(x−1) + 1 → −0.96 + 5.6 + 1 = 5.64.
    const cubic = g([[0, 0], [1, 1], [2, 8], [3, 27]]);
    expect(estimateAccuracy(cubic, 10 ** 1.2)).toBeCloseTo(1.92, 12);
    expect(estimateAccuracy(cubic, 10 ** 1.8)).toBeCloseTo(5.64, 12);
  });

  it('keeps the parabola within the points it was drawn through', () => {
    // Through (0, .9), (1, 1), (2, 0): y = .9 + .65x − .55x², 1.0875 at x = 0.5 → kept at 1.
    expect(estimateAccuracy(g([[0, 0.9], [1, 1], [2, 0]]), 10 ** 0.5)).toBe(1);
  });

  it('counts a diverged point as 0 and holds the end values outside the grid', () => {
    // Through (0, .5), (1, 1), (2, 0): y = .5 + 1.25x − .75x², at 1.5: .5 + 1.875 − 1.6875 = 0.6875.
    const grid = g([[0, 0.5], [1, 1], [2, null]]);
    expect(estimateAccuracy(grid, 10 ** 1.5)).toBeCloseTo(0.6875, 12);
    expect(estimateAccuracy(grid, 0.1)).toBe(0.5);
    expect(estimateAccuracy(grid, 1e3)).toBe(0);
  });

  it('rejects a grid too small or out of order, and a bad lr', () => {
    expect(() => estimateAccuracy(g([[0, 0.5], [1, 1]]), 1)).toThrow(/grid: must hold at least 3 points/);
    expect(() => estimateAccuracy(g([[1, 0.5], [0, 1], [2, 1]]), 1)).toThrow(/grid: LRs must increase/);
    expect(() => estimateAccuracy(g([[0, 0.5], [1, 1], [2, 1]]), 0)).toThrow(/lr: must be a positive number/);
  });
});

describe('estimatedGapPp and estimatedOptimum', () => {
  const grid = g([[-2, 0.8], [-1, 0.9], [0, 0.8]]);
  it('measures the gap below the best grid point in pp', () => {
    expect(estimatedGapPp(grid, 10 ** -1.5)).toBeCloseTo(2.5, 9); // 100 × (0.9 − 0.875)
  });

  it('finds the peak and the window within 0.5 pp', () => {
    const o = estimatedOptimum(grid);
    expect(Math.log10(o.lr)).toBeCloseTo(-1, 9);
    // 0.1 (x + 1)² ≤ 0.005 ⇔ |x + 1| ≤ 0.2236: on the 0.01 lattice from −1.22 to −0.78, 0.44 decades.
    expect(o.windowDecades).toBeCloseTo(0.44, 6);
  });
});

describe('normalCdf', () => {
  it('matches the normal table', () => {
    // Table values: Φ(0) = 0.5, Φ(1) = 0.841345, Φ(1.959964) = 0.975, Φ(−1.644854) = 0.05.
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1)).toBeCloseTo(0.841345, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1.644854)).toBeCloseTo(0.05, 6);
  });
});
