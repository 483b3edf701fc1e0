import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend.js';
import { batchSpeed, batchSpeedVerdict, lossChangeStd, spearman, type BatchSpeedRow } from './batch-speed.js';
import { runTrial } from './run-trial.js';
import type { StudyContext } from './study.js';

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

describe('spearman', () => {
  it('hand-computed values', () => {
    // ranks [1,2,3] vs [1,3,2]: Σd² = 0 + 1 + 1 = 2 → 1 − 6·2 / (3·(9 − 1)) = 0.5.
    expect(spearman([1, 2, 3], [10, 30, 20])).toBeCloseTo(0.5, 12);
    expect(spearman([1, 2, 3, 4], [1, 10, 100, 1000])).toBe(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    expect(spearman([1, 2, 3], [5, 5, 5])).toBeNaN();
  });

  it('property: equals 1 − 6Σd²/(n(n²−1)) for distinct values, and a monotone map of x leaves it unchanged', () => {
    const distinct = fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 3, maxLength: 20 });
    fc.assert(fc.property(distinct, distinct, (a, b) => {
      const n = Math.min(a.length, b.length);
      const xs = a.slice(0, n), ys = b.slice(0, n);
      const rank = (v: number[]) => v.map((x) => v.filter((y) => y < x).length + 1);
      const rx = rank(xs), ry = rank(ys);
      const d2 = rx.reduce((s, r, i) => s + (r - ry[i]) ** 2, 0);
      const expected = 1 - (6 * d2) / (n * (n * n - 1));
      expect(spearman(xs, ys)).toBeCloseTo(expected, 9);
      expect(spearman(xs.map((x) => Math.exp(x / 100)), ys)).toBeCloseTo(expected, 9);
    }));
  });
});

const row = (batchSize: number, sps: number, std: number, acc: number): BatchSpeedRow => {
  const s = (v: number) => ({ mean: v, min: v, max: v });
  return { batchSize, stepsPerEpoch: 4096 / batchSize, secondsPerEpoch: s(4096 / sps), samplesPerSecond: s(sps), lossChangeStd: s(std), valAccuracy: s(acc), failed: 0 };
};

describe('batchSpeedVerdict', () => {
  it('confirmed: faster and smoother, accuracy kept', () => {
    const v = batchSpeedVerdict([row(16, 1000, 0.3, 0.9), row(64, 3000, 0.2, 0.9), row(256, 6000, 0.1, 0.89)]);
    expect(v.status).toBe('confirmed');
    expect(v.speedTrend).toBe(1);
    expect(v.noiseTrend).toBe(-1);
    expect(v.text).toMatch(/1000 samples\/s at batch 16 to 6000 at batch 256 \(×6\.0/);
  });

  it('nuanced: faster and smoother, but the largest batch ends 2+ points lower', () => {
    expect(batchSpeedVerdict([row(16, 1000, 0.3, 0.9), row(64, 3000, 0.2, 0.88), row(256, 6000, 0.1, 0.85)]).status).toBe('nuanced');
  });

  it('nuanced when only one trend holds, refuted when neither does', () => {
    expect(batchSpeedVerdict([row(16, 1000, 0.1, 0.9), row(64, 3000, 0.3, 0.9), row(256, 6000, 0.2, 0.9)]).status).toBe('nuanced');
    expect(batchSpeedVerdict([row(16, 6000, 0.1, 0.9), row(64, 3000, 0.2, 0.9), row(256, 1000, 0.3, 0.9)]).status).toBe('refuted');
  });

  it('inconclusive with fewer than 3 measured batch sizes', () => {
    expect(batchSpeedVerdict([row(16, 1000, 0.3, 0.9), row(64, NaN, NaN, NaN), row(256, 6000, 0.1, 0.9)]).status).toBe('inconclusive');
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
