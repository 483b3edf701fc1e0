import { describe, expect, it } from 'vitest';
import { createRng } from '../core/random.js';
import { blobs, spirals } from './synthetic.js';

const classCounts = (y: Int32Array, k: number): number[] => {
  const c = new Array(k).fill(0);
  for (const v of y) c[v]++;
  return c;
};

describe('blobs', () => {
  it('is the same set for the same seed and a different one for another seed', () => {
    const a = blobs(3, { n: 200, classes: 4, dims: 5 });
    expect(blobs(3, { n: 200, classes: 4, dims: 5 })).toEqual(a);
    expect(Array.from(blobs(4, { n: 200, classes: 4, dims: 5 }).x)).not.toEqual(Array.from(a.x));
  });

  it('balances classes (counts differ by at most one) and has the asked shape', () => {
    // 1001 = 3·333 + 2, so classes 0 and 1 get 334, class 2 gets 333.
    const b = blobs(1, { n: 1001, classes: 3, dims: 7 });
    expect(classCounts(b.y, 3)).toEqual([334, 334, 333]);
    expect(b.featureShape).toEqual([7]);
    expect(b.x.length).toBe(1001 * 7);
    expect(b.numClasses).toBe(3);
  });

  it('follows the documented draw order: centres first, then point by point (re-implemented)', () => {
    const rng = createRng(9);
    const k = 2, d = 3, n = 6, std = 0.5, centerStd = 2;
    const centers = Array.from({ length: k * d }, () => centerStd * rng.normal());
    const expected: number[] = [];
    for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) expected.push(Math.fround(centers[(i % k) * d + t] + std * rng.normal()));
    expect(Array.from(blobs(9, { n, classes: k, dims: d, std, centerStd }).x)).toEqual(expected);
  });

  it('with std 0 puts every point of a class exactly on its centre', () => {
    const b = blobs(5, { n: 30, classes: 3, dims: 2, std: 0 });
    for (let i = 3; i < 30; i++) {
      expect([b.x[2 * i], b.x[2 * i + 1]]).toEqual([b.x[2 * (i % 3)], b.x[2 * (i % 3) + 1]]);
    }
  });

  it('rejects bad options, naming the field', () => {
    expect(() => blobs(1, { classes: 1 })).toThrow(/^classes: must be an integer ≥ 2$/);
    expect(() => blobs(1, { n: 2.5 })).toThrow(/^n: /);
    expect(() => blobs(1, { std: -1 })).toThrow(/^std: must be ≥ 0$/);
    expect(() => blobs(1, { n: 3, classes: 4 })).toThrow(/^classes: must be at most n = 3$/);
  });
});

describe('spirals', () => {
  it('is the same set for the same seed, balanced 50/50', () => {
    const a = spirals(2, { n: 501 });
    expect(spirals(2, { n: 501 })).toEqual(a);
    expect(classCounts(a.y, 2)).toEqual([251, 250]);
    expect(a.featureShape).toEqual([2]);
  });

  it('without noise puts every point on its arm: r = θ/(2π·turns), angle θ + jπ', () => {
    const turns = 1.5;
    const s = spirals(8, { n: 400, noise: 0, turns });
    for (let i = 0; i < s.n; i++) {
      const [px, py] = [s.x[2 * i], s.x[2 * i + 1]];
      const r = Math.hypot(px, py);
      expect(r).toBeLessThan(1);
      // Recover θ from r, then the point must sit at angle θ + jπ (compare as unit vectors).
      const theta = r * 2 * Math.PI * turns;
      const a = theta + s.y[i] * Math.PI;
      expect(px).toBeCloseTo(r * Math.cos(a), 5);
      expect(py).toBeCloseTo(r * Math.sin(a), 5);
    }
  });

  it('spreads points along each arm: mean radius E[√u] = 2/3 per class', () => {
    const s = spirals(4, { n: 2000, noise: 0 });
    const meanR = [0, 0];
    for (let i = 0; i < s.n; i++) meanR[s.y[i]] += Math.hypot(s.x[2 * i], s.x[2 * i + 1]) / 1000;
    // r = √u with u ~ U[0, 1): E[r] = ∫₀¹ √u du = 2/3, for each class separately.
    expect(meanR[0]).toBeCloseTo(2 / 3, 1);
    expect(meanR[1]).toBeCloseTo(2 / 3, 1);
  });
});
