import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cosine } from './cosine.js';
import { fromSpec } from './spec.js';
import { linearWarmup, linearWarmupSpec } from './warmup.js';

describe('linearWarmup', () => {
  it("Goyal et al.: from η to kη over the warmup, then constant kη", () => {
    // k = 4: startFactor 1/4, lr 0.4 → 0.1 at step 0, 0.1 + 0.3·t/W during, 0.4 from W on.
    const s = linearWarmup({ lr: 0.4, warmupSteps: 100, startFactor: 0.25 });
    expect(s(0)).toBeCloseTo(0.1, 15);
    expect(s(50)).toBeCloseTo(0.25, 15);
    expect(s(100)).toBe(0.4);
    expect(s(1e6)).toBe(0.4);
  });

  it('hands over to `after` with its counter starting at 0', () => {
    const s = linearWarmup({ lr: 0.1, warmupSteps: 10, after: cosine({ lr: 0.1, tMax: 100 }) });
    expect(s(10)).toBe(0.1);
    expect(s(110)).toBe(0);
  });

  it('is monotone non-decreasing during the warmup and reaches lr at warmupSteps', () => {
    fc.assert(fc.property(fc.double({ min: 1e-5, max: 1, noNaN: true }), fc.integer({ min: 1, max: 2000 }), fc.double({ min: 0.001, max: 1, noNaN: true }), fc.nat(2000), (lr, w, sf, t) => {
      const s = linearWarmup({ lr, warmupSteps: w, startFactor: sf });
      return s(t + 1) >= s(t) && s(w) === lr;
    }));
  });

  it('linearWarmupSpec describes the same schedule as a portable sequence spec', () => {
    const spec = linearWarmupSpec({ lr: 0.2, warmupSteps: 30, startFactor: 0.1, after: { type: 'cosine', lr: 0.2, tMax: 70, etaMin: 0 } });
    const fromJson = fromSpec(spec).lr;
    const direct = linearWarmup({ lr: 0.2, warmupSteps: 30, startFactor: 0.1, after: cosine({ lr: 0.2, tMax: 70 }) });
    for (let t = 0; t < 150; t++) expect(fromJson(t)).toBe(direct(t));
  });

  it('rejects a missing warmup length', () => {
    expect(() => linearWarmup({ lr: 0.1 } as never)).toThrow('warmupSteps: is required');
  });
});
