import { describe, expect, it } from 'vitest';
import { gradSqNormEstimate, traceSigmaEstimate } from './two-batch.js';
import { syntheticGradients } from './synthetic-gradients.js';
import { createRng } from '../random.js';
import { SpecError } from '../spec-error.js';

describe('two-batch estimators', () => {
  it('solve E|G_B|² = |G|² + tr(Σ)/B exactly for noise-free inputs', () => {
    // |G|² = 1, tr(Σ) = 32: |G_8|² = 1 + 32/8 = 5, |G_64|² = 1 + 32/64 = 1.5.
    // |G|² = (64·1.5 − 8·5)/(64 − 8) = (96 − 40)/56 = 1; tr(Σ) = (5 − 1.5)/(1/8 − 1/64) = 3.5/(7/64) = 32.
    expect(gradSqNormEstimate(8, 64, 5, 1.5)).toBeCloseTo(1, 12);
    expect(traceSigmaEstimate(8, 64, 5, 1.5)).toBeCloseTo(32, 12);
  });

  it('are unbiased: their averages over many draws match the closed-form |G|² and tr(Σ)', async () => {
    // G = (0.6, 0.8) → |G|² = 1; L = [[3, 1], [0, 2]] → tr(Σ) = 9 + 1 + 4 = 14.
    const src = syntheticGradients({ g: [0.6, 0.8], l: [[3, 1], [0, 2]], seed: 11 });
    const n = 4000, gs: number[] = [], ss: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = await src.gradSqNorm(4), b = await src.gradSqNorm(32);
      gs.push(gradSqNormEstimate(4, 32, a, b));
      ss.push(traceSigmaEstimate(4, 32, a, b));
    }
    for (const [xs, truth] of [[gs, 1], [ss, 14]] as const) {
      const m = xs.reduce((p, x) => p + x, 0) / n;
      const sd = Math.sqrt(xs.reduce((p, x) => p + (x - m) ** 2, 0) / (n - 1));
      // Within 4 standard errors of the truth; a biased formula (e.g. swapping the batch
      // sizes) would be off by a multiple of the truth.
      expect(Math.abs(m - truth)).toBeLessThan(4 * sd / Math.sqrt(n));
    }
  });

  it('with datasetSize, are unbiased for batches drawn without replacement from a finite set', () => {
    // A population of n = 40 gradients in 3-D: G = their mean, tr(Σ) = mean |g_i − G|² (1/n).
    // B_big = 32 is close to n, so the plain formulas are biased and the corrected ones are not.
    const n = 40, d = 3, rng = createRng(5);
    const pop = Array.from({ length: n }, () => Array.from({ length: d }, (_, j) => 0.3 * (j + 1) + rng.normal()));
    const G = Array.from({ length: d }, (_, j) => pop.reduce((a, g) => a + g[j], 0) / n);
    const gTrue = G.reduce((a, x) => a + x * x, 0);
    const trTrue = pop.reduce((a, g) => a + g.reduce((b, x, j) => b + (x - G[j]) ** 2, 0), 0) / n;
    const draw = (b: number): number => {
      const idx = Array.from({ length: n }, (_, i) => i);
      for (let i = 0; i < b; i++) { const j = i + rng.int(n - i); [idx[i], idx[j]] = [idx[j], idx[i]]; }
      let sq = 0;
      for (let j = 0; j < d; j++) { let m = 0; for (let i = 0; i < b; i++) m += pop[idx[i]][j] / b; sq += m * m; }
      return sq;
    };
    const draws = 10000;
    const est = { gFpc: [] as number[], sFpc: [] as number[], gPlain: [] as number[] };
    for (let k = 0; k < draws; k++) {
      const a = draw(4), b = draw(32);
      est.gFpc.push(gradSqNormEstimate(4, 32, a, b, n));
      est.sFpc.push(traceSigmaEstimate(4, 32, a, b, n));
      est.gPlain.push(gradSqNormEstimate(4, 32, a, b));
    }
    const z = (xs: number[], truth: number): number => {
      const m = xs.reduce((p, x) => p + x, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((p, x) => p + (x - m) ** 2, 0) / (xs.length - 1));
      return (m - truth) / (sd / Math.sqrt(xs.length));
    };
    expect(Math.abs(z(est.gFpc, gTrue))).toBeLessThan(4);
    expect(Math.abs(z(est.sFpc, trTrue))).toBeLessThan(4);
    // Without the correction E[|G|²] = |G|² + tr(Σ)·(32·c_32 − 4·c_4)/28 = |G|² − tr(Σ)/(n − 1):
    // c_B = (n − B)/(B(n − 1)), so 32·c_32 − 4·c_4 = (8 − 36)/39 = −28/39.
    expect(Math.abs(z(est.gPlain, gTrue - trTrue / (n - 1)))).toBeLessThan(4);
    expect(Math.abs(z(est.gPlain, gTrue))).toBeGreaterThan(4);
  });

  it('reject bad batch sizes, naming the field', () => {
    expect(() => gradSqNormEstimate(64, 8, 1, 1)).toThrow(new SpecError('bBig', 'must be greater than bSmall (64)'));
    expect(() => traceSigmaEstimate(0, 8, 1, 1)).toThrow(/^bSmall: must be a positive integer$/);
    expect(() => traceSigmaEstimate(2, 8.5, 1, 1)).toThrow(/^bBig: /);
    expect(() => traceSigmaEstimate(2, 8, 1, 1, 4)).toThrow(/^bBig: must be ≤ datasetSize \(4\)$/);
    expect(() => traceSigmaEstimate(2, 8, 1, 1, 10.5)).toThrow(/^datasetSize: /);
  });
});
