import { describe, expect, it } from 'vitest';
import { gapNoise, judgeFit, type FitPoint } from './verdict.js';

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
