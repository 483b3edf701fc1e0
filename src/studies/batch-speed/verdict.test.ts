import { describe, expect, it } from 'vitest';
import { batchSpeedVerdict, type BatchSpeedRow } from './verdict.js';

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
