import { describe, expect, it } from 'vitest';
import { createNoiseScaleEstimator } from './noise-scale-estimator.js';
import { syntheticGradients } from './synthetic-gradients.js';
import { measureNoiseScale } from './measure-noise-scale.js';

/** d = 8: G = (1/√8, …) → |G|² = 1; L = diag(2, 2, 2, 2, 2, 2, 2, 2) → tr(Σ) = 8·4 = 32 → B_simple = 32. */
function source(seed: number) {
  const d = 8;
  return syntheticGradients({
    g: Array.from({ length: d }, () => 1 / Math.sqrt(d)),
    l: Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 2 : 0))),
    seed,
  });
}

describe('NoiseScaleEstimator', () => {
  it('debiases its EMAs like Adam (hand arithmetic)', () => {
    // Pairs at B = 8, 64: (5, 1.5) → g = 1, s = 32; (10, 3) → g = (192 − 80)/56 = 2, s = 7/(7/64) = 64.
    // β = 0.5: m_g = 0.5 → /0.5 = 1; then 0.25 + 1 = 1.25 → /0.75 = 5/3.
    //          m_s = 16 → 32;        then 8 + 32 = 40   → /0.75 = 160/3. B = (160/3)/(5/3) = 32.
    const est = createNoiseScaleEstimator({ bSmall: 8, bBig: 64, emaBeta: 0.5 });
    est.add(5, 1.5);
    expect(est.ema()).toMatchObject({ gradSqNorm: 1, traceSigma: 32, bSimple: 32, noiseDominated: false });
    est.add(10, 3);
    const e = est.ema();
    expect(e.gradSqNorm).toBeCloseTo(5 / 3, 12);
    expect(e.traceSigma).toBeCloseTo(160 / 3, 10);
    expect(e.bSimple).toBeCloseTo(32, 10);
  });

  it('estimate({ window }) uses only the last steps', () => {
    const est = createNoiseScaleEstimator({ bSmall: 8, bBig: 64 });
    est.add(5, 1.5); // g = 1, s = 32
    est.add(10, 3); // g = 2, s = 64
    est.add(10, 3);
    const r = est.estimate({ window: 2 });
    expect(r.count).toBe(2);
    expect(r.gradSqNorm).toBeCloseTo(2, 12);
    expect(r.traceSigma).toBeCloseTo(64, 10);
    expect(est.estimate().gradSqNorm).toBeCloseTo(5 / 3, 12);
  });

  it('rejects negative or non-finite norms and estimating with no data', () => {
    const est = createNoiseScaleEstimator({ bSmall: 8, bBig: 64 });
    expect(() => est.add(-1, 1)).toThrow(/^gSmallSq: must be a finite number ≥ 0$/);
    expect(() => est.add(1, Number.NaN)).toThrow(/^gBigSq: /);
    expect(() => est.estimate()).toThrow(/^count: /);
    expect(() => createNoiseScaleEstimator({ bSmall: 8, bBig: 64, emaBeta: 1 })).toThrow(/^emaBeta: /);
  });

  it('recovers the known B_simple within its stated 95% interval on at least 17 of 20 seeds', async () => {
    // Nominal coverage 0.95 → expect 19 of 20; P(≤ 16 | p = 0.95) ≈ 1.6%. An interval that is
    // half as wide as it should be covers ≈ 68% and fails this test.
    let covered = 0, relWidth = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const src = source(seed);
      const r = await measureNoiseScale(src, { bSmall: 8, bBig: 64, steps: 100 });
      if (r.lower <= src.bSimpleTrue && src.bSimpleTrue <= r.upper) covered++;
      relWidth += (r.upper - r.lower) / src.bSimpleTrue / 20;
      expect(r.status).toBe('ok');
    }
    expect(covered).toBeGreaterThanOrEqual(17);
    // Not trivially wide: the mean interval spans well under the truth itself.
    expect(relWidth).toBeLessThan(0.8);
  });

  it('flags a noise-dominated source instead of returning NaN', async () => {
    // |G|² = 1e-6·8/8... G_j = 1e-3/√8 → |G|² = 1e-6, tr(Σ) = 32: B_simple = 3.2e7 ≫ B_big = 64,
    // so |G|² is far below its standard error.
    const d = 8;
    const src = syntheticGradients({
      g: Array.from({ length: d }, () => 1e-3 / Math.sqrt(d)),
      l: Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 2 : 0))),
      seed: 3,
    });
    const r = await measureNoiseScale(src, { bSmall: 8, bBig: 64, steps: 50 });
    expect(r.status).toBe('noise-dominated');
    expect(r.upper).toBe(Infinity);
    expect(r.lower).toBeGreaterThan(0);
    expect(r.lower).toBeLessThan(src.bSimpleTrue);
    expect(Number.isNaN(r.bSimple)).toBe(false);
  });
});
