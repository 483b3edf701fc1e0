import { describe, expect, it } from 'vitest';
import { DivergenceCheck } from './divergence.js';

describe('DivergenceCheck', () => {
  it('a single loss spike is not divergence; a NaN is', () => {
    // losses 1, 1, 1, 30: EMA debiased at k = 4 is (0.1·(0.729 + 0.81 + 0.9) + 0.1·30)/(1 − 0.9⁴)
    // = (0.2439 + 3)/0.3439 = 9.43 < 10 × max(1, ln 3) = 11 → no stop, though 30 > 10 × 1
    const check = new DivergenceCheck(10, Math.log(3));
    expect([1, 1, 1, 30].map((l) => check.push(l))).toEqual([false, false, false, false]);
    expect(check.push(NaN)).toBe(true);
    expect(new DivergenceCheck(10, Math.log(3)).push(-Infinity)).toBe(true);
  });

  it('fires once the smoothed loss passes factor × max(first loss, floor)', () => {
    // first loss 2 → reference 10 × 2 = 20. Losses 2, then 200: debiased EMA at k = 2 is
    // (0.9·0.2 + 0.1·200)/(1 − 0.81) = 20.18/0.19 = 106.2 > 20.
    const check = new DivergenceCheck(10, Math.log(3));
    expect(check.push(2)).toBe(false);
    expect(check.push(200)).toBe(true);
    // A lucky first batch (loss 0.01) does not lower the reference below 10 × ln 3 = 10.99:
    // losses 0.01, 5 → (0.9·0.001 + 0.5)/0.19 = 2.64, no stop.
    const lucky = new DivergenceCheck(10, Math.log(3));
    expect([0.01, 5].map((l) => lucky.push(l))).toEqual([false, false]);
  });

  it('the first loss noted outside the checked steps is the reference', () => {
    // noteLoss(100) → reference 10 × 100 = 1000; a loss of 500 (smoothed 500) does not fire.
    const check = new DivergenceCheck(10, Math.log(3));
    check.noteLoss(100);
    expect(check.push(500)).toBe(false);
    check.noteLoss(1); // only the first counts
    expect(check.push(500)).toBe(false);
  });

  it('state → more losses → setState continues exactly as before (an independent copy)', () => {
    const check = new DivergenceCheck(10, 0);
    for (const l of [3, 2.5, 2.7]) check.push(l);
    const saved = check.state();
    const probe = (c: DivergenceCheck): boolean[] => [26, 28, 30, 100].map((l) => c.push(l));
    const first = probe(check);
    check.setState(saved);
    expect(probe(check)).toEqual(first);
    // The saved state is untouched by the pushes after it: restoring twice gives the same again.
    check.setState(saved);
    expect(probe(check)).toEqual(first);
    // Hand check of the sequence (reference 10 × 3 = 30): the smoothed losses are the debiased EMA
    // of 3, 2.5, 2.7, 26, 28, 30, 100: 3, 2.74, 2.72, 9.49, 14.0, 17.4, 33.3 — above 30 only at the 100.
    expect(first).toEqual([false, false, false, true]);
  });
});
