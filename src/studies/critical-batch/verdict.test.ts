import { describe, expect, it } from 'vitest';
import { fitCriticalBatch } from '../../core/batch/index.js';
import { criticalBatchVerdict } from './verdict.js';

describe('criticalBatchVerdict', () => {
  // Exact points of S = 500·(1 + 128/B): the fit recovers B_crit = 128.
  const points = [32, 64, 128, 256, 512, 1024].map((b) => ({ batchSize: b, steps: 500 * (1 + 128 / b) }));
  const fit = fitCriticalBatch(points);
  const noise = (bSimple: number, spread = 1.2) => ({ bSimple, lower: bSimple / spread, upper: bSimple * spread, status: 'ok' as const });
  const base = { fit, reached: 6, total: 6, noiseAtTarget: true };

  it('confirms within 2×, says which way it misses otherwise', () => {
    expect(fit.bCrit).toBeCloseTo(128, 3);
    // 128/200 = 0.64 → factor 1.5625 ≤ 2
    const ok = criticalBatchVerdict({ ...base, noise: noise(200) });
    expect(ok.status).toBe('confirmed');
    expect(ok.comparison?.factor).toBeCloseTo(200 / 128, 3);
    // 1000/128 = 7.8 → within 10×: nuanced, B_simple overestimates
    const over = criticalBatchVerdict({ ...base, noise: noise(1000) });
    expect(over.status).toBe('nuanced');
    expect(over.text).toContain('B_simple overestimates B_crit by 7.81×');
    // 128/10 = 12.8× under, tight intervals → refuted
    const under = criticalBatchVerdict({ ...base, noise: noise(10, 1.1) });
    expect(under.status).toBe('refuted');
    expect(under.text).toContain('underestimates');
  });

  it('adds the run-averaged prediction with its factor', () => {
    // 128 vs 160: factor 1.25
    const v = criticalBatchVerdict({ ...base, noise: noise(1000), runAverage: { bCrit: 160, sMin: 450 } });
    expect(v.status).toBe('nuanced');
    expect(v.text).toContain('predicts B_crit ≈ 160 (within 2× of the fit, factor 1.25) and S_min ≈ 450 steps (fit: 500)');
    expect(v.text).not.toContain('the cap');
    expect(criticalBatchVerdict({ ...base, noise: noise(1000), lrCappedFrom: 256 }).text).toContain('From batch 256 on, the best LR was the cap');
  });

  it('a 20× miss whose widened intervals overlap is nuanced, not refuted', () => {
    // B_simple 2560 ∈ [100, 1e5]; B_crit interval (exact fit) ≈ [128, 128] → 2·128 = 256 ≥ 100
    const v = criticalBatchVerdict({ ...base, noise: { bSimple: 2560, lower: 100, upper: 1e5, status: 'ok' } });
    expect(v.status).toBe('nuanced');
  });

  it('is inconclusive with too few batch sizes, a boundary fit or no noise estimate', () => {
    expect(criticalBatchVerdict({ ...base, reached: 2, noise: noise(200) }).status).toBe('inconclusive');
    expect(criticalBatchVerdict({ ...base, fit: null, reached: 0, noise: noise(200) }).status).toBe('inconclusive');
    // S ∝ 1/B exactly: perfect scaling, B_crit above the range
    const perfect = fitCriticalBatch([16, 64, 256].map((b) => ({ batchSize: b, steps: 1e5 / b })));
    expect(perfect.boundary).toBe('perfect-scaling');
    expect(criticalBatchVerdict({ ...base, fit: perfect, noise: noise(200) }).text).toContain('above the largest batch size');
    expect(criticalBatchVerdict({ ...base, noise: { bSimple: 0, lower: 0, upper: 3, status: 'no-noise' } }).status).toBe('inconclusive');
  });
});
