import { describe, expect, it } from 'vitest';
import { gradientNormSource, measureNoiseScale } from './measure-noise-scale.js';

describe('measureNoiseScale', () => {
  it('asks the source for bSmall then bBig each step and averages the estimators', async () => {
    // The fake returns exact expectations for |G|² = 1, tr(Σ) = 32 on odd calls of each size
    // and |G|² = 3, tr(Σ) = 32 on even ones: |G_8|² = 1 + 4 = 5 | 3 + 4 = 7, |G_64|² = 1.5 | 3.5.
    // Means: |G|² = 2, tr(Σ) = 32 → B_simple = 16.
    const calls: number[] = [];
    const src = {
      gradSqNorm(b: number): Promise<number> {
        calls.push(b);
        const g = calls.filter((x) => x === b).length % 2 === 1 ? 1 : 3;
        return Promise.resolve(g + 32 / b);
      },
    };
    const seen: number[] = [];
    const r = await measureNoiseScale(src, { bSmall: 8, bBig: 64, steps: 4, onStep: (s) => seen.push(s) });
    expect(calls).toEqual([8, 64, 8, 64, 8, 64, 8, 64]);
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(r.gradSqNorm).toBeCloseTo(2, 12);
    expect(r.traceSigma).toBeCloseTo(32, 10);
    expect(r.bSimple).toBeCloseTo(16, 10);
    expect(r.samples).toHaveLength(4);
    expect(r.samples[0]).toEqual({ gSmallSq: 5, gBigSq: 1.5 });
  });

  it('adapts a trainer with gradientSquaredNorm and applies the finite-population correction', async () => {
    // A fake trainer returning exact expectations for a finite set of n = 100 examples:
    // E|G_B|² = |G|² + tr(Σ)·(n − B)/(B(n − 1)) with |G|² = 1, tr(Σ) = 33 →
    // B = 10: 1 + 33·90/990 = 4; B = 50: 1 + 33·50/4950 = 1.3333…. Corrected: |G|² = 1, tr(Σ) = 33.
    const trainer = { gradientSquaredNorm: (b: number) => Promise.resolve(1 + 33 * (100 - b) / (b * 99)) };
    const r = await measureNoiseScale(gradientNormSource(trainer), { bSmall: 10, bBig: 50, steps: 3, datasetSize: 100 });
    expect(r.gradSqNorm).toBeCloseTo(1, 10);
    expect(r.traceSigma).toBeCloseTo(33, 10);
    expect(r.bSimple).toBeCloseTo(33, 9);
  });

  it('validates its options, naming the field', async () => {
    const src = { gradSqNorm: () => Promise.resolve(1) };
    await expect(measureNoiseScale(src, { bSmall: 8, bBig: 8, steps: 4 })).rejects.toThrow(/^bBig: must be greater than bSmall/);
    await expect(measureNoiseScale(src, { bSmall: 8, bBig: 64, steps: 1 })).rejects.toThrow(/^steps: must be an integer ≥ 2$/);
  });
});
