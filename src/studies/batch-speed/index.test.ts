import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend.js';
import { batchSpeed, lossChangeStd } from './index.js';
import { runTrial } from '../../trial/run-trial.js';
import type { StudyContext } from '../study.js';

describe('lossChangeStd', () => {
  it('is the std of the step-to-step changes over the second half', () => {
    // [4, 3, 2, 2, 3, 2], from 0.5 → [2, 3, 2] → changes [1, −1] → mean 0 → std √((1 + 1) / 2) = 1.
    expect(lossChangeStd([4, 3, 2, 2, 3, 2])).toBe(1);
    // A straight line changes by the same amount every step: std 0.
    expect(lossChangeStd([10, 9, 8, 7, 6, 5, 4, 3])).toBe(0);
  });

  it('is NaN with fewer than 3 points in the tail', () => {
    expect(lossChangeStd([1, 2, 3, 4])).toBeNaN();
  });

  it('property: ignores a constant offset and scales with the losses', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 6, maxLength: 50 }), fc.double({ min: 0.1, max: 10, noNaN: true }), (l, k) => {
      const s = lossChangeStd(l);
      expect(lossChangeStd(l.map((v) => v + 3))).toBeCloseTo(s, 9);
      expect(lossChangeStd(l.map((v) => v * k))).toBeCloseTo(s * k, 9);
    }));
  });
});

describe('batch-speed study', () => {
  it('presets satisfy the schema; bad configs are rejected', () => {
    for (const p of ['quick', 'full'] as const) expect(batchSpeed.configSchema.safeParse(batchSpeed.presets[p]).success).toBe(true);
    const q = batchSpeed.presets.quick;
    expect(batchSpeed.configSchema.safeParse({ ...q, batchSizes: [64, 32, 128] }).success).toBe(false);
    expect(batchSpeed.configSchema.safeParse({ ...q, batchSizes: [32, 64] }).success).toBe(false);
    expect(batchSpeed.configSchema.safeParse({ ...q, lr: 0 }).success).toBe(false);
    expect(batchSpeed.configSchema.safeParse({ ...q, extra: 1 }).success).toBe(false);
  });

  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('end to end on synthetic data with in-process trials: figures, one table row per batch size, a computed verdict', async () => {
    const ctx: StudyContext = {
      preset: 'quick', seed: 0, backend: 'wasm', jobs: 1, outDir: '/nonexistent',
      runTrials: (trials) => Promise.all(trials.map((t) => runTrial(t))),
      progress: () => {},
    };
    const config = { ...batchSpeed.presets.quick, data: 'synthetic', trainSize: 800, valSize: 200, hidden: [8], batchSizes: [8, 32, 128] };
    const out = await batchSpeed.run(batchSpeed.configSchema.parse(config), ctx);
    expect(out.figures.map((f) => f.id)).toEqual(['samples-per-second', 'seconds-per-epoch', 'loss-change-std', 'loss-curves']);
    expect(out.table?.rows.map((r) => r[0])).toEqual([8, 32, 128]);
    expect(out.table?.rows.map((r) => r[1])).toEqual([100, 25, 7]); // ceil(800 / b)
    expect(['confirmed', 'refuted', 'nuanced', 'inconclusive']).toContain(out.verdict.status);
    expect(out.verdict.text).toMatch(/batch 8/);
    expect((out.data.trials as unknown[]).length).toBe(6);
  });
});
