import { describe, expect, it } from 'vitest';
import { CurveTrainer } from '../../testing/index.js';
import { confidenceOf, FINDER_CONFIDENCE, finderConfidence, finderMethod, ONECYCLE_CONFIDENCE } from './confidence.js';
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
    // No evidence at all (no val-loss run was noisy) says 50%, not 0% or 100%; one miss in one run, 1/3.
    expect(FINDER_CONFIDENCE['val-loss'].noisy).toEqual({ within: 0, of: 0, probability: 0.5 });
    expect(FINDER_CONFIDENCE.single.noisy).toEqual({ within: 0, of: 1, probability: 1 / 3 });
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
