import { describe, expect, it } from 'vitest';
import { bsQuestionVerdict, type SpeedRow } from './b-bs-question-verdict.js';
import { generalizationVerdict, type BatchRow } from './b-generalization-verdict.js';
import { increaseBatchVerdict } from './b-increase-verdict.js';
import { scalingVerdict, type ScalingPoint } from './b-scaling-verdict.js';

describe('increaseBatchVerdict', () => {
  const decay = { name: 'LR decay', finals: [0.92, 0.93], updates: 1800, perEpoch: [0.8, 0.9, 0.925] };
  it('confirmed: growth within the seed spread (1 pp) with fewer updates', () => {
    // baseline mean 0.925, spread 0.01 → growth 0.918 is −0.7 pp: within
    const v = increaseBatchVerdict(decay, [{ name: 'batch growth', finals: [0.918], updates: 744, perEpoch: [0.8, 0.9, 0.918] }]);
    expect(v.status).toBe('confirmed');
    expect(v.tolerance).toBeCloseTo(0.01, 12);
    expect(v.text).toMatch(/2\.42× fewer/); // 1800 / 744 = 2.419
  });
  it('refuted: growth and hybrid both more than the tolerance below', () => {
    const v = increaseBatchVerdict(decay, [
      { name: 'batch growth', finals: [0.90], updates: 744, perEpoch: [0.9] },
      { name: 'hybrid', finals: [0.91], updates: 840, perEpoch: [0.91] },
    ]);
    expect(v.status).toBe('refuted');
  });
  it('nuanced: only the hybrid matches; minimum tolerance 0.5 pp with agreeing seeds', () => {
    const tight = { ...decay, finals: [0.93, 0.93] };
    const v = increaseBatchVerdict(tight, [
      { name: 'batch growth', finals: [0.92], updates: 744, perEpoch: [0.92] }, // −1 pp > 0.5 pp
      { name: 'hybrid', finals: [0.927], updates: 840, perEpoch: [0.927] }, // −0.3 pp
    ]);
    expect(v.tolerance).toBe(0.005);
    expect(v.status).toBe('nuanced');
  });
  it('inconclusive without a finished baseline', () => {
    expect(increaseBatchVerdict({ ...decay, finals: [] }, []).status).toBe('inconclusive');
  });
});

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

describe('scalingVerdict', () => {
  const pts = (lw: Array<number | null>, ks = [2, 4, 8]): ScalingPoint[] => ks.map((k, i) => ({ k, rule: 'linear + warmup' as const, valAccuracy: lw[i] }));
  it('confirmed when ×k with warmup stays within tolerance at every k', () => {
    const v = scalingVerdict(0.95, pts([0.949, 0.945, 0.941]), 0.01);
    expect(v.status).toBe('confirmed');
    expect(v.holdsUpTo).toBe(8);
  });
  it('nuanced: holds to k=4, fails at k=8; a later recovery does not count', () => {
    const v = scalingVerdict(0.95, pts([0.949, 0.945, 0.93, 0.95], [2, 4, 8, 16]), 0.01);
    expect(v.status).toBe('nuanced');
    expect(v.holdsUpTo).toBe(4);
    expect(v.failsAt).toBe(8);
  });
  it('refuted when it misses at the first k > 1; a divergence counts as a miss', () => {
    expect(scalingVerdict(0.95, pts([null, 0.95, 0.95]), 0.01).status).toBe('refuted');
  });
  it('names the best rule per k and LARS at the largest k', () => {
    const v = scalingVerdict(0.95, [...pts([0.9], [4]), { k: 4, rule: 'sqrt', valAccuracy: 0.94 }, { k: 4, rule: 'LARS', valAccuracy: 0.93 }], 0.01);
    expect(v.text).toMatch(/k=4: .*best rule: sqrt 94\.0%/);
    expect(v.text).toMatch(/LARS reaches 93\.0%/);
  });
});

describe('bsQuestionVerdict', () => {
  const r = (batchSize: number, s: number | null, e: number | null, sps: number): SpeedRow => ({ batchSize, lr: 0.1, secondsToTarget: s, epochsToTarget: e, samplesPerSecond: sps, minLoss: 0.3 });
  it('confirmed when the claimed batch is first in seconds; explains per-step overhead', () => {
    const v = bsQuestionVerdict([r(1, 20, 0.2, 500), r(100, 2, 0.6, 15000), r(10000, 8, 12, 20000)], 0.5, 100);
    expect(v.status).toBe('confirmed');
    expect(v.text).toMatch(/Per epoch \(samples seen\) batch 1 is fastest/);
    expect(v.text).toMatch(/30× slower/); // 15000 / 500
  });
  it('nuanced when the claimed batch needs the fewest epochs but not the fewest seconds', () => {
    expect(bsQuestionVerdict([r(1, 1, 0.9, 500), r(100, 2, 0.5, 15000)], 0.5, 100).status).toBe('nuanced');
  });
  it('refuted when another batch wins both; inconclusive when none reaches the target', () => {
    expect(bsQuestionVerdict([r(1, 1, 0.1, 500), r(100, 2, 0.5, 15000)], 0.5, 100).status).toBe('refuted');
    expect(bsQuestionVerdict([r(1, null, null, 500), r(100, null, null, 15000)], 0.5, 100).status).toBe('inconclusive');
  });
});
