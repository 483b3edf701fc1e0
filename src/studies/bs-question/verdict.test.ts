import { describe, expect, it } from 'vitest';
import { bsQuestionVerdict, type SpeedRow } from './verdict.js';

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
