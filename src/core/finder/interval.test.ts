import { describe, expect, it } from 'vitest';
import { createRng } from '../random.js';
import { suggestionInterval } from './interval.js';
import { sweepLr } from './sweep.js';
import { chooseSuggested, suggestAll } from './suggestions.js';
import { debiasedEma } from './sweep.js';

const o = { startLr: 1e-7, endLr: 10, steps: 100, mode: 'exp' as const };
const lrs = Array.from({ length: 100 }, (_, i) => sweepLr(i, o));
/** A sigmoid drop centred at 1e-2 plus a blow-up above 1: the shape of a real range test. */
const clean = lrs.map((lr) => {
  const x = Math.log10(lr);
  return 2 - 1 / (1 + Math.exp(-(x + 2) / 0.3)) + Math.max(0, Math.exp(6 * x) - 1);
});
const noisy = (sigma: number, seed: number): number[] => {
  const rng = createRng(seed);
  return clean.map((l) => l + sigma * rng.normal());
};
/** The point suggestion of a curve, as the range test makes it. */
const pointSuggestion = (losses: number[]): number => chooseSuggested(suggestAll(lrs, debiasedEma(losses, 0.98)))!.lr;

describe('suggestionInterval', () => {
  it('a noise-free curve gives a zero-width interval at its own suggestion', () => {
    // A monotone stretch's running median is the point itself, so every residual is 0 away from
    // the turn at the minimum, and every resample reproduces the curve there.
    const iv = suggestionInterval([{ lrs, losses: clean }], { smooth: 0.98 })!;
    expect(iv.answered).toBe(200);
    expect(iv.lo).toBeCloseTo(pointSuggestion(clean), 10);
    expect(iv.hi).toBeCloseTo(pointSuggestion(clean), 10);
    expect(iv.factor).toBeCloseTo(1, 10);
  });

  it('more batch noise widens the interval', () => {
    const widths = [0.02, 0.1, 0.3].map((s) => suggestionInterval([{ lrs, losses: noisy(s, 7) }], { smooth: 0.98 })!.factor);
    expect(widths[0]).toBeLessThan(widths[1]);
    expect(widths[1]).toBeLessThan(widths[2]);
  });

  it('the interval holds where independent re-draws of the noise put the suggestion, about as often as stated', () => {
    // 30 curves, each with its own noise: the 80% interval of curve k should hold the point
    // suggestion of an independent draw k + 1000 roughly 80% of the time. The bootstrap keeps
    // the observed trend, so its own error adds to the spread: accept 55–100%.
    let held = 0;
    for (let k = 0; k < 30; k++) {
      const own = noisy(0.1, k);
      const iv = suggestionInterval([{ lrs, losses: own }], { smooth: 0.98, seed: k, center: pointSuggestion(own) })!;
      const other = pointSuggestion(noisy(0.1, k + 1000));
      if (other >= iv.lo && other <= iv.hi) held++;
    }
    expect(held / 30).toBeGreaterThanOrEqual(0.55);
  });

  it('is deterministic for a seed, pools the resamples over repeats and respects level', () => {
    const curves = [{ lrs, losses: noisy(0.1, 1) }, { lrs, losses: noisy(0.1, 2) }];
    const a = suggestionInterval(curves, { smooth: 0.98 })!;
    expect(suggestionInterval(curves, { smooth: 0.98 })).toEqual(a);
    expect(a.resamples).toBe(200);
    const wide = suggestionInterval(curves, { smooth: 0.98, level: 0.95 })!;
    // Without a centre it sits on the resamples' median; with one, on it, symmetric in log space.
    const c = suggestionInterval(curves, { smooth: 0.98, center: 0.01 })!;
    expect(c.lo * c.hi).toBeCloseTo(0.01 * 0.01, 12);
    expect(c.hi / c.lo).toBeCloseTo(a.factor, 10);
    expect(() => suggestionInterval(curves, { smooth: 0.98, center: 0 })).toThrow(/^center: must be a positive number/);
    expect(wide.lo).toBeLessThanOrEqual(a.lo);
    expect(wide.hi).toBeGreaterThanOrEqual(a.hi);
    expect(a.lo).toBeLessThan(a.hi);
  });

  it('null when the curve cannot support a suggestion', () => {
    // A loss that only rises: no rule answers (the minimum is at the start, a tenth of it untested).
    const rising = lrs.map((_, i) => 1 + i / 100);
    expect(suggestionInterval([{ lrs, losses: rising }], { smooth: 0.98 })).toBeNull();
    expect(suggestionInterval([{ lrs: lrs.slice(0, 5), losses: clean.slice(0, 5) }], { smooth: 0.98 })).toBeNull();
  });

  it('names the field of a bad option', () => {
    const c = [{ lrs, losses: clean }];
    expect(() => suggestionInterval(c, { smooth: 0.98, resamples: 5 })).toThrow(/^resamples: must be an integer >= 10/);
    expect(() => suggestionInterval(c, { smooth: 0.98, level: 1 })).toThrow(/^level: must be in \(0, 1\)/);
    expect(() => suggestionInterval(c, { smooth: 1 })).toThrow(/^smooth: must be in \[0, 1\)/);
  });
});
