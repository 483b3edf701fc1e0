import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DIVERGENCE_PEAK_WEIGHT, divergencePeak, ONECYCLE_PEAK_FACTOR, recommendSchedule } from './recommend.js';

const schedulesIndex = fileURLToPath(new URL('../schedules/index.ts', import.meta.url));

describe('recommendSchedule', () => {
  it('onecycle peaks at 3 × the suggestion over the whole budget; peakFactor 1 at the suggestion', () => {
    expect(ONECYCLE_PEAK_FACTOR).toBe(3);
    const r = recommendSchedule({ lr: 0.05, stepsPerEpoch: 469, epochs: 5 });
    // N = 469 × 5 = 2345; peak 3 × 0.05 = 0.15
    expect(r.spec).toEqual({ type: 'onecycle', maxLr: 3 * 0.05, totalSteps: 2345, pctStart: 0.3, annealStrategy: 'cos', divFactor: 25, finalDivFactor: 1e4 });
    expect(r.rule).toContain('peaking at 3 × the suggested lr 0.0500 = 0.150');
    expect(r.rule).toContain('2345 steps');
    const one = recommendSchedule({ lr: 0.05, stepsPerEpoch: 469, epochs: 5, peakFactor: 1 });
    expect(one.spec).toMatchObject({ maxLr: 0.05 });
    expect(one.rule).toContain('peaking at the suggested lr 0.0500');
  });

  it('warmup-cosine warms up over 5% of the steps then decays over the rest', () => {
    // N = 100 × 3 = 300, W = round(15) = 15, cosine tMax = 285; peak = 2 × 0.01 = 0.02.
    const r = recommendSchedule({ lr: 0.01, stepsPerEpoch: 100, epochs: 3, kind: 'warmup-cosine', peakFactor: 2 });
    expect(r.spec).toEqual({
      type: 'sequence',
      parts: [
        { schedule: { type: 'linear', lr: 0.02, startFactor: 0.01, endFactor: 1, totalIters: 15 }, steps: 15 },
        { schedule: { type: 'cosine', lr: 0.02, tMax: 285, etaMin: 0 } },
      ],
    });
    expect(r.rule).toContain('2 × the suggested lr 0.0100 = 0.0200');
  });

  it('a tiny budget warms up for at least one step', () => {
    const r = recommendSchedule({ lr: 0.1, stepsPerEpoch: 10, epochs: 1, kind: 'warmup-cosine' });
    // N = 10, W = max(1, round(0.5)) = 1 (Math.round(0.5) = 1), tMax = 9
    expect(r.spec.type === 'sequence' && r.spec.parts[0].steps).toBe(1);
  });

  it.each([
    [{ lr: 0, stepsPerEpoch: 10, epochs: 2 }, 'lr: must be a positive number'],
    [{ lr: 0.1, stepsPerEpoch: 0, epochs: 2 }, 'stepsPerEpoch: must be an integer >= 1'],
    [{ lr: 0.1, stepsPerEpoch: 10, epochs: 1.5 }, 'epochs: must be an integer >= 1'],
    [{ lr: 0.1, stepsPerEpoch: 3, epochs: 3 }, 'epochs: must give at least 10 steps (epochs × stepsPerEpoch = 9)'],
    [{ lr: 0.1, stepsPerEpoch: 10, epochs: 2, kind: 'cosine' as 'onecycle' }, "kind: must be 'onecycle' or 'warmup-cosine'"],
    [{ lr: 0.1, stepsPerEpoch: 10, epochs: 2, peakFactor: -1 }, 'peakFactor: must be a positive number'],
  ])('rejects %j', (input, msg) => {
    expect(() => recommendSchedule(input)).toThrow(msg);
  });

  it.skipIf(!existsSync(schedulesIndex))('both specs parse with the schedule schema and peak at the chosen LR', async () => {
    const mod = (await import(/* @vite-ignore */ schedulesIndex)) as { fromSpec: (j: unknown) => { lr: (t: number) => number } };
    const one = mod.fromSpec(recommendSchedule({ lr: 0.05, stepsPerEpoch: 100, epochs: 5, peakFactor: 1 }).spec);
    // onecycle reaches maxLr at the end of its first phase, step 0.3·500 − 1 = 149 (PyTorch)
    expect(one.lr(149)).toBeCloseTo(0.05, 10);
    expect(one.lr(0)).toBeCloseTo(0.05 / 25, 10);
    const wc = mod.fromSpec(recommendSchedule({ lr: 0.05, stepsPerEpoch: 100, epochs: 5, kind: 'warmup-cosine' }).spec);
    // W = 25: linear part ends at lr; cosine part starts at lr and ends at 0 after 475 steps
    expect(wc.lr(0)).toBeCloseTo(0.0005, 12);
    expect(wc.lr(25)).toBeCloseTo(0.05, 12);
    expect(wc.lr(500)).toBeCloseTo(0, 12);
  });
});

describe('divergencePeak', () => {
  it('puts the peak a quarter of the way, in log LR, from the suggestion to the divergence LR', () => {
    expect(DIVERGENCE_PEAK_WEIGHT).toBe(0.25);
    // 2.56 / 0.01 = 256 = 4^4, so the factor is exactly 4: peak 0.04.
    const p = divergencePeak(0.01, 2.56);
    expect(p.factor).toBeCloseTo(4, 12);
    expect(p.peak).toBeCloseTo(0.04, 12);
    expect(p.rule).toContain('divergence lr 2.56');
    // 1e4 × apart: factor 10^(4/4) = 10.
    expect(divergencePeak(1e-4, 1).peak).toBeCloseTo(1e-3, 15);
  });

  it('falls back to ONECYCLE_PEAK_FACTOR × lr when the range test did not diverge', () => {
    const p = divergencePeak(0.02, null);
    expect(p.peak).toBeCloseTo(ONECYCLE_PEAK_FACTOR * 0.02, 15);
    expect(p.rule).toContain('did not diverge');
  });

  it('rejects a non-positive lr or divergence LR, naming the field', () => {
    expect(() => divergencePeak(0, 1)).toThrow(/lr: must be a positive number/);
    expect(() => divergencePeak(0.01, -1)).toThrow(/stopLr: must be a positive number or null/);
  });
});
