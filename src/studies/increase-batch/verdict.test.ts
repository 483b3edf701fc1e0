import { describe, expect, it } from 'vitest';
import { increaseBatchVerdict } from './verdict.js';

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
