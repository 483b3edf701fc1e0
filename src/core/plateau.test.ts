import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ReduceLROnPlateau, type PlateauOptions } from './plateau.js';

function run(opts: PlateauOptions, lr: number, metrics: number[]): number[] {
  const p = new ReduceLROnPlateau(opts);
  return metrics.map((m) => (lr = p.step(m, lr)));
}

/**
 * A second implementation transcribed from PyTorch's ReduceLROnPlateau.step / _reduce_lr /
 * is_better (torch 2.x), kept deliberately close to the Python, for comparison on random inputs.
 */
function torchReference(o: Required<PlateauOptions>, lr0: number, metrics: number[]): number[] {
  let best = o.mode === 'min' ? Infinity : -Infinity;
  let numBad = 0;
  let cooldownCounter = 0;
  let lr = lr0;
  const out: number[] = [];
  const isBetter = (a: number): boolean => {
    if (o.mode === 'min' && o.thresholdMode === 'rel') return a < best * (1 - o.threshold);
    if (o.mode === 'min') return a < best - o.threshold;
    if (o.thresholdMode === 'rel') return a > best * (o.threshold + 1);
    return a > best + o.threshold;
  };
  for (const current of metrics) {
    if (isBetter(current)) { best = current; numBad = 0; } else numBad += 1;
    if (cooldownCounter > 0) { cooldownCounter -= 1; numBad = 0; }
    if (numBad > o.patience) {
      const newLr = Math.max(lr * o.factor, o.minLr);
      if (lr - newLr > o.eps) lr = newLr;
      cooldownCounter = o.cooldown;
      numBad = 0;
    }
    out.push(lr);
  }
  return out;
}

describe('ReduceLROnPlateau', () => {
  it('waits patience+1 bad epochs, and a change below the relative threshold is not an improvement', () => {
    // patience 2, factor 0.5, rel threshold 0.1, cooldown 1, lr 1:
    // e1 10: best 10 | e2 9.5: 9.5 < 10·0.9 = 9? no, bad 1 | e3 bad 2 | e4 bad 3 > 2 → lr 0.5, cooldown 1
    // e5 8 < 9: best 8; cooldown 1 → 0, bad 0 | e6 8 < 7.2? no, bad 1 | e7 bad 2 | e8 bad 3 → 0.25
    expect(run({ patience: 2, factor: 0.5, threshold: 0.1, cooldown: 1 }, 1, [10, 9.5, 9.5, 9.5, 8, 8, 8, 8]))
      .toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25]);
  });

  it('ignores bad epochs during cooldown', () => {
    // patience 0, cooldown 2, constant metric: e1 best | e2 bad 1 > 0 → 0.5, cd 2 | e3 cd→1, bad 0
    // e4 cd→0, bad 0 | e5 bad 1 → 0.25 | e6 in cooldown again
    expect(run({ patience: 0, cooldown: 2, factor: 0.5 }, 1, [1, 1, 1, 1, 1, 1])).toEqual([1, 0.5, 0.5, 0.5, 0.25, 0.25]);
  });

  it('clamps at minLr and skips reductions smaller than eps', () => {
    // factor 0.1, patience 0, minLr 0.05: e2 max(0.1, 0.05) = 0.1 | e3 max(0.01, 0.05) = 0.05
    // e4 max(0.005, 0.05) = 0.05, change 0 ≤ eps → stays
    expect(run({ patience: 0, minLr: 0.05 }, 1, [1, 1, 1, 1])).toEqual([1, 0.1, 0.05, 0.05]);
    // eps 0.5: 1 → 0.1 is a change of 0.9 > 0.5 (applied); 0.1 → 0.01 is 0.09 ≤ 0.5 (skipped)
    expect(run({ patience: 0, eps: 0.5 }, 1, [1, 1, 1])).toEqual([1, 0.1, 0.1]);
  });

  it('mode max with an absolute threshold', () => {
    // threshold 0.5 abs, patience 0: e1 best 1 | e2 1.4 > 1.5? no → 0.1 | e3 2 > 1.5 → best 2 | e4 2 > 2.5? no → 0.01
    const lrs = run({ mode: 'max', thresholdMode: 'abs', threshold: 0.5, patience: 0 }, 1, [1, 1.4, 2, 2]);
    expect(lrs[0]).toBe(1);
    expect(lrs[1]).toBeCloseTo(0.1, 15);
    expect(lrs[2]).toBeCloseTo(0.1, 15);
    expect(lrs[3]).toBeCloseTo(0.01, 15);
  });

  it('counts a NaN metric as a bad epoch', () => {
    expect(run({ patience: 0 }, 1, [1, NaN])).toEqual([1, 0.1]);
  });

  it('state() / setState() continue exactly', () => {
    const a = new ReduceLROnPlateau({ patience: 1, factor: 0.5 });
    a.step(3, 1); a.step(3, 1);
    const b = new ReduceLROnPlateau({ patience: 1, factor: 0.5 });
    b.setState(a.state());
    expect([a.step(3, 1), a.step(2, 1)]).toEqual([b.step(3, 1), b.step(2, 1)]);
    expect(a.best).toBe(2);
  });

  it('rejects invalid options naming the field', () => {
    expect(() => new ReduceLROnPlateau({ factor: 1 })).toThrow('factor: must be a number in (0, 1)');
    expect(() => new ReduceLROnPlateau({ patience: 1.5 })).toThrow('patience: must be an integer >= 0');
    expect(() => new ReduceLROnPlateau({ mode: 'up' as 'min' })).toThrow('mode: must be one of min|max');
    expect(() => new ReduceLROnPlateau({ minLr: -1 })).toThrow('minLr');
  });

  it('matches a transcription of PyTorch on random metric sequences', () => {
    const opts = fc.record({
      mode: fc.constantFrom('min' as const, 'max' as const),
      factor: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
      patience: fc.integer({ min: 0, max: 4 }),
      threshold: fc.double({ min: 0, max: 0.2, noNaN: true }),
      thresholdMode: fc.constantFrom('rel' as const, 'abs' as const),
      cooldown: fc.integer({ min: 0, max: 3 }),
      minLr: fc.constantFrom(0, 1e-3),
      eps: fc.constant(1e-8),
    });
    fc.assert(fc.property(opts, fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { maxLength: 40 }), (o, metrics) => {
      const ours = run(o, 0.1, metrics);
      expect(ours).toEqual(torchReference(o, 0.1, metrics));
      // the LR never rises and never falls below min(lr0, minLr)
      for (let i = 1; i < ours.length; i++) expect(ours[i]).toBeLessThanOrEqual(ours[i - 1]);
      for (const lr of ours) expect(lr).toBeGreaterThanOrEqual(Math.min(0.1, o.minLr));
    }));
  });
});
