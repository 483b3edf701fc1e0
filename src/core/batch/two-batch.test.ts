import { describe, expect, it } from 'vitest';
import { gradSqNormEstimate, traceSigmaEstimate } from './two-batch.js';
import { syntheticGradients } from './synthetic-gradients.js';
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

  it('reject bad batch sizes, naming the field', () => {
    expect(() => gradSqNormEstimate(64, 8, 1, 1)).toThrow(new SpecError('bBig', 'must be greater than bSmall (64)'));
    expect(() => traceSigmaEstimate(0, 8, 1, 1)).toThrow(/^bSmall: must be a positive integer$/);
    expect(() => traceSigmaEstimate(2, 8.5, 1, 1)).toThrow(/^bBig: /);
  });
});
