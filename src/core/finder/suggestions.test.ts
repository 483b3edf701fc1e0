import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../random.js';
import { SpecError } from '../spec-error.js';
import { ADAPTIVE_LR_FACTOR, analysedRange, BATCH_CAP_DIVISOR, BATCH_RULE_OPTIMIZERS, chooseSuggested, forOptimizer, minimum, REFERENCE_BATCH, slide, steepest, suggestAll, valley } from './suggestions.js';
import { rangeTest } from './range-test.js';
import { CurveTrainer } from '../../testing/index.js';
import { sweepLr } from './sweep.js';
import { agreement } from './verdict.js';

// 201 points from 1e-7 to 10: x_i = log10 lr_i = −7 + 0.04·i, so x = −2 is i = 125, x = −1 is i = 150.
const N = 201;
const lrs = Array.from({ length: N }, (_, i) => sweepLr(i, { startLr: 1e-7, endLr: 10, steps: N, mode: 'exp' }));
const xs = lrs.map((lr) => Math.log10(lr));
const sigmoidDrop = (x0: number, w: number) => (x: number): number => 2 - 1 / (1 + Math.exp(-(x - x0) / w));
const dx = 0.04;

describe('steepest', () => {
  it('finds the centre of a sigmoid drop in log LR', () => {
    // The slope of 2 − σ((x − x0)/w) is −σ'/w, most negative at x = x0 = −2; the windowed
    // central difference is odd-symmetric around x0, so the argmin is exactly i = 125.
    const s = steepest(lrs, xs.map(sigmoidDrop(-2, 0.25)));
    expect(s?.index).toBe(125);
    expect(Math.abs(Math.log10(s!.lr) + 2)).toBeLessThan(1e-9);
  });

  it('is null when the loss never falls', () => {
    expect(steepest(lrs, xs.map((x) => 1 + 0.1 * (x + 7)))).toBeNull();
    expect(steepest(lrs, xs.map(() => 1))).toBeNull();
  });

  it('stays near the centre with noise (20 seeds, σ = 0.2% of the drop)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rng = createRng(seed);
      const s = steepest(lrs, xs.map((x) => sigmoidDrop(-2, 0.5)(x) + 0.002 * rng.normal()));
      expect(Math.abs(Math.log10(s!.lr) + 2)).toBeLessThanOrEqual(0.2);
    }
  });
});

describe('minimum', () => {
  it('is a tenth of the LR at the bottom of a parabola in log LR', () => {
    // L = (x + 1)² + 1 is lowest at x = −1 (i = 150): lr = 10^−1 / 10 = 0.01.
    const s = minimum(lrs, xs.map((x) => (x + 1) ** 2 + 1));
    expect(s?.index).toBe(150);
    expect(s!.lr).toBeCloseTo(0.01, 12);
  });

  it('is null when a tenth of the minimum was never tested', () => {
    // Rising curve: the minimum of the analysed points is its first, i = ⌊201/10⌋ = 20,
    // x = −6.2; a tenth of it is 10^−7.2 < 1e-7.
    expect(minimum(lrs, xs.map((x) => x + 8))).toBeNull();
  });
});

describe('valley', () => {
  it('lands two thirds into the steadily falling stretch of a sigmoid', () => {
    // Falling where the slope is at least 1/10 of the steepest: σ(1−σ) ≥ 0.1·¼, i.e.
    // σ ∈ [(1 − √0.9)/2, (1 + √0.9)/2], u* = ln(σ+/σ−) = 3.637; with w = 0.5 the stretch is
    // x0 ± 1.819 and two thirds into it is x0 − u*w + (2/3)(2u*w) = x0 + u*w/3 = −2 + 0.606.
    // The windowed difference widens the stretch slightly and the 2/3 point is rounded to a grid
    // point: allow 2 grid points (0.08 decade).
    const sp = (1 + Math.sqrt(0.9)) / 2, sm = (1 - Math.sqrt(0.9)) / 2;
    const expected = -2 + (Math.log(sp / sm) * 0.5) / 3;
    const s = valley(lrs, xs.map(sigmoidDrop(-2, 0.5)));
    expect(Math.abs(Math.log10(s!.lr) - expected)).toBeLessThanOrEqual(2 * dx + 1e-9);
  });

  it('takes the longest of two falling stretches', () => {
    // A short drop at x = −5 (w = 0.1) and a long one at x = −1 (w = 0.4), each of height 1:
    // the second is 4× as wide, so the valley lies past its centre, i.e. above x = −1.
    const f = (x: number): number => 3 - 1 / (1 + Math.exp(-(x + 5) / 0.1)) - 1 / (1 + Math.exp(-(x + 1) / 0.4));
    const s = valley(lrs, xs.map(f));
    expect(Math.log10(s!.lr)).toBeGreaterThan(-1);
    expect(Math.log10(s!.lr)).toBeLessThan(0);
  });

  it('is null when the loss never falls', () => {
    expect(valley(lrs, xs.map(() => 2))).toBeNull();
  });
});

describe('slide', () => {
  it('suggests the left end of the last straight window before the blow-up', () => {
    // L = 3 − 0.2(x + 7), plus 50(x − x1)² past x1 = −1 (i = 150). Analysed points 20 … 195,
    // m = 176; window w = round(0.15·176) = 26, k = ⌊26/3⌋ = 8; G = −0.2, threshold 0.02.
    // Any right secant reaching past i = 150 picks up ≥ 50·0.04²/0.32 = 0.25 > 0.02, so the
    // first qualifying window is r = 150, l = 150 − 26 + 1 = 125: lr = 10^−2.
    const f = (x: number): number => 3 - 0.2 * (x + 7) + (x > -1 ? 50 * (x + 1) ** 2 : 0);
    const s = slide(lrs, xs.map(f));
    expect(s?.index).toBe(125);
    expect(s!.lr).toBeCloseTo(0.01, 12);
  });

  it('does not depend on the scale of the loss', () => {
    const f = (x: number): number => sigmoidDrop(-2, 0.5)(x) + 0.05 * Math.exp((x - 0.5) / 0.3);
    const a = slide(lrs, xs.map(f));
    const b = slide(lrs, xs.map((x) => 1000 * f(x)));
    expect(a).not.toBeNull();
    expect(b).toEqual(a);
  });

  it('is null when the loss never falls', () => {
    expect(slide(lrs, xs.map((x) => x + 8))).toBeNull();
  });
});

describe('trimming', () => {
  // A spurious cliff in the first 10 points (EMA warm-up) and a smooth drop at x = −2.
  const curve = xs.map((x, i) => sigmoidDrop(-2, 0.25)(x) + (i < 10 ? 5 - 0.5 * i : 0));

  it('ignores the first ⌊n/10⌋ and last 5 points by default', () => {
    expect(analysedRange(201)).toEqual([20, 195]);
    expect(steepest(lrs, curve)?.index).toBe(125);
  });

  it('is configurable', () => {
    expect(steepest(lrs, curve, { trimStart: 0 })!.index).toBeLessThan(10);
    expect(analysedRange(201, { trimStart: 3, trimEnd: 0 })).toEqual([3, 200]);
  });

  it('gives no suggestion when fewer than 3 points remain', () => {
    expect(analysedRange(10, { trimStart: 5, trimEnd: 3 })).toBeNull();
    expect(suggestAll(lrs.slice(0, 10), xs.slice(0, 10).map((x) => -x), { trimStart: 5, trimEnd: 3 })).toEqual({ steepest: null, minimum: null, valley: null, slide: null });
  });

  it('rejects a negative trim', () => {
    expect(() => steepest(lrs, xs, { trimStart: -1 })).toThrow('trimStart: must be an integer >= 0');
  });
});

describe('input checks', () => {
  it('names the offending field', () => {
    expect(() => steepest([1e-3, 1e-2], [1])).toThrow(SpecError);
    expect(() => steepest([1e-3, 1e-2], [1])).toThrow('losses: must have one value per learning rate');
    expect(() => minimum([1e-3, 1e-2, 1e-1], [1, Number.NaN, 1])).toThrow('losses[1]: must be a finite number');
    expect(() => valley([1e-3, 1e-3, 1e-1], [1, 1, 1])).toThrow('lrs[1]: must be greater than the previous learning rate');
    expect(() => slide([0, 1e-3, 1e-1], [1, 1, 1])).toThrow('lrs[0]: must be a positive number');
  });
});

describe('chooseSuggested', () => {
  it('takes the median in log space: the middle rule, or the geometric mean of the two middle ones', () => {
    expect(chooseSuggested({ steepest: { lr: 0.03 }, minimum: { lr: 0.1 }, valley: { lr: 0.05 }, slide: null })).toEqual({ lr: 0.05, rule: 'valley', from: ['valley'] });
    // sorted 0.01 (slide), 0.04 (steepest), 0.09 (valley), 0.1 (minimum): √(0.04·0.09) = √0.0036 = 0.06
    const even = chooseSuggested({ steepest: { lr: 0.04 }, minimum: { lr: 0.1 }, valley: { lr: 0.09 }, slide: { lr: 0.01 } });
    expect(even?.lr).toBeCloseTo(0.06, 15);
    expect(even).toMatchObject({ rule: 'median of steepest and valley', from: ['steepest', 'valley'] });
    // Two rules: √(0.002·0.2) = √0.0004 = 0.02, lower one named first whatever the rule order.
    const two = chooseSuggested({ slide: { lr: 0.002 }, minimum: { lr: 0.2 } });
    expect(two?.lr).toBeCloseTo(0.02, 15);
    expect(two?.from).toEqual(['slide', 'minimum']);
    expect(chooseSuggested({ minimum: { lr: 0.2 } })).toEqual({ lr: 0.2, rule: 'minimum', from: ['minimum'] });
    expect(chooseSuggested({ steepest: null, minimum: null, valley: null, slide: null })).toBeNull();
  });

  it('agrees with the median that agreement() measures the spread around', () => {
    fc.assert(fc.property(fc.array(fc.option(fc.double({ min: 1e-6, max: 10, noNaN: true }), { nil: null }), { minLength: 4, maxLength: 4 }), (xs) => {
      const s = Object.fromEntries(['steepest', 'minimum', 'valley', 'slide'].map((r, i) => [r, xs[i] === null ? null : { lr: xs[i] }]));
      const c = chooseSuggested(s);
      const m = agreement(s).medianLr;
      if (c === null) return m === null;
      return m !== null && Math.abs(c.lr / m - 1) < 1e-12;
    }));
  });
});

describe('every suggestion lies within the tested range (property)', () => {
  it('holds for random curves on random sweeps', () => {
    fc.assert(fc.property(
      fc.double({ min: 1e-8, max: 1e-2, noNaN: true }),
      fc.double({ min: 10, max: 1e9, noNaN: true }),
      fc.constantFrom('exp' as const, 'linear' as const),
      fc.array(fc.double({ min: -5, max: 50, noNaN: true }), { minLength: 3, maxLength: 120 }),
      (s, ratio, mode, losses) => {
        const n = losses.length;
        const l = Array.from({ length: n }, (_, i) => sweepLr(i, { startLr: s, endLr: s * ratio, steps: n, mode }));
        if (l.some((v, i) => i > 0 && !(v > l[i - 1]))) return true; // float-equal neighbours: not a valid sweep
        return Object.values(suggestAll(l, losses, { trimStart: 0, trimEnd: 0 })).every(
          (x) => x === null || (x.lr >= l[0] && x.lr <= l[n - 1] && x.index >= 0 && x.index < n),
        );
      },
    ), { numRuns: 300 });
  });
});

describe('the suggestion for an adaptive optimizer (finder option adaptive)', () => {
  it('is the rules’ median × 1/4, with the rules themselves unchanged', async () => {
    expect(ADAPTIVE_LR_FACTOR).toBe(0.25);
    expect(forOptimizer({ lr: 0.004, rule: 'valley', from: ['valley'] }, true)).toEqual({ lr: 0.001, rule: 'valley × 1/4 (Adam/AdamW)', from: ['valley'], factor: 0.25 });
    expect(forOptimizer({ lr: 0.004, rule: 'valley', from: ['valley'] }, false)).toEqual({ lr: 0.004, rule: 'valley', from: ['valley'] });
    expect(forOptimizer(null, true)).toBeNull();
    // The same curve with and without: every rule's LR equal, the suggestion a quarter, the
    // interval (centred on the suggestion) moved by the same factor and as wide.
    const curve = (lr: number): number => 2 - 1 / (1 + Math.exp(-(Math.log10(lr) + 2) / 0.3)) + Math.max(0, Math.exp(6 * Math.log10(lr)) - 1);
    const plain = await rangeTest(new CurveTrainer({ loss: curve, noise: 0.01, seed: 3 }), {});
    const adam = await rangeTest(new CurveTrainer({ loss: curve, noise: 0.01, seed: 3 }), { adaptive: true });
    expect(adam.suggestions).toEqual(plain.suggestions);
    expect(adam.suggested?.lr).toBeCloseTo((plain.suggested?.lr ?? NaN) / 4, 12);
    expect(adam.interval?.factor).toBeCloseTo(plain.interval?.factor ?? NaN, 12);
    expect(adam.interval?.lo).toBeCloseTo((plain.interval?.lo ?? NaN) / 4, 12);
    expect(adam.verdict).toEqual(plain.verdict);
  });
});

describe('the suggestion for the SGD family at another batch size (finder option batchSize)', () => {
  const median = { lr: 0.01, rule: 'valley', from: ['valley' as const] };
  it('is the rules’ median × B/64, capped at max(median, divergence lr / 50) when it rises', () => {
    expect(REFERENCE_BATCH).toBe(64);
    expect(BATCH_CAP_DIVISOR).toBe(50);
    // 0.01 · 256/64 = 0.04; the cap 3/50 = 0.06 is above it.
    const up = forOptimizer(median, false, { batchSize: 256, divergedAt: 3 });
    expect(up?.lr).toBeCloseTo(0.04, 15);
    expect(up?.factor).toBeCloseTo(4, 12);
    expect(up?.rule).toBe('valley × 256/64 (batch)');
    // Diverged at 1: the cap 1/50 = 0.02 is below 0.04.
    const capped = forOptimizer(median, false, { batchSize: 256, divergedAt: 1 });
    expect(capped?.lr).toBeCloseTo(0.02, 15);
    expect(capped?.rule).toBe('valley × 256/64 (batch), capped at the divergence lr 1/50');
    // The cap never goes below the median itself: 0.05 · 8 = 0.4, 1/50 = 0.02 < 0.05 → 0.05.
    expect(forOptimizer({ ...median, lr: 0.05 }, false, { batchSize: 512, divergedAt: 1 })?.lr).toBe(0.05);
    // A completed sweep (no divergence) has nothing to cap by.
    expect(forOptimizer(median, false, { batchSize: 512, divergedAt: null })?.lr).toBeCloseTo(0.08, 15);
  });

  it('scales down below 64 (no cap), leaves 64, no batch and adaptive optimizers alone', () => {
    // 0.01 · 16/64 = 0.0025, whatever the divergence lr.
    expect(forOptimizer(median, false, { batchSize: 16, divergedAt: 0.01 })?.lr).toBeCloseTo(0.0025, 15);
    expect(forOptimizer(median, false, { batchSize: 64, divergedAt: 1 })).toEqual(median);
    expect(forOptimizer(median, false, {})).toEqual(median);
    expect(forOptimizer(median, true, { batchSize: 256 })?.lr).toBeCloseTo(0.0025, 15); // the Adam factor only
    expect(forOptimizer(null, false, { batchSize: 256 })).toBeNull();
    expect(() => forOptimizer(median, false, { batchSize: 0 })).toThrow('batchSize: must be an integer >= 1');
    expect(BATCH_RULE_OPTIMIZERS).toEqual(['sgd', 'momentum', 'nesterov']);
  });

  it('on a range test: the rules unchanged, the suggestion and its interval moved by B/64, the verdict the same', async () => {
    // The curve completes its sweep (endLr 0.1, no blow-up), so no cap: the factor is exactly 2.
    const curve = (lr: number): number => 2 - 1 / (1 + Math.exp(-(Math.log10(lr) + 2) / 0.3));
    const opts = { startLr: 1e-6, endLr: 0.1 };
    const plain = await rangeTest(new CurveTrainer({ loss: curve, noise: 0.01, seed: 3 }), opts);
    const b128 = await rangeTest(new CurveTrainer({ loss: curve, noise: 0.01, seed: 3 }), { ...opts, batchSize: 128 });
    expect(plain.stopReason).toBe('completed');
    expect(b128.suggestions).toEqual(plain.suggestions);
    expect(b128.suggested?.lr).toBeCloseTo((plain.suggested?.lr ?? NaN) * 2, 12);
    expect(b128.interval?.lo).toBeCloseTo((plain.interval?.lo ?? NaN) * 2, 12);
    expect(b128.verdict).toEqual(plain.verdict);
  });
});
