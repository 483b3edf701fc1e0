import { describe, expect, it } from 'vitest';
import { classifyCurve, curveFeatures, judgeCurves, lrCurvesVerdict } from './verdict.js';

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

describe('lrCurvesVerdict', () => {
  // Ten steps: the window is max(1, round(0.2)) = 1 step, so every reading is one loss:
  // initial xs[0], "at 10%" xs[1], final xs[9]. The very high curve has 3 steps (xs[0], xs[0], xs[2]).
  const veryHigh = { lr: 3, losses: [2.3, 5, 40], diverged: true };
  const good = { lr: 0.1, losses: [2, 1, 0.8, 0.7, 0.6, 0.5, 0.45, 0.42, 0.41, 0.4], diverged: false };
  // Ahead of good at 10% (0.9 ≤ 1), above 1.1 · 0.4 = 0.44 at the end; progress 1.3/1.6 is no plateau.
  const high = { lr: 0.3, losses: [2, 0.9, 0.8, 0.75, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7], diverged: false };
  // Behind good at 10% (1.9 > 1) and at the end (1.1).
  const low = { lr: 0.1 / 30, losses: [2, 1.9, 1.8, 1.7, 1.6, 1.5, 1.4, 1.3, 1.2, 1.1], diverged: false };
  const factors = { veryHigh: 30, high: 3, low: 1 / 30, good: 1 };
  const rangeTest = { status: 'usable', reason: 'ok' };

  it('no suggestion: inconclusive, quoting the range test', () => {
    const v = lrCurvesVerdict({ suggested: null, rangeTest: { status: 'unusable', reason: 'the loss never fell' } });
    expect(v.status).toBe('inconclusive');
    expect(v.judged).toBeNull();
    expect(v.text).toBe('The range test gave no suggested LR (its verdict: unusable, the loss never fell), so the four LRs could not be placed.');
  });
  it('a failed trial: inconclusive, naming it and its error', () => {
    const v = lrCurvesVerdict({
      suggested: { lr: 0.1, rule: 'valley', from: ['valley'] }, rangeTest, factors,
      failed: [{ id: 'high', error: 'out of memory' }, { id: 'low' }], curves: { veryHigh, high, low, good },
    });
    expect(v.status).toBe('inconclusive');
    expect(v.judged).toBeNull();
    expect(v.text).toBe('Trial(s) failed: high: out of memory; low: error.');
  });
  it('the textbook picture: confirmed, every curve with its losses', () => {
    const v = lrCurvesVerdict({ suggested: { lr: 0.1, rule: 'valley', from: ['valley'] }, rangeTest, factors, failed: [], curves: { veryHigh, high, low, good } });
    expect(v.status).toBe('confirmed');
    expect(v.judged?.matched).toBe(4);
    // 0.1/30 = 0.00333… → sig 0.00333; no note, the good LR ends lowest.
    expect(v.text).toBe('4 of 4 curves have the predicted shape (suggested LR 0.1 by the valley rule). '
      + 'very high (lr 3): explodes — loss 2.3 → 2.3 at 10% → 40, diverged after 3 steps; '
      + 'high (lr 0.3): fast-then-stuck — loss 2 → 0.9 at 10% → 0.7; '
      + 'low (lr 0.00333): slow — loss 2 → 1.9 at 10% → 1.1; '
      + 'good (lr 0.1): good — loss 2 → 1 at 10% → 0.4.');
  });
  it('the high LR ends lowest: nuanced, the suggestion called conservative', () => {
    // high ends at 0.3 < 0.4: it is the reference and labelled good; good is behind it at 10% (1 > 0.8)
    // and at the end (0.4 > 1.1 · 0.3 = 0.33): slow. Two of four match.
    const best = { lr: 0.3, losses: [2, 0.8, 0.6, 0.5, 0.45, 0.4, 0.35, 0.33, 0.31, 0.3], diverged: false };
    const v = lrCurvesVerdict({
      suggested: { lr: 0.1, rule: 'median of steepest and valley', from: ['steepest', 'valley'] }, rangeTest, factors, failed: [],
      curves: { veryHigh, high: best, low, good },
    });
    expect(v.status).toBe('nuanced');
    expect(v.text.startsWith('2 of 4 curves have the predicted shape (suggested LR 0.1 by the median of steepest and valley rules). ')).toBe(true);
    expect(v.text).toContain('high (lr 0.3): good (expected fast-then-stuck) — loss 2 → 0.8 at 10% → 0.3;');
    expect(v.text).toContain('good (lr 0.1): slow (expected good) — loss 2 → 1 at 10% → 0.4.');
    expect(v.text.endsWith(' The lowest final loss came from the high LR (×3), not the suggestion itself: on this setting and budget '
      + 'the range test\'s suggestion is conservative, and the curves are labelled against the high one.')).toBe(true);
  });
  it('the low LR ends lowest: the suggestion is too aggressive', () => {
    const slowBest = { lr: 0.1 / 30, losses: [2, 1.9, 1.8, 1.7, 1.6, 1.5, 1.4, 1.3, 1.2, 0.2], diverged: false };
    const v = lrCurvesVerdict({ suggested: { lr: 0.1, rule: 'valley', from: ['valley'] }, rangeTest, factors, failed: [], curves: { veryHigh, high, low: slowBest, good } });
    expect(v.judged?.bestRole).toBe('low');
    expect(v.text).toContain('The lowest final loss came from the low LR (×0.0333)');
    expect(v.text).toContain('suggestion is too aggressive');
  });
});
