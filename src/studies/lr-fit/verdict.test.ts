import { describe, expect, it } from 'vitest';
import { gapNoise, judgeFit, lrFitVerdict, type FitPoint } from './verdict.js';

const p = (lr: number, trainAccuracy: number, valAccuracy: number): FitPoint => ({ lr, trainAccuracy, valAccuracy });

describe('gapNoise', () => {
  it('two binomial standard errors of the difference', () => {
    // 2·√(0.25/100 + 0.25/100) = 2·√0.005 ≈ 0.1414
    expect(gapNoise(0.5, 0.5, 100, 100)).toBeCloseTo(2 * Math.sqrt(0.005), 12);
    expect(gapNoise(1, 0, 10, 10)).toBe(0);
  });
});

describe('judgeFit', () => {
  // Huge sets: the sampling noise vanishes and only gapTol counts.
  const tol = { gapTol: 0.02, trainSize: 1e12, valSize: 1e12 };
  it('underfit at low LR, overfit above: confirmed', () => {
    const j = judgeFit([p(1e-4, 0.45, 0.47), p(1e-3, 0.87, 0.85), p(1e-2, 1, 0.91), p(1e-1, 1, 0.93)], tol);
    expect(j.status).toBe('confirmed');
    expect(j.underfitAtLow).toBe(true);
    expect(j.overfitAbove).toBe(true);
    // gap 0.02 at 1e-3 is not above the level; 0.09 at 1e-2: f = 0/0.07 → exactly 1e-3
    expect(j.crossTol?.lr).toBeCloseTo(1e-3, 12);
    expect(j.maxGap).toEqual({ lr: 1e-2, gap: 1 - 0.91 });
    expect(j.bestVal.lr).toBe(1e-1);
  });
  it('overfits at every LR with a growing gap: nuanced', () => {
    const j = judgeFit([p(1e-3, 0.9, 0.85), p(1e-2, 0.97, 0.88), p(1e-1, 1, 0.9)], tol);
    expect(j.underfitAtLow).toBe(false);
    expect(j.gapTrend).toBeCloseTo(1, 12);
    expect(j.status).toBe('nuanced');
  });
  it('never overfits: refuted', () => {
    expect(judgeFit([p(1e-3, 0.5, 0.5), p(1e-2, 0.8, 0.79), p(1e-1, 0.9, 0.9)], tol).status).toBe('refuted');
  });
  it('a small gap within the sampling noise of a small training set still counts as underfitting', () => {
    const pts = [p(1e-4, 0.32, 0.296), p(1e-3, 0.84, 0.77), p(1e-2, 0.998, 0.866)];
    // gap 0.024 > 0.02, but noise 2·√(0.32·0.68/500 + 0.296·0.704/1000) ≈ 0.051
    expect(judgeFit(pts, { gapTol: 0.02, trainSize: 500, valSize: 1000 }).status).toBe('confirmed');
    expect(judgeFit(pts, tol).status).toBe('nuanced');
  });
  it('fewer than 3 points: inconclusive', () => {
    expect(judgeFit([p(1e-3, 0.5, 0.5), p(1e-2, 1, 0.8)], tol).status).toBe('inconclusive');
  });
});

describe('lrFitVerdict', () => {
  const tol = { gapTol: 0.02, trainSize: 1e12, valSize: 1e12 };
  it('confirmed: underfitting at the lowest LR, both crossings, the best accuracy in the overfitting regime', () => {
    const v = lrFitVerdict([p(1e-4, 0.45, 0.47), p(1e-3, 0.86, 0.85), p(1e-2, 1, 0.91), p(1e-1, 1, 0.93)], tol, '');
    expect(v.status).toBe('confirmed');
    expect(v.judgement.status).toBe('confirmed');
    // gaps −0.02, +0.01, +0.09, +0.07. 0 is crossed 2/3 of the way from 1e-4 to 1e-3 in log LR: 10^(−4 + 2/3) = 4.64e-4;
    // 0.02 is crossed 1/8 of the way from 1e-3 to 1e-2: 10^(−3 + 0.125) = 0.00133.
    // Trend over 1e-4…1e-2 (up to the first train accuracy of 1): the gaps rise with the LR, 1.
    expect(v.text).toBe('At the lowest LR 1.00e-4 the model underfits: train 45.0% vs validation 47.0%. '
      + 'Train accuracy passes validation accuracy at lr ≈ 4.64e-4 (between 1.00e-4 and 0.001); the gap exceeds 2.0 pp from lr ≈ 0.00133. '
      + 'The largest gap is +9.0 pp at lr 0.01; the gap\'s rank correlation with the LR (up to the best-fitting LR) is 1. '
      + 'The best validation accuracy (93.0% at lr 0.1) lies in the overfitting regime: a larger gap did not mean worse generalisation here.');
  });
  it('no underfitting regime: the lowest LR\'s gap and its sampling noise in the text', () => {
    // 100 + 100 examples: noise at 1e-3 = 2·√(0.99·0.01/100 + 0.85·0.15/100) = 2·√0.001374 ≈ 0.0741 → ±7.4 pp.
    // Every gap is above 0 and 0.02: no crossing. Trend over 1e-3, 1e-2 (first train accuracy of 1): gaps 0.14, 0.12 → −1.
    const pts = [p(1e-3, 0.99, 0.85), p(1e-2, 1, 0.88), p(1e-1, 1, 0.9)];
    const v = lrFitVerdict(pts, { gapTol: 0.02, trainSize: 100, valSize: 100 }, 'train accuracy is above validation accuracy at every LR tried');
    expect(v.status).toBe('refuted');
    expect(v.text).toBe('At the lowest LR 0.001 there is no underfitting regime: train 99.0% vs validation 85.0% (gap +14.0 pp, noise ±7.4 pp). '
      + 'Train accuracy never crosses validation accuracy inside the grid (train accuracy is above validation accuracy at every LR tried). '
      + 'The largest gap is +14.0 pp at lr 0.001; the gap\'s rank correlation with the LR (up to the best-fitting LR) is -1. '
      + 'The best validation accuracy is 90.0% at lr 0.1.');
    expect(lrFitVerdict(pts, { gapTol: 0.02, trainSize: 100, valSize: 100 }, '').text).toContain('inside the grid (no sign change).');
  });
  it('reads the lowest LR, not the first point given', () => {
    const v = lrFitVerdict([p(1e-1, 1, 0.93), p(1e-2, 1, 0.91), p(1e-4, 0.45, 0.47), p(1e-3, 0.86, 0.85)], tol, '');
    expect(v.text.startsWith('At the lowest LR 1.00e-4 the model underfits')).toBe(true);
  });
  it('fewer than 3 LRs: inconclusive, counting them', () => {
    const v = lrFitVerdict([p(1e-3, 0.5, 0.5), p(1e-2, 1, 0.8)], tol, '');
    expect(v.status).toBe('inconclusive');
    expect(v.text).toBe('Only 2 LR(s) trained without diverging; at least 3 are needed.');
  });
});
