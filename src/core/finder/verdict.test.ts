import { describe, expect, it } from 'vitest';
import { CurveTrainer } from '../../testing/index.js';
import { rangeTest } from './range-test.js';
import { agreement, curveStats, curveVerdict, VERDICT_THRESHOLDS } from './verdict.js';
import { debiasedEma } from './sweep.js';

const drop = (lr: number): number => {
  const x = Math.log10(lr);
  return 2 - 1 / (1 + Math.exp(-(x + 2) / 0.3)) + Math.max(0, Math.exp(6 * x) - 1);
};

describe('verdict of one run', () => {
  it('flat curve → unusable: the loss never fell', async () => {
    const r = await rangeTest(new CurveTrainer({ loss: () => 2.3, noise: 0.01 }), {});
    expect(r.verdict.status).toBe('unusable');
    expect(r.verdict.reason).toMatch(/^the loss never fell meaningfully/);
  });

  it('a 5% fall is not meaningful, a 20% fall is', async () => {
    const fallBy = (f: number) => (lr: number): number => 2 - f * 2 / (1 + Math.exp(-(Math.log10(lr) + 3) / 0.3));
    expect((await rangeTest(new CurveTrainer({ loss: fallBy(0.05) }), {})).verdict.status).toBe('unusable');
    expect((await rangeTest(new CurveTrainer({ loss: fallBy(0.2) }), {})).verdict.status).toBe('usable');
  });

  it('noisy curve → noisy', async () => {
    // Per-batch σ = 0.5 against a drop of about 0.5 of the smoothed curve: roughness ≈ 1 > 0.3.
    const r = await rangeTest(new CurveTrainer({ loss: drop, noise: 0.5, seed: 2 }), {});
    expect(r.verdict.status).toBe('noisy');
    expect(r.verdict.reason).toMatch(/^the curve is too noisy/);
    expect(r.stats.roughness!).toBeGreaterThan(VERDICT_THRESHOLDS.maxRoughness);
  });

  it('clean curve → usable, and the reason states the drop', async () => {
    const r = await rangeTest(new CurveTrainer({ loss: drop, noise: 0.01, seed: 2 }), {});
    expect(r.verdict.status).toBe('usable');
    expect(r.verdict.reason).toMatch(/^loss fell \d+% \(2\.00 → /);
    expect(r.verdict.reason).toContain('diverged at lr');
  });

  it('immediate divergence → unusable: diverged at once', async () => {
    // Loss ×10 per step: smoothed(β = .98) passes 4× the first loss within a few points.
    const r = await rangeTest(new CurveTrainer({ loss: (_lr, step) => 10 ** step }), {});
    expect(r.stopReason).toBe('diverged');
    expect(r.lrs.length).toBeLessThan(10);
    expect(r.verdict.status).toBe('unusable');
    expect(r.verdict.reason).toMatch(/^diverged at once: the loss exploded after \d of 100 points/);
  });

  it('NaN within the first points → unusable: diverged at once', async () => {
    const r = await rangeTest(new CurveTrainer({ loss: (_lr, step) => (step >= 3 ? Number.NaN : 1) }), {});
    expect(r.verdict).toEqual({ status: 'unusable', reason: expect.stringMatching(/^diverged at once: the loss became NaN\/Inf after 3 of 100 points/) });
  });

  it('every point NaN → unusable, and still a result', async () => {
    const r = await rangeTest(new CurveTrainer({ loss: () => Number.NaN }), {});
    expect(r.lrs).toEqual([]);
    expect(r.stopReason).toBe('nan');
    expect(r.stopLr).toBe(1e-7);
    expect(r.suggested).toBeNull();
    expect(r.verdict.status).toBe('unusable');
    expect(r.verdict.reason).toMatch(/^every point was NaN\/Inf/);
  });

  it('Infinity counts as NaN', async () => {
    const r = await rangeTest(new CurveTrainer({ loss: (lr) => (lr > 1 ? Infinity : drop(lr)) }), {});
    expect(r.stopReason === 'nan' || r.stopReason === 'diverged').toBe(true);
    expect(r.losses.every(Number.isFinite)).toBe(true);
  });
});

describe('curveStats', () => {
  it('initial = median of the first 5 raw losses; drop relative to it', () => {
    // initial = median(3, 1, 2, 9, 2) = 2; best smoothed 1.5 → drop (2 − 1.5)/2 = 0.25.
    const s = curveStats({ lrs: [1, 2, 3, 4, 5, 6], losses: [3, 1, 2, 9, 2, 2], smoothedLosses: [3, 2, 2, 4, 1.5, 1.6], stopReason: 'completed', stopLr: null, steps: 6 }, { trimStart: 0, trimEnd: 0 });
    expect(s.initialLoss).toBe(2);
    expect(s.bestLoss).toBe(1.5);
    expect(s.drop).toBe(0.25);
  });

  it('the lowest loss is the running median\'s when the EMA lags behind a late fall', () => {
    // 40 batches at 2.3, then 9 at 1.6, then the blow-up. The debiased EMA (β .98) after the nine
    // low batches is (2.3·(β⁹ − β⁴⁹) + 1.6·(1 − β⁹)) / (1 − β⁴⁹) = (2.3·0.4621 + 1.6·0.1663) / 0.6284
    // ≈ 2.115 (8% lower: "never fell" before); the running median over ±4 points centred on the
    // nine is 1.6: (2.3 − 1.6)/2.3 ≈ 30% lower.
    const losses = [...Array(40).fill(2.3), ...Array(9).fill(1.6), 10, 10];
    const lrs = losses.map((_, i) => 1e-4 * 1.2 ** i);
    const s = curveStats({ lrs, losses, smoothedLosses: debiasedEma(losses, 0.98), stopReason: 'diverged', stopLr: lrs[50], steps: 100 });
    expect(s.bestLoss).toBe(1.6);
    expect(s.drop).toBeCloseTo(0.7 / 2.3, 12);
    expect(Math.min(...debiasedEma(losses, 0.98))).toBeCloseTo(2.115, 3);
  });

  it('no suggestion → unusable', () => {
    const curve = { lrs: [1, 2, 3, 4, 5, 6], losses: [3, 3, 3, 1, 1, 1], smoothedLosses: [3, 3, 3, 1, 1, 1], stopReason: 'completed' as const, stopLr: null, steps: 6 };
    expect(curveVerdict(curve, null).status).toBe('unusable');
  });
});

describe('agreement', () => {
  it('rules within a factor of 4 of their median agree', () => {
    // median of 0.01, 0.02, 0.03 is 0.02; max factor max(2, 1.5) = 2.
    expect(agreement({ steepest: { lr: 0.01 }, valley: { lr: 0.02 }, slide: { lr: 0.03 } })).toEqual({ agree: true, medianLr: 0.02, maxFactor: 2, factor: 4 });
    // median of 0.001, 0.1 = √(1e-4) = 0.01; factor 10 > 4.
    const a = agreement({ steepest: { lr: 0.001 }, minimum: { lr: 0.1 } });
    expect(a.agree).toBe(false);
    expect(a.medianLr).toBeCloseTo(0.01, 15);
    expect(a.maxFactor).toBeCloseTo(10, 12);
    expect(agreement({ steepest: null }).agree).toBe(false);
  });
});
