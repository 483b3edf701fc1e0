import { describe, expect, it } from 'vitest';
import { noiseScaleCurve, windowedCurveInput } from './noise-scale-curve.js';

/** Exact pairs for |G|² = g, tr(Σ) = s at B = 8, 64: (g + s/8, g + s/64), with ±δ jitter on g. */
function samples(g: number, s: number, n = 4) {
  return Array.from({ length: n }, (_, i) => {
    const gi = g + (i % 2 ? 0.01 : -0.01) * g;
    return { gSmallSq: gi + s / 8, gBigSq: gi + s / 64 };
  });
}

describe('noiseScaleCurve', () => {
  it('sorts by step, estimates each point and reports a rising trend', () => {
    // B_simple = 32/1 = 32, 32/0.5 = 64, 32/0.25 = 128: rising, growth 128/32 = 4, Spearman 1.
    const curve = noiseScaleCurve([
      { step: 200, bSmall: 8, bBig: 64, samples: samples(0.25, 32) },
      { step: 0, bSmall: 8, bBig: 64, samples: samples(1, 32), loss: 2.3 },
      { step: 100, bSmall: 8, bBig: 64, samples: samples(0.5, 32) },
    ]);
    expect(curve.points.map((p) => p.step)).toEqual([0, 100, 200]);
    expect(curve.points[0].loss).toBe(2.3);
    expect(curve.points.map((p) => p.bSimple)).toEqual([32, 64, 128].map((x) => expect.closeTo(x, 8)));
    expect(curve.growth).toBeCloseTo(4, 8);
    expect(curve.trend).toBeCloseTo(1, 12);
  });

  it('ranks a noise-dominated (Infinity) point above finite ones', () => {
    // Steps 0, 1, 2 with B = 64, Infinity, 32: ranks of B are 2, 3, 1 vs 1, 2, 3.
    // Spearman = 1 − 6·Σd²/(n(n²−1)) = 1 − 6·(1 + 1 + 4)/24 = −0.5.
    const curve = noiseScaleCurve([
      { step: 0, bSmall: 8, bBig: 64, samples: samples(0.5, 32) },
      { step: 1, bSmall: 8, bBig: 64, samples: [{ gSmallSq: 4, gBigSq: 0.5 }, { gSmallSq: 4, gBigSq: 0.5 }] },
      { step: 2, bSmall: 8, bBig: 64, samples: samples(1, 32) },
    ]);
    expect(curve.points[1].bSimple).toBe(Infinity);
    expect(curve.trend).toBeCloseTo(-0.5, 12);
    expect(curve.growth).toBeCloseTo(0.5, 8);
  });

  it('groups a per-step stream into windows ending at their last step', () => {
    const stream = Array.from({ length: 5 }, (_, i) => ({ step: i + 10, gSmallSq: 5, gBigSq: 1.5 }));
    const pts = windowedCurveInput(stream, { bSmall: 8, bBig: 64, window: 2 });
    expect(pts.map((p) => [p.step, p.samples.length])).toEqual([[11, 2], [13, 2], [14, 1]]);
    expect(() => windowedCurveInput(stream, { bSmall: 8, bBig: 64, window: 1 })).toThrow(/^window: /);
  });

  it('rejects empty input, naming the field', () => {
    expect(() => noiseScaleCurve([])).toThrow(/^points: /);
    expect(() => noiseScaleCurve([{ step: 0, bSmall: 8, bBig: 64, samples: [] }])).toThrow(/^points\[0\]\.samples: /);
  });
});
