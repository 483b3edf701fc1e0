import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SpecError } from '../spec-error.js';
import { accuracyRangeTest } from './accuracy-test.js';
import { CurveTrainer, QuadraticTrainer } from '../../testing/index.js';

const schedulesIndex = fileURLToPath(new URL('../schedules/index.ts', import.meta.url));

/** Accuracy rises linearly to 0.9 at lr = 0.3, stays there until 0.5, then falls. */
const acc = (lr: number): number => 0.5 + (0.4 * Math.min(lr, 0.3)) / 0.3 - 2 * Math.max(0, lr - 0.5);

describe('accuracyRangeTest', () => {
  it('maxLr is where accuracy reaches its plateau; baseLr = maxLr / 3; a ready triangular2 spec', async () => {
    // T = 4 epochs × 50 = 200 steps, 16 evaluations after steps round(12.5·j).
    // lr_t = 0.01 + 0.99·t/199. Peak 0.9; within 0.005 of it needs lr ≥ 0.3·0.395/0.4 = 0.29625,
    // i.e. t ≥ 57.6: the first evaluation past it is j = 5, after step round(62.5) = 63, t = 62.
    const t = new CurveTrainer({ loss: () => 1, accuracy: acc, stepsPerEpoch: 50 });
    const r = await accuracyRangeTest(t, { startLr: 0.01, endLr: 1, epochs: 4, evalsPerEpoch: 4, stepEpochs: 4 });
    const maxLr = 0.01 + (0.99 * 62) / 199;
    expect(r.evalSteps.slice(0, 5)).toEqual([13, 25, 38, 50, 63]);
    expect(r.lrs.length).toBe(16);
    expect(r.maxLr).toBeCloseTo(maxLr, 14);
    expect(r.baseLr).toBeCloseTo(maxLr / 3, 14);
    expect(r.peakAccuracy).toBeCloseTo(0.9, 14);
    expect(r.clr).toEqual({ type: 'cyclic', baseLr: r.baseLr, maxLr: r.maxLr, stepSizeUp: 200, mode: 'triangular2' });
    expect(r.verdict.status).toBe('usable');
    expect(t.step).toBe(0);
    expect(t.liveSnapshots).toBe(0);
  });

  it('baseDiv 4 and stepEpochs 10', async () => {
    const t = new CurveTrainer({ loss: () => 1, accuracy: acc, stepsPerEpoch: 50 });
    const r = await accuracyRangeTest(t, { startLr: 0.01, endLr: 1, baseDiv: 4, stepEpochs: 10 });
    expect(r.baseLr).toBe(r.maxLr! / 4);
    expect(r.clr!.stepSizeUp).toBe(500);
  });

  it('stops on a NaN loss and restores the trainer exactly', async () => {
    const t = new QuadraticTrainer({ a: 0.1, w0: 1, noise: 0.01, stepsPerEpoch: 100 });
    const before = t.fingerprint();
    // SGD on ½·0.1·w² diverges for lr > 2/a = 20; past it w grows by |1 − 0.1·lr| (up to 9)
    // per step, so w² overflows to Infinity long before lr = 100.
    const r = await accuracyRangeTest(t, { startLr: 1e-3, endLr: 100, epochs: 4, evalsPerEpoch: 20 });
    expect(r.stopReason).toBe('nan');
    expect(r.stopLr!).toBeGreaterThan(20);
    expect(r.maxLr!).toBeLessThan(20);
    expect(t.fingerprint()).toBe(before);
    expect(t.liveSnapshots).toBe(0);
  });

  it('flat accuracy → unusable', async () => {
    const r = await accuracyRangeTest(new CurveTrainer({ loss: () => 1, accuracy: () => 0.5, stepsPerEpoch: 20 }), {});
    expect(r.verdict.status).toBe('unusable');
    expect(r.clr).toBeNull();
  });

  it('rejects bad options, naming the field', async () => {
    const t = new CurveTrainer({ loss: () => 1, accuracy: acc, stepsPerEpoch: 10 });
    await expect(accuracyRangeTest(t, { stepEpochs: 1 })).rejects.toThrow('stepEpochs: must be an integer from 2 to 10');
    await expect(accuracyRangeTest(t, { stepEpochs: 11 })).rejects.toThrow('stepEpochs: must be an integer from 2 to 10');
    await expect(accuracyRangeTest(t, { baseDiv: 5 as 3 })).rejects.toThrow('baseDiv: must be 3 or 4');
    await expect(accuracyRangeTest(t, { startLr: 1, endLr: 0.1 })).rejects.toThrow('endLr: must be greater than startLr');
    await expect(accuracyRangeTest(t, { evalsPerEpoch: 11 })).rejects.toThrow('evalsPerEpoch: must be at most the steps per epoch (10)');
    const noEval = new CurveTrainer({ loss: () => 1 });
    (noEval as { evaluate?: unknown }).evaluate = undefined;
    await expect(accuracyRangeTest(noEval, {})).rejects.toThrow(SpecError);
  });

  it.skipIf(!existsSync(schedulesIndex))('the cyclic spec parses with the schedule schema and cycles baseLr → maxLr', async () => {
    const mod = (await import(/* @vite-ignore */ schedulesIndex)) as { fromSpec: (j: unknown) => { lr: (t: number) => number } };
    const r = await accuracyRangeTest(new CurveTrainer({ loss: () => 1, accuracy: acc, stepsPerEpoch: 50 }), { startLr: 0.01, endLr: 1 });
    const s = mod.fromSpec(r.clr);
    // triangular: base at step 0, max after stepSizeUp = 4 · 50 = 200 steps
    expect(s.lr(0)).toBeCloseTo(r.baseLr!, 12);
    expect(s.lr(200)).toBeCloseTo(r.maxLr!, 12);
  });
});
