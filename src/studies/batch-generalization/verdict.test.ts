import { describe, expect, it } from 'vitest';
import { generalizationVerdict, type BatchRow } from './verdict.js';

describe('generalizationVerdict', () => {
  const row = (batchSize: number, valAccuracy: number, trainAccuracy: number): BatchRow => ({ batchSize, lr: 0.001, valAccuracy, trainAccuracy, valSpread: 0 });
  it('confirmed: large batch loses test accuracy while training accuracy holds', () => {
    // N = 1000 → large from 100; ref batch 16 (0.95); batch 500: −3 pp test, −0.2 pp train
    const v = generalizationVerdict([row(16, 0.95, 1), row(64, 0.948, 1), row(500, 0.92, 0.998)], 1000);
    expect(v.status).toBe('confirmed');
    expect(v.criticalBatch).toBe(500);
  });
  it('nuanced: training accuracy falls as much (under-trained, not a generalization gap)', () => {
    const v = generalizationVerdict([row(16, 0.95, 1), row(100, 0.94, 0.99), row(500, 0.90, 0.94)], 1000);
    expect(v.status).toBe('nuanced');
    expect(v.criticalBatch).toBe(100); // first batch above 16 more than 0.5 pp down
  });
  it('refuted: no batch ≥ 10% of N is worse by more than the tolerance', () => {
    // tolerance = mean spread (0.03 + 0.01)/2 = 0.02 > the 1.5 pp drop
    const v = generalizationVerdict([{ ...row(16, 0.95, 1), valSpread: 0.03 }, { ...row(500, 0.935, 0.99), valSpread: 0.01 }], 1000);
    expect(v.tolerance).toBeCloseTo(0.02, 12);
    expect(v.status).toBe('refuted');
  });
  it('inconclusive without both small and large batches', () => {
    expect(generalizationVerdict([row(16, 0.9, 1), row(32, 0.9, 1)], 1000).status).toBe('inconclusive');
  });
});
