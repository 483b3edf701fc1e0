import { describe, expect, it } from 'vitest';
import { recommendBatchSize } from './recommend-batch.js';

describe('recommendBatchSize', () => {
  it('takes the largest power of two ≤ B_simple and scales the LR to it', () => {
    // B_simple = 700 → 512 (2^9 = 512 ≤ 700 < 1024); k = 512/128 = 4 → lr 0.05·4 = 0.2.
    const r = recommendBatchSize({ estimate: { bSimple: 700, lower: 500, status: 'ok' }, datasetSize: 60000, fromBatch: 128, fromLr: 0.05 });
    expect(r.batchSize).toBe(512);
    expect(r.basis).toBe('bSimple');
    expect(r.reason).toBe('largest power of two ≤ B_simple 700');
    expect(r.plan?.lr).toBeCloseTo(0.2, 12);
    expect(r.plan?.warnings).toEqual([]);
  });

  it('caps at N/10 and maxBatchSize', () => {
    // N = 5000 → cap 500 → 256; maxBatchSize 100 → 64.
    expect(recommendBatchSize({ estimate: { bSimple: 3000, lower: 2000, status: 'ok' }, datasetSize: 5000 }).batchSize).toBe(256);
    const r = recommendBatchSize({ estimate: { bSimple: 3000, lower: 2000, status: 'ok' }, datasetSize: 5000, maxBatchSize: 100 });
    expect(r.batchSize).toBe(64);
    expect(r.reason).toBe('largest power of two ≤ the cap 100');
  });

  it('uses the lower bound when noise-dominated, and 1 with no noise', () => {
    // lower = 3000 → 2048.
    const r = recommendBatchSize({ estimate: { bSimple: Infinity, lower: 3000, status: 'noise-dominated' }, datasetSize: 1e6 });
    expect(r).toMatchObject({ batchSize: 2048, basis: 'lower-bound' });
    expect(recommendBatchSize({ estimate: { bSimple: 0, lower: 0, status: 'no-noise' } })).toMatchObject({ batchSize: 1, basis: 'no-noise' });
    // B_simple below 1 still recommends 1.
    expect(recommendBatchSize({ estimate: { bSimple: 0.3, lower: 0.2, status: 'ok' } }).batchSize).toBe(1);
  });

  it('rejects bad caps, naming the field', () => {
    expect(() => recommendBatchSize({ estimate: { bSimple: Infinity, lower: Infinity, status: 'noise-dominated' } })).toThrow(/^maxBatchSize: is required/);
    expect(() => recommendBatchSize({ estimate: { bSimple: 10, lower: 5, status: 'ok' }, datasetSize: 0 })).toThrow(/^datasetSize: /);
    expect(() => recommendBatchSize({ estimate: { bSimple: 10, lower: 5, status: 'ok' }, maxBatchSize: 2.5 })).toThrow(/^maxBatchSize: /);
  });
});
