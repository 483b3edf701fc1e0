import { describe, expect, it } from 'vitest';
import { scalingVerdict, type ScalingPoint } from './verdict.js';

describe('scalingVerdict', () => {
  const pts = (lw: Array<number | null>, ks = [2, 4, 8]): ScalingPoint[] => ks.map((k, i) => ({ k, rule: 'linear + warmup' as const, valAccuracy: lw[i] }));
  it('confirmed when ×k with warmup stays within tolerance at every k', () => {
    const v = scalingVerdict(0.95, pts([0.949, 0.945, 0.941]), 0.01);
    expect(v.status).toBe('confirmed');
    expect(v.holdsUpTo).toBe(8);
  });
  it('nuanced: holds to k=4, fails at k=8; a later recovery does not count', () => {
    const v = scalingVerdict(0.95, pts([0.949, 0.945, 0.93, 0.95], [2, 4, 8, 16]), 0.01);
    expect(v.status).toBe('nuanced');
    expect(v.holdsUpTo).toBe(4);
    expect(v.failsAt).toBe(8);
  });
  it('refuted when it misses at the first k > 1; a divergence counts as a miss', () => {
    expect(scalingVerdict(0.95, pts([null, 0.95, 0.95]), 0.01).status).toBe('refuted');
  });
  it('names the best rule per k and LARS at the largest k', () => {
    const v = scalingVerdict(0.95, [...pts([0.9], [4]), { k: 4, rule: 'sqrt', valAccuracy: 0.94 }, { k: 4, rule: 'LARS', valAccuracy: 0.93 }], 0.01);
    expect(v.text).toMatch(/k=4: .*best rule: sqrt 94\.0%/);
    expect(v.text).toMatch(/LARS reaches 93\.0%/);
  });
});
