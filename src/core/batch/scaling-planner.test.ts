import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planScaling } from './scaling-planner.js';
import { fromSpec } from '../schedules/index.js';

describe('planScaling', () => {
  it('linear rule: 128 → 4096 is k = 32, lr 0.1 → 3.2, 5 warmup epochs', () => {
    // k = 4096/128 = 32; lr = 0.1·32 = 3.2; stepsPerEpoch = ceil(50000/4096) = ceil(12.207) = 13;
    // warmupSteps = 5·13 = 65; startFactor = 0.1/3.2 = 0.03125.
    const plan = planScaling({ fromBatch: 128, fromLr: 0.1, toBatch: 4096, datasetSize: 50000 });
    expect(plan.k).toBe(32);
    expect(plan.factor).toBe(32);
    expect(plan.lr).toBeCloseTo(3.2, 12);
    expect(plan.stepsPerEpoch).toBe(13);
    expect(plan.warmupSteps).toBe(65);
    expect(plan.schedule).toEqual({
      type: 'sequence',
      parts: [
        { schedule: { type: 'linear', lr: plan.lr, startFactor: 0.1 / plan.lr, endFactor: 1, totalIters: 65 }, steps: 65 },
        { schedule: { type: 'constant', lr: plan.lr } },
      ],
    });
    expect((plan.schedule as { parts: Array<{ schedule: { startFactor?: number } }> }).parts[0].schedule.startFactor).toBeCloseTo(0.03125, 12);
  });

  it('sqrt rule: 0.1·√32 = 0.5657', () => {
    // √32 = 5.656854…; lr = 0.5656854.
    const plan = planScaling({ fromBatch: 128, fromLr: 0.1, toBatch: 4096, rule: 'sqrt', stepsPerEpoch: 10, warmupEpochs: 2 });
    expect(plan.factor).toBeCloseTo(5.656854249, 8);
    expect(plan.lr).toBeCloseTo(0.5657, 4);
    expect(plan.warmupSteps).toBe(20);
  });

  it('its schedule is valid for the schedule schema and ramps fromLr → lr, then holds', () => {
    // Warmup over 65 steps: step 0 = 0.1, step 65 = 3.2, halfway (32.5 is not a step) step 13 =
    // 0.1 + (3.2 − 0.1)·13/65 = 0.1 + 0.62 = 0.72; step 1000 = 3.2.
    const plan = planScaling({ fromBatch: 128, fromLr: 0.1, toBatch: 4096, stepsPerEpoch: 13 });
    const { lr } = fromSpec(plan.schedule);
    expect(lr(0)).toBeCloseTo(0.1, 12);
    expect(lr(13)).toBeCloseTo(0.72, 12);
    expect(lr(65)).toBeCloseTo(3.2, 12);
    expect(lr(1000)).toBeCloseTo(3.2, 12);
  });

  it('warns past the critical batch (with the expected speed-up) and past 10% of the data', () => {
    // B_crit = 1024: steps ∝ 1 + 1024/B, speed-up 128 → 4096 = (1 + 8)/(1 + 0.25) = 7.2, not 32.
    const plan = planScaling({ fromBatch: 128, fromLr: 0.1, toBatch: 4096, datasetSize: 30000, criticalBatch: 1024 });
    expect(plan.warnings).toHaveLength(2);
    expect(plan.warnings[0]).toContain('exceeds the critical batch size 1024');
    expect(plan.warnings[0]).toContain('7.2× fewer steps, not 32×');
    expect(plan.warnings[1]).toContain('exceeds 10% of the data set (30000 examples)');
    expect(planScaling({ fromBatch: 128, fromLr: 0.1, toBatch: 512, datasetSize: 60000, criticalBatch: 1024 }).warnings).toEqual([]);
  });

  it('does not warm up when the batch does not grow', () => {
    const plan = planScaling({ fromBatch: 256, fromLr: 0.2, toBatch: 64, stepsPerEpoch: 100 });
    // k = 0.25 → lr = 0.05, constant.
    expect(plan.lr).toBeCloseTo(0.05, 12);
    expect(plan.warmupSteps).toBe(0);
    expect(plan.schedule).toEqual({ type: 'constant', lr: plan.lr });
  });

  it('scales exactly by k or √k for any sizes (fast-check)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1 << 14 }), fc.integer({ min: 1, max: 1 << 14 }), fc.double({ min: 1e-5, max: 10, noNaN: true }),
      (from, to, lr0) => {
        const lin = planScaling({ fromBatch: from, fromLr: lr0, toBatch: to, stepsPerEpoch: 7 });
        const sq = planScaling({ fromBatch: from, fromLr: lr0, toBatch: to, stepsPerEpoch: 7, rule: 'sqrt' });
        return Math.abs(lin.lr / (lr0 * to / from) - 1) < 1e-12 && Math.abs(sq.lr / (lr0 * Math.sqrt(to / from)) - 1) < 1e-12 &&
          fromSpec(lin.schedule).lr(0) > 0;
      }), { numRuns: 100 });
  });

  it('rejects bad options, naming the field', () => {
    expect(() => planScaling({ fromBatch: 128, fromLr: 0.1, toBatch: 4096 })).toThrow(/^stepsPerEpoch: is required unless datasetSize is given$/);
    expect(() => planScaling({ fromBatch: 0, fromLr: 0.1, toBatch: 4096, stepsPerEpoch: 1 })).toThrow(/^fromBatch: /);
    expect(() => planScaling({ fromBatch: 128, fromLr: -1, toBatch: 4096, stepsPerEpoch: 1 })).toThrow(/^fromLr: /);
    expect(() => planScaling({ fromBatch: 128, fromLr: 0.1, toBatch: 4096, stepsPerEpoch: 1, rule: 'cube' as 'sqrt' })).toThrow(/^rule: must be one of linear\|sqrt$/);
    expect(() => planScaling({ fromBatch: 128, fromLr: 0.1, toBatch: 4096, datasetSize: 1000 })).toThrow(/^toBatch: must be <= datasetSize \(1000\)$/);
    expect(() => planScaling({ fromBatch: 128, fromLr: 0.1, toBatch: 256, stepsPerEpoch: 1, warmupEpochs: -1 })).toThrow(/^warmupEpochs: /);
  });
});
