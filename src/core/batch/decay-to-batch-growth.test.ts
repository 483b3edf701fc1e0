import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decayToBatchGrowth } from './decay-to-batch-growth.js';
import { batchSchedule } from './batch-schedule.js';
import { fromSpec } from '../schedules/index.js';

describe('decayToBatchGrowth', () => {
  it('converts multistep γ = 0.2 at [60, 120, 160] (the CIFAR-10 schedule of Smith et al.) — table by hand', () => {
    // N = 50000, B₀ = 128, cap = N/10 = 5000, 200 epochs, lr 0.1.
    // 60: 128·5 = 640 ≤ 5000 → grow; 120: 128·25 = 3200 ≤ 5000 → grow; 160: 128·125 = 16000 > 5000 → LR ×0.2.
    // g = lr·N/B: 0.1·50000/128 = 39.0625; /640 → 7.8125; /3200 → 1.5625; 0.02·50000/3200 = 0.3125.
    // Original: 0.1, 0.02, 0.004, 0.0008 at B 128 → 39.0625, 7.8125, 1.5625, 0.3125 (equal).
    // Steps/epoch: ceil(50000/128) = ceil(390.6) = 391; /640 = 78.1 → 79; /3200 = 15.6 → 16.
    // Updates: original 200·391 = 78200; converted 60·391 + 60·79 + 40·16 + 40·16 = 23460 + 4740 + 640 + 640 = 29480.
    const plan = decayToBatchGrowth({
      lrSchedule: { type: 'multistep', lr: 0.1, milestones: [60, 120, 160], gamma: 0.2 },
      batchSize: 128, datasetSize: 50000, epochs: 200,
    });
    expect(plan.maxBatchSize).toBe(5000);
    expect(plan.batchSchedule).toEqual({ type: 'multistep', batchSize: 128, milestones: [60, 120], factor: 5 });
    expect(plan.lrSchedule).toEqual({ type: 'multistep', lr: 0.1, milestones: [160], gamma: 0.2, unit: 'epoch' });
    const rows = plan.table.map((r) => [r.epoch, r.endEpoch, r.lr, r.batchSize, r.noiseScale, r.stepsPerEpoch, r.originalLr, r.originalNoiseScale]);
    const expected = [
      [0, 60, 0.1, 128, 39.0625, 391, 0.1, 39.0625],
      [60, 120, 0.1, 640, 7.8125, 79, 0.02, 7.8125],
      [120, 160, 0.1, 3200, 1.5625, 16, 0.004, 1.5625],
      [160, 200, 0.02, 3200, 0.3125, 16, 0.0008, 0.3125],
    ];
    rows.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], 10)));
    expect(plan.table.every((r) => r.originalStepsPerEpoch === 391 && r.originalBatchSize === 128)).toBe(true);
    expect(plan.updates).toEqual({ original: 78200, converted: 29480 });
  });

  it('converts a step schedule; momentum scales both noise scales by 1/(1 − m)', () => {
    // step every 30 epochs, γ = 0.5, 100 epochs → milestones 30, 60, 90. N = 10000, cap 1000, B₀ = 200:
    // 400 ≤ 1000 grow, 800 ≤ 1000 grow, 1600 > 1000 → LR decays at 90.
    // m = 0.9: g = 0.1·10000/(200·0.1) = 50 at the start.
    const plan = decayToBatchGrowth({
      lrSchedule: { type: 'step', lr: 0.1, stepSize: 30, gamma: 0.5 },
      batchSize: 200, datasetSize: 10000, epochs: 100, momentum: 0.9,
    });
    expect(plan.batchSchedule).toEqual({ type: 'multistep', batchSize: 200, milestones: [30, 60], factor: 2 });
    expect(plan.lrSchedule).toEqual({ type: 'multistep', lr: 0.1, milestones: [90], gamma: 0.5, unit: 'epoch' });
    expect(plan.table[0].noiseScale).toBeCloseTo(50, 10);
    expect(plan.table.map((r) => r.noiseScale)).toEqual(plan.table.map((r) => expect.closeTo(r.originalNoiseScale, 10)));
  });

  it('keeps a constant LR when every milestone fits under the cap, and ignores milestones past the end', () => {
    // cap = 2000: 100 → 1000 at 10, 10000 would exceed, but milestone 50 ≥ epochs = 40 is ignored.
    const plan = decayToBatchGrowth({
      lrSchedule: { type: 'multistep', lr: 0.05, milestones: [50, 10] }, // gamma defaults to 0.1
      batchSize: 100, datasetSize: 20000, epochs: 40,
    });
    expect(plan.lrSchedule).toEqual({ type: 'constant', lr: 0.05, unit: 'epoch' });
    expect(plan.batchSchedule).toEqual({ type: 'multistep', batchSize: 100, milestones: [10], factor: 10 });
    expect(plan.table).toHaveLength(2);
  });

  it('its specs are valid: the LR spec for the schedule schema, the batch spec for batchSchedule', () => {
    const plan = decayToBatchGrowth({
      lrSchedule: { type: 'multistep', lr: 0.1, milestones: [60, 120, 160], gamma: 0.2 },
      batchSize: 128, datasetSize: 50000, epochs: 200,
    });
    // With unit 'epoch' and 1 step per epoch the schedule is evaluated per epoch.
    const { lr } = fromSpec(plan.lrSchedule, { stepsPerEpoch: 1 });
    expect([0, 159, 160].map(lr)).toEqual([0.1, 0.1, expect.closeTo(0.02, 12)]);
    expect(batchSchedule(plan.batchSchedule)(199)).toBe(3200);
  });

  it('keeps the noise scale ε·N/B equal to the original at every epoch (fast-check)', () => {
    const arb = fc.record({
      gamma: fc.constantFrom(0.1, 0.2, 0.25, 0.5),
      b0: fc.integer({ min: 1, max: 512 }),
      nFactor: fc.integer({ min: 10, max: 2000 }),
      milestones: fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 6 }),
      epochs: fc.integer({ min: 1, max: 60 }),
    });
    fc.assert(fc.property(arb, ({ gamma, b0, nFactor, milestones, epochs }) => {
      const n = b0 * nFactor;
      const plan = decayToBatchGrowth({ lrSchedule: { type: 'multistep', lr: 0.1, milestones, gamma }, batchSize: b0, datasetSize: n, epochs });
      const lr = fromSpec(plan.lrSchedule, { stepsPerEpoch: 1 }).lr, b = batchSchedule(plan.batchSchedule);
      for (let e = 0; e < epochs; e++) {
        // The original, recomputed from the definition: ε₀·γ^(milestones ≤ e)·N/B₀.
        const g0 = 0.1 * gamma ** milestones.filter((x) => x <= e).length * n / b0;
        const g = lr(e) * n / b(e);
        if (Math.abs(g / g0 - 1) > 1e-9 || b(e) > plan.maxBatchSize) return false;
      }
      return plan.updates.converted <= plan.updates.original;
    }));
  });

  it('matches the noise scale up to the rounding of B for any γ (fast-check)', () => {
    fc.assert(fc.property(fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.integer({ min: 1, max: 300 }), fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 5 }),
      (gamma, b0, milestones) => {
        const n = b0 * 1000;
        const plan = decayToBatchGrowth({ lrSchedule: { type: 'multistep', lr: 1, milestones, gamma }, batchSize: b0, datasetSize: n, epochs: 31 });
        return plan.table.every((r) => Math.abs(r.noiseScale / r.originalNoiseScale - 1) <= 0.5 / r.batchSize + 1e-9);
      }));
  });

  it('rejects bad input, naming the field', () => {
    const base = { batchSize: 128, datasetSize: 50000, epochs: 200 };
    expect(() => decayToBatchGrowth({ ...base, lrSchedule: { type: 'cosine', lr: 0.1, tMax: 10 } })).toThrow(/^lrSchedule\.type: must be one of step\|multistep/);
    expect(() => decayToBatchGrowth({ ...base, lrSchedule: { type: 'multistep', lr: 0.1, milestones: [1], gamma: 2 } })).toThrow(/^lrSchedule\.gamma: must be < 1/);
    expect(() => decayToBatchGrowth({ ...base, lrSchedule: { type: 'step', lr: 0.1 } })).toThrow(/^lrSchedule\.stepSize: is required$/);
    expect(() => decayToBatchGrowth({ ...base, datasetSize: 1000, lrSchedule: { type: 'step', lr: 0.1, stepSize: 5 } })).toThrow(/^maxBatchSize: must be >= batchSize \(128\); the default is floor\(datasetSize\/10\)$/);
    expect(() => decayToBatchGrowth({ ...base, momentum: 1, lrSchedule: { type: 'step', lr: 0.1, stepSize: 5 } })).toThrow(/^momentum: /);
    expect(() => decayToBatchGrowth({ ...base, lrSchedule: { type: 'step', lr: 0.1, stepSize: 5, unit: 'step' } })).toThrow(/^lrSchedule\.unit: must be "epoch"/);
    expect(() => decayToBatchGrowth({ ...base, epochs: 0, lrSchedule: { type: 'step', lr: 0.1, stepSize: 5 } })).toThrow(/^epochs: /);
  });
});
