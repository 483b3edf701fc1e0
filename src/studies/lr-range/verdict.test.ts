import { describe, expect, it } from 'vitest';
import { lrRangeVerdict, rangeVsGrid, type GridPoint } from './verdict.js';

const g = (lr: number, valLoss: number | null, std = 0, seeds = 1): GridPoint => ({ lr, valLoss, std, seeds });
const grid = [g(0.001, 1.2), g(0.01, 0.5), g(0.1, 0.3), g(1, 0.9), g(10, null)];

describe('rangeVsGrid', () => {
  it('the doc example: a suggestion half a decade below the best confirms', () => {
    const r = rangeVsGrid(0.05, [g(0.01, 0.5), g(0.1, 0.3), g(1, 0.9)]);
    // ratio 10; log10(0.05/0.1) = −0.301 steps
    expect(r?.ratio).toBeCloseTo(10, 9);
    expect(r?.steps).toBeCloseTo(Math.log10(0.5), 9);
    expect(r?.decades).toBeCloseTo(Math.log10(0.5), 9);
    expect(r?.bestLr).toBe(0.1);
    expect(r?.band).toEqual([0.1, 0.1]);
    expect(r?.status).toBe('confirmed');
  });
  it('within a decade is nuanced, beyond refuted (ratio-10 grid: decades = steps)', () => {
    // 10^−1.8 is 0.8 decades below 0.1; 10^−2.5 is 1.5 below
    expect(rangeVsGrid(10 ** -1.8, grid)?.status).toBe('nuanced');
    expect(rangeVsGrid(10 ** -2.5, grid)?.status).toBe('refuted');
    expect(rangeVsGrid(1e-4, grid)?.steps).toBeCloseTo(-3, 9);
  });
  it('a finer grid is not a stricter test: decades decide, not steps', () => {
    // ratio 10^0.25: 0.4 decades = 1.6 steps below the best 0.1 → still confirmed
    const fine = [0.01, 10 ** -1.75, 10 ** -1.5, 10 ** -1.25, 0.1, 10 ** -0.75].map((lr) => g(lr, lr === 0.1 ? 0.3 : 0.5));
    const r = rangeVsGrid(10 ** -1.4, fine);
    expect(r?.steps).toBeCloseTo(-1.6, 9);
    expect(r?.status).toBe('confirmed');
  });
  it('a flat optimum widens the band: 2 steps away but inside it confirms', () => {
    // losses within 5% of 0.3 (≤ 0.315) at 0.01 and 0.1: band [0.01, 0.1]; 0.001 sits half a step outside
    const flat = [g(0.0001, 2), g(0.001, 0.9), g(0.01, 0.31), g(0.1, 0.3), g(1, 0.9)];
    const r = rangeVsGrid(0.004, flat);
    expect(r?.band).toEqual([0.01, 0.1]);
    expect(r?.inBand).toBe(true);
    expect(r?.status).toBe('confirmed');
    expect(rangeVsGrid(0.001, flat)?.inBand).toBe(false);
  });
  it('seed noise widens the tolerance to 2 standard errors', () => {
    // best 0.3 with std 0.1 over 4 seeds: SE 0.05, tolerance max(0.015, 0.1) = 0.1 → 0.39 is near
    const r = rangeVsGrid(0.1, [g(0.001, 0.39, 0.1, 4), g(0.01, 0.5, 0.1, 4), g(0.1, 0.3, 0.1, 4)]);
    expect(r?.tolerance).toBeCloseTo(0.1, 12);
    expect(r?.band).toEqual([0.1, 0.1]);
  });
  it('underpowered when the seed noise leaves best LRs that would give different statuses', () => {
    // ratio √10. Best 0.316 (loss 0.25, std 0.02 over 2 seeds: SE 0.01414); 0.0316 at 0.27 (same SE):
    // 0.27 − 0.25 = 0.02 ≤ 2·√2·0.01414 = 0.04 → a plausible best. 0.1 at 0.30: 0.05 > 0.04 → not.
    // Band: tolerance max(5%·0.25, 2·0.01414) = 0.028 → 0.1 (0.30) is out, band [0.316]. Suggestion 0.07:
    // |log10(0.07/0.316)| = 0.65 → nuanced; |log10(0.07/0.0316)| = 0.35 → confirmed: the noise decides.
    const grid = [g(0.01, 0.6, 0.02, 2), g(10 ** -1.5, 0.27, 0.02, 2), g(0.1, 0.3, 0, 2), g(10 ** -0.5, 0.25, 0.02, 2)];
    const r = rangeVsGrid(0.07, grid);
    expect(r?.plausibleBest).toEqual([10 ** -1.5, 10 ** -0.5]);
    expect(r?.plausibleStatuses).toEqual(['confirmed', 'nuanced']);
    expect(r?.status).toBe('underpowered');
    const v = lrRangeVerdict({ suggested: { lr: 0.07, rule: 'valley' }, rangeTest: { status: 'usable', reason: 'ok' }, rules: { steepest: null, minimum: null, valley: { lr: 0.07 }, slide: null }, grid });
    expect(v.status).toBe('underpowered');
    expect(v.text).toMatch(/^This preset cannot decide: the grid LRs 0\.0316, 0\.316 are within 2 standard errors/);
    // The same std over 9 seeds: SE 0.02/3 = 0.00667, 2·√2·0.00667 = 0.0189 < 0.02 → only the best is plausible: nuanced.
    const nine = grid.map((p) => ({ ...p, seeds: 9 }));
    expect(rangeVsGrid(0.07, nine)?.status).toBe('nuanced');
    // An unstable LR (seeds 0.25 and 0.35 at 0.0316: std 0.0707) is not made plausible by its own spread: 0.30 − 0.25 > 0.04.
    expect(rangeVsGrid(0.07, [grid[0], g(10 ** -1.5, 0.3, 0.0707, 2), grid[2], grid[3]])).toMatchObject({ plausibleBest: [10 ** -0.5], status: 'nuanced' });
    // One seed per LR: no noise measured, the best alone is plausible (the verdict as before).
    expect(rangeVsGrid(0.07, grid.map((p) => ({ ...p, seeds: 1 })))).toMatchObject({ plausibleBest: [10 ** -0.5], status: 'nuanced' });
  });
  it('no finite loss: null', () => {
    expect(rangeVsGrid(0.1, [g(0.1, null), g(1, null)])).toBeNull();
  });
});

describe('lrRangeVerdict', () => {
  // The doc example's grid: ratio 10, best 0.1 (loss 0.3), band [0.1, 0.1] (0.5 and 0.9 > 0.3 · 1.05).
  const docGrid = [g(0.01, 0.5), g(0.1, 0.3), g(1, 0.9)];
  const rangeTest = { status: 'usable', reason: 'ok' };
  const rules = { steepest: { lr: 0.01 }, minimum: null, valley: { lr: 0.05 }, slide: { lr: 0.3 } };

  it('a suggestion half a decade below the best: confirmed, with every rule\'s distance', () => {
    const v = lrRangeVerdict({ suggested: { lr: 0.05, rule: 'valley' }, rangeTest, rules, grid: docGrid });
    expect(v.status).toBe('confirmed');
    // rules in grid steps from 0.1: log10(0.1) = −1, none, log10(0.5) = −0.30, log10(3) = +0.48
    expect(v.perRule.steepest?.steps).toBeCloseTo(-1, 9);
    expect(v.perRule.minimum).toBeNull();
    expect(v.perRule.slide?.steps).toBeCloseTo(Math.log10(3), 9);
    // |steps| = |decades| = 0.301 → "0.3"; ratio 0.05/0.1 = 0.5; 0.05 lies within half a step (÷√10) of the band.
    expect(v.text).toBe('The range test suggests 0.05 (valley); the grid\'s best is 0.1 (validation loss 0.3). '
      + 'The suggestion is 0.3 grid step(s) below it (ratio 0.5, 0.3 decade(s)), inside the near-best band 0.1–0.1. '
      + 'Range-test verdict: usable. Each rule (grid steps from the best): steepest 0.01 (-1.0), minimum none, valley 0.05 (-0.3), slide 0.3 (+0.5).');
  });
  it('a suggestion 1.5 decades above the best: refuted', () => {
    const v = lrRangeVerdict({ suggested: { lr: 3, rule: 'median of minimum and slide' }, rangeTest: { status: 'noisy', reason: 'spread' }, rules, grid: docGrid });
    expect(v.status).toBe('refuted');
    // log10(3/0.1) = 1.477 → "1.5" steps and decades; ratio 30; 3 > 0.1 · √10, outside the band.
    expect(v.text).toContain('The suggestion is 1.5 grid step(s) above it (ratio 30, 1.5 decade(s)), outside the near-best band 0.1–0.1. Range-test verdict: noisy.');
  });
  it('no suggestion: inconclusive, quoting the range test; no rule distances', () => {
    const v = lrRangeVerdict({ suggested: null, rangeTest: { status: 'unusable', reason: 'diverged at once' }, rules, grid: docGrid });
    expect(v.status).toBe('inconclusive');
    expect(v.text).toBe('The range test gave no suggestion (unusable: diverged at once).');
    expect(v.comparison).toBeNull();
    expect(Object.values(v.perRule).every((r) => r === null)).toBe(true);
  });
  it('every grid LR diverged: inconclusive', () => {
    const v = lrRangeVerdict({ suggested: { lr: 0.05, rule: 'valley' }, rangeTest, rules, grid: [g(0.1, null), g(1, null)] });
    expect(v.status).toBe('inconclusive');
    expect(v.text).toBe('No grid LR finished without diverging, so there is no best LR to compare with.');
  });
});
