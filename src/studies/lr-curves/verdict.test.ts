import { describe, expect, it } from 'vitest';
import { classifyCurve, curveFeatures, judgeCurves } from './verdict.js';

/** n steps of a loss that falls from a to b as a·(b/a)^(...)… built from a shape function s(t) ∈ [0, 1]. */
const curve = (n: number, a: number, b: number, s: (t: number) => number): number[] =>
  Array.from({ length: n }, (_, i) => a - (a - b) * s(i / (n - 1)));
const fast = (t: number) => 1 - Math.exp(-12 * t);
const linear = (t: number) => t;

describe('curveFeatures', () => {
  it('reads windowed means at the start, 10%, quarter, half and end', () => {
    // n = 4 → window max(1, round(0.08)) = 1; 10% at ⌊0.4⌋ = 0, quarter at 1, half at 2
    const f = curveFeatures([4, 3, 2, 1], false);
    expect(f).toMatchObject({ steps: 4, diverged: false, initial: 4, early: 4, quarter: 3, half: 2, final: 1 });
    // (4 − 3)/(4 − 1) = 1/3
    expect(f.earlyShare).toBeCloseTo(1 / 3, 12);
  });
  it('cuts the non-finite tail and marks the curve diverged', () => {
    const f = curveFeatures([2.3, 2.0, NaN, 5], false);
    expect(f.steps).toBe(2);
    expect(f.diverged).toBe(true);
  });
  it('a straight line has about a quarter of its drop in the first quarter', () => {
    const f = curveFeatures(curve(400, 2.3, 0.3, linear), false);
    // windows of 8 steps: initial ≈ 2.3 − 2·3.5/399, quarter centred on step 100
    expect(f.earlyShare).toBeGreaterThan(0.23);
    expect(f.earlyShare).toBeLessThan(0.27);
  });
});

describe('classifyCurve', () => {
  // The best curve: 2.3 → 0.3 with rate 12; at 10% of the steps ≈ 2.3 − 2·(1 − e^−1.2) ≈ 0.90.
  const best = curveFeatures(curve(300, 2.3, 0.3, fast), false);
  it('explodes: diverged, or the loss went up', () => {
    expect(classifyCurve(curveFeatures([2.3, 5, 40], true), best)).toBe('explodes');
    expect(classifyCurve(curveFeatures(curve(300, 2.3, 3, linear), false), best)).toBe('explodes');
  });
  it('good: a final loss at most 10% above the best', () => {
    expect(classifyCurve(curveFeatures(curve(300, 2.3, 0.32, fast), false), best)).toBe('good');
    expect(classifyCurve(best, best)).toBe('good');
  });
  it('fast-then-stuck: ahead of the best early (≈ 0.83 vs 0.90 at 10%), behind at the end', () => {
    const high = curve(300, 2.3, 0.8, (t) => 1 - Math.exp(-40 * t));
    expect(classifyCurve(curveFeatures(high, false), best)).toBe('fast-then-stuck');
  });
  it('slow: behind the best early and at the end', () => {
    expect(classifyCurve(curveFeatures(curve(300, 2.3, 1.2, linear), false), best)).toBe('slow');
  });
  it('plateau-high: hardly any progress and flat in the second half', () => {
    const flat = Array.from({ length: 300 }, (_, i) => 2.3 - 0.1 * fast(i / 299));
    expect(classifyCurve(curveFeatures(flat, false), best)).toBe('plateau-high');
  });
});

describe('judgeCurves', () => {
  it('the textbook picture confirms', () => {
    const r = judgeCurves({
      veryHigh: { lr: 3, losses: [2.3, 8, 50], diverged: true },
      high: { lr: 0.3, losses: curve(300, 2.3, 0.8, (t) => 1 - Math.exp(-40 * t)), diverged: false },
      low: { lr: 0.003, losses: curve(300, 2.3, 1.4, linear), diverged: false },
      good: { lr: 0.1, losses: curve(300, 2.3, 0.3, fast), diverged: false },
    });
    expect(r.judgements.map((j) => j.label)).toEqual(['explodes', 'fast-then-stuck', 'slow', 'good']);
    expect(r.bestRole).toBe('good');
    expect(r.status).toBe('confirmed');
    expect(r.matched).toBe(4);
  });
  it('a "high" LR that ends best: the suggested one is judged slow against it, nuanced', () => {
    const r = judgeCurves({
      veryHigh: { lr: 3, losses: [2.3, 8, 50], diverged: true },
      high: { lr: 0.3, losses: curve(300, 2.3, 0.2, fast), diverged: false },
      low: { lr: 0.003, losses: curve(300, 2.3, 1.4, linear), diverged: false },
      good: { lr: 0.1, losses: curve(300, 2.3, 0.6, fast), diverged: false },
    });
    expect(r.judgements.find((j) => j.role === 'high')?.label).toBe('good');
    // good: 2.3 − 1.7·0.70 ≈ 1.11 at 10% vs high's 2.3 − 2.1·0.70 ≈ 0.83, and higher at the end
    expect(r.judgements.find((j) => j.role === 'good')?.label).toBe('slow');
    expect(r.bestRole).toBe('high');
    expect(r.status).toBe('nuanced');
  });
  it('all curves alike: refuted', () => {
    const same = { lr: 0.1, losses: curve(300, 2.3, 0.3, fast), diverged: false };
    expect(judgeCurves({ veryHigh: same, high: same, low: same, good: same }).status).toBe('refuted');
  });
});
