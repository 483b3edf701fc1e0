import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { batchSchedule } from './batch-schedule.js';

describe('batchSchedule', () => {
  it('constant gives the same batch size at every epoch', () => {
    const b = batchSchedule({ type: 'constant', batchSize: 256 });
    expect([0, 1, 99].map(b)).toEqual([256, 256, 256]);
  });

  it('multistep grows by factor at each milestone reached (hand values)', () => {
    // 128 until epoch 59; ×5 = 640 from 60; ×25 = 3200 from 120; ×125 = 16000 from 160.
    const b = batchSchedule({ type: 'multistep', batchSize: 128, milestones: [160, 60, 120], factor: 5 });
    expect([0, 59, 60, 119, 120, 159, 160, 500].map(b)).toEqual([128, 128, 640, 640, 3200, 3200, 16000, 16000]);
  });

  it('maxBatchSize caps the growth; a repeated milestone counts twice', () => {
    // 100·2² = 400 at epoch 3 (milestone 3 twice), capped to 300.
    const b = batchSchedule({ type: 'multistep', batchSize: 100, milestones: [3, 3], factor: 2, maxBatchSize: 300 });
    expect([2, 3].map(b)).toEqual([100, 300]);
    const uncapped = batchSchedule({ type: 'multistep', batchSize: 100, milestones: [3, 3], factor: 2 });
    expect(uncapped(3)).toBe(400);
  });

  it('rounds the product, not each step: 100·1.5³ = 337.5 → 338', () => {
    const b = batchSchedule({ type: 'multistep', batchSize: 100, milestones: [1, 2, 3], factor: 1.5 });
    // 100·1.5 = 150, ·1.5² = 225, ·1.5³ = 337.5 → Math.round → 338.
    expect([0, 1, 2, 3].map(b)).toEqual([100, 150, 225, 338]);
  });

  it('is monotone non-decreasing, integer and within [batchSize, maxBatchSize] (fast-check)', () => {
    const spec = fc.record({
      batchSize: fc.integer({ min: 1, max: 4096 }),
      milestones: fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 6 }),
      factor: fc.double({ min: 1, max: 10, noNaN: true }),
      extra: fc.integer({ min: 0, max: 1 << 20 }),
    });
    fc.assert(fc.property(spec, ({ batchSize, milestones, factor, extra }) => {
      const max = batchSize + extra;
      const b = batchSchedule({ type: 'multistep', batchSize, milestones, factor, maxBatchSize: max });
      let prev = 0;
      for (let e = 0; e <= 55; e++) {
        const v = b(e);
        if (!Number.isInteger(v) || v < prev || v < batchSize || v > max) return false;
        prev = v;
      }
      return true;
    }));
  });

  it('rejects invalid specs, naming the field', () => {
    expect(() => batchSchedule({ type: 'linear', batchSize: 1 })).toThrow(/^type: must be one of constant\|multistep/);
    expect(() => batchSchedule({ type: 'constant', batchSize: 0 })).toThrow(/^batchSize: must be a positive integer$/);
    expect(() => batchSchedule({ type: 'constant' })).toThrow(/^batchSize: is required$/);
    expect(() => batchSchedule({ type: 'multistep', batchSize: 8, milestones: [1, -2], factor: 2 })).toThrow(/^milestones\[1\]: /);
    expect(() => batchSchedule({ type: 'multistep', batchSize: 8, milestones: [1], factor: 0.5 })).toThrow(/^factor: must be a number >= 1$/);
    expect(() => batchSchedule({ type: 'multistep', batchSize: 8, milestones: [1], factor: 2, maxBatchSize: 4 })).toThrow(/^maxBatchSize: must be >= batchSize \(8\)$/);
    expect(() => batchSchedule({ type: 'constant', batchSize: 8, gamma: 2 })).toThrow(/^gamma: unknown field/);
    expect(() => batchSchedule({ type: 'multistep', batchSize: 8, milestones: Array(60).fill(1), factor: 10 })).toThrow(/^factor: /);
    expect(() => batchSchedule({ type: 'constant', batchSize: 8 })(-1)).toThrow(/^epoch: must be a number >= 0$/);
  });
});
