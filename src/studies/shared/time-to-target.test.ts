import { describe, expect, it } from 'vitest';
import { timeToTarget } from './time-to-target.js';

const pts = (ts: number[], vs: number[]) => ts.map((t, i) => ({ t, value: vs[i] }));

describe('timeToTarget', () => {
  it('interpolates linearly between the points around the crossing', () => {
    // (10, 2) → (20, 1): 1.5 is half way → 15; 1.2 is 80% of the way → 18
    expect(timeToTarget(pts([0, 10, 20], [3, 2, 1]), 1.5)).toBeCloseTo(15, 12);
    expect(timeToTarget(pts([0, 10, 20], [3, 2, 1]), 1.2)).toBeCloseTo(18, 12);
  });
  it('returns the first time when the curve starts at or below the target', () => {
    expect(timeToTarget(pts([5, 10], [1, 0.5]), 2)).toBe(5);
  });
  it('takes the first crossing, not a later one', () => {
    expect(timeToTarget(pts([0, 1, 2, 3], [2, 0.5, 2, 0.1]), 1)).toBeCloseTo(2 / 3, 12);
  });
  it('null when never reached or diverged (NaN)', () => {
    expect(timeToTarget(pts([0, 1], [2, 1.5]), 1)).toBeNull();
    expect(timeToTarget(pts([0, 1], [2, NaN]), 1)).toBeNull();
  });
});
