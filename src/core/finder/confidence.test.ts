import { describe, expect, it } from 'vitest';
import { CurveTrainer } from '../../testing/index.js';
import { confidenceOf, FINDER_CONFIDENCE, finderConfidence, finderMethod, ONECYCLE_CONFIDENCE, SPREAD_MIN_RUNS } from './confidence.js';
import { rangeTest } from './range-test.js';
import { rangeTestRepeated } from './repeated.js';

const drop = (lr: number): number => {
  const x = Math.log10(lr);
  return 2 - 1 / (1 + Math.exp(-(x + 2) / 0.3)) + Math.max(0, Math.exp(6 * x) - 1);
};

describe('the confidence a verdict states', () => {
  it('is the rule of succession over the benchmark counts: (k + 1) / (n + 2)', () => {
    for (const table of [...Object.values(FINDER_CONFIDENCE), ONECYCLE_CONFIDENCE]) {
      for (const c of Object.values(table)) {
        expect(c.within).toBeLessThanOrEqual(c.of);
        expect(c.probability).toBe((c.within + 1) / (c.of + 2));
      }
    }
    // No evidence at all (no val-loss run was noisy) says 50%, not 0% or 100%; four misses in four runs, 1/6.
    expect(FINDER_CONFIDENCE['val-loss'].noisy).toEqual({ within: 0, of: 0, probability: 0.5, spread: null });
    expect(FINDER_CONFIDENCE.single.noisy).toEqual({ within: 0, of: 4, probability: 1 / 6, spread: null });
  });

  it('states the spread of the fresh sets\' own rates, from sets of at least SPREAD_MIN_RUNS runs', () => {
    expect(SPREAD_MIN_RUNS).toBe(10);
    // One-cycle, usable: 9/15, 12/16, 11/16, 17/24, 23/44 → lowest 23/44 ≈ 0.523, highest 12/16 = 0.75.
    expect(ONECYCLE_CONFIDENCE.usable.spread).toEqual({ lo: 23 / 44, hi: 0.75, sets: 5 });
    // Constant, single, usable: 8/15, 15/16, 5/16, 12/24, 19/44 → 5/16 = 0.3125 to 15/16 = 0.9375.
    expect(FINDER_CONFIDENCE.single.usable.spread).toEqual({ lo: 0.3125, hi: 0.9375, sets: 5 });
    // A noisy level never had 10 runs in one set: no spread.
    expect(ONECYCLE_CONFIDENCE.noisy.spread).toBeNull();
  });

  it('finderConfidence: constant LR for every method; one-cycle for one range test only', () => {
    expect(finderConfidence('repeats', 'usable')).toBe(FINDER_CONFIDENCE.repeats.usable);
    expect(finderConfidence('single', 'noisy', 'onecycle')).toBe(ONECYCLE_CONFIDENCE.noisy);
    expect(finderConfidence('val-loss', 'usable', 'onecycle')).toBeNull();
  });

  it('unusable states none; the method follows the options', () => {
    expect(confidenceOf({ status: 'unusable', reason: 'x' })).toBeNull();
    expect(confidenceOf({ status: 'usable', reason: 'x' }, 'repeats')).toBe(FINDER_CONFIDENCE.repeats.usable);
    expect(finderMethod({})).toBe('single');
    expect(finderMethod({ repeats: 3 })).toBe('repeats');
    expect(finderMethod({ repeats: 3, valLoss: true })).toBe('val-loss');
  });

  it('range tests carry the confidence of their method and verdict', async () => {
    const one = await rangeTest(new CurveTrainer({ loss: drop, noise: 0.01, seed: 2 }), {});
    expect(one.verdict.status).toBe('usable');
    expect(one.confidence).toBe(FINDER_CONFIDENCE.single.usable);
    const three = await rangeTestRepeated((k) => new CurveTrainer({ loss: drop, noise: 0.01, seed: k + 1 }), { repeats: 3 });
    expect(three.verdict.status).toBe('usable');
    expect(three.confidence).toBe(FINDER_CONFIDENCE.repeats.usable);
  });
});
