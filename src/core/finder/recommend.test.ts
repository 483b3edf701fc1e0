import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ONECYCLE_PEAK_FACTOR, recommendSchedule } from './recommend.js';

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
