import { describe, expect, it } from 'vitest';
import { ridge } from './ridge.js';
import { ridgeVerdict } from './verdict.js';

/** A synthetic accuracy map whose best LR is exactly c·B^p: score = 1 − (log10 lr − log10(c·B^p))². */
function map(batchSizes: number[], lrs: number[], c: number, p: number) {
  return batchSizes.map((b) => lrs.map((lr) => 1 - (Math.log10(lr) - Math.log10(c * b ** p)) ** 2));
}
const lrs = Array.from({ length: 16 }, (_, i) => 10 ** (-4 + i / 3)); // 1e-4 … 10
const bs = [16, 64, 256, 1024];

describe('ridge', () => {
  it('recovers slope 1 from a grid whose best LR is 0.001·B', () => {
    const r = ridge(bs, lrs, map(bs, lrs, 0.001, 1));
    expect(r.fit!.slope).toBeCloseTo(1, 6);
    expect(r.rows.map((x) => x.lr)).toEqual(bs.map((b) => expect.closeTo(0.001 * b, 6)));
    expect(r.localSlopes.map((x) => x.slope)).toEqual([expect.closeTo(1, 6), expect.closeTo(1, 6), expect.closeTo(1, 6)]);
    expect(ridgeVerdict(r).status).toBe('confirmed');
  });
  it('recovers slope 0.5 → nuanced (sqrt rule)', () => {
    const r = ridge(bs, lrs, map(bs, lrs, 0.01, 0.5));
    expect(r.fit!.slope).toBeCloseTo(0.5, 6);
    const v = ridgeVerdict(r);
    // An exact fit has a zero-width interval: it contains 0.5 and not 1.
    expect(v.status).toBe('nuanced');
    expect(v.text).toMatch(/square-root rule \(0\.5\) fits/);
  });
  it('flat ridge → refuted', () => {
    expect(ridgeVerdict(ridge(bs, lrs, map(bs, lrs, 0.1, 0))).status).toBe('refuted');
  });
  it('drops edge points from the fit when three interior ones remain', () => {
    // best LR 0.0005·B: 0.008, 0.032, 0.128 inside a grid ending at 10^(−4+11/3) ≈ 0.464; 0.512 beyond it
    const short = lrs.slice(0, 12);
    const r = ridge(bs, short, map(bs, short, 0.0005, 1));
    expect(r.rows.at(-1)!.atEdge).toBe(true);
    expect(r.fitOnInterior).toBe(true);
    expect(r.fit!.n).toBe(3);
    expect(r.fit!.slope).toBeCloseTo(1, 6);
  });
  it('all-diverged batch sizes are missing; fewer than 3 usable → inconclusive', () => {
    const scores = map(bs, lrs, 0.001, 1);
    scores[2] = scores[2].map(() => null as unknown as number);
    scores[3] = scores[3].map(() => null as unknown as number);
    const r = ridge(bs, lrs, scores);
    expect(r.missing).toEqual([256, 1024]);
    expect(ridgeVerdict(r).status).toBe('inconclusive');
  });
  it('rising then flat: fits the rising part and says where it stops', () => {
    // best LR 0.01·B up to B = 32 (slope 1), then flat at 0.32: local slopes 1, 1, 0, 0
    const b5 = [2, 8, 32, 128, 512];
    const cs = b5.map((b) => 0.01 * Math.min(b, 32));
    const scores = b5.map((b, i) => lrs.map((lr) => 1 - (Math.log10(lr) - Math.log10(cs[i])) ** 2));
    const r = ridge(b5, lrs, scores);
    expect(r.localSlopes.map((x) => x.slope)).toEqual([expect.closeTo(1, 6), expect.closeTo(1, 6), expect.closeTo(0, 6), expect.closeTo(0, 6)]);
    expect(r.rising!.upTo).toBe(32);
    expect(r.rising!.fit.slope).toBeCloseTo(1, 6);
    const v = ridgeVerdict(r);
    expect(v.status).toBe('nuanced');
    expect(v.text).toMatch(/rises up to batch 32 as B\^1 .*nearer the linear \(1\) rule/);
  });
});
