import { describe, expect, it } from 'vitest';
import { createRng } from '../random.js';
import { geometricMean, geometricStd, median, noiseSigma } from './stats.js';

describe('stats', () => {
  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('geometricStd of [1, e²] is e^√2; of equal values exactly 1; of one value null', () => {
    // ln x = 0, 2; mean 1; sample variance ((0−1)² + (2−1)²)/(2−1) = 2 → exp(√2)
    expect(geometricStd([1, Math.exp(2)])).toBeCloseTo(Math.exp(Math.SQRT2), 12);
    expect(geometricStd([0.0123, 0.0123, 0.0123])).toBe(1);
    expect(geometricStd([5])).toBeNull();
  });

  it('geometricMean of 1e-3 and 1e-1 is 1e-2', () => {
    expect(geometricMean([1e-3, 1e-1])).toBeCloseTo(1e-2, 15);
  });

  it('noiseSigma recovers σ of Gaussian noise on a trend, ignoring a blow-up', () => {
    const rng = createRng(11);
    const xs = Array.from({ length: 4000 }, (_, i) => 5 - i / 1000 + 0.2 * rng.normal() + (i > 3950 ? 2 ** (i - 3950) : 0));
    expect(Math.abs(noiseSigma(xs)! - 0.2)).toBeLessThan(0.02);
    expect(noiseSigma([1, 2, 3])).toBeNull();
  });
});
