import { describe, expect, it } from 'vitest';
import type { ScheduleName } from './specs.js';
import { judgeSchedules, MIN_MARGIN, summarise, type ScheduleSummary } from './verdict.js';

const s = (name: ScheduleName, finals: number[], mid = finals[0] - 0.01): ScheduleSummary => {
  const m = finals.reduce((a, b) => a + b, 0) / finals.length;
  const std = finals.length > 1 ? Math.sqrt(finals.reduce((a, b) => a + (b - m) ** 2, 0) / (finals.length - 1)) : 0;
  return { name, perEpoch: [mid, m], final: m, finalStd: std, finals, mid };
};

describe('summarise', () => {
  it('means over seeds per epoch; mid is epoch ⌈E/2⌉', () => {
    const r = summarise('sgdr', [[0.5, 0.6, 0.7], [0.7, 0.8, 0.9]], 3);
    expect(r?.perEpoch.map((x) => Number(x.toFixed(12)))).toEqual([0.6, 0.7, 0.8]);
    expect(r?.mid).toBeCloseTo(0.7, 12); // ⌈3/2⌉ = 2nd epoch
    expect(r?.finalStd).toBeCloseTo(Math.sqrt(0.02), 12);
  });
  it('runs that stopped early are left out; none left → null', () => {
    expect(summarise('sgdr', [[0.5, 0.6], [0.7]], 2)?.finals).toEqual([0.6]);
    expect(summarise('sgdr', [[0.5]], 2)).toBeNull();
  });
});

describe('judgeSchedules', () => {
  const base = [s('fixed-max', [0.80]), s('fixed-base', [0.85]), s('onecycle', [0.86]), s('adam', [0.84]), s('adam-cosine', [0.86])];
  it('cyclical and SGDR beat the better fixed LR late, multistep near the best: confirmed', () => {
    const j = judgeSchedules([...base, s('triangular2', [0.87], 0.85), s('sgdr', [0.875], 0.84), s('multistep', [0.872])]);
    expect(j.fixedRef).toBe('fixed-base');
    // 0.87 − 0.85 = 0.02 > 0.005; at mid 0.85 − (0.85 − 0.01) = 0.01 ≤ 0.02 → late
    expect(j.helps.triangular2).toMatchObject({ helps: true, late: true });
    expect(j.helps.triangular2?.endGain).toBeCloseTo(0.02, 12);
    expect(j.best).toBe('sgdr');
    expect(j.multistep?.strong).toBe(true);
    expect(j.status).toBe('confirmed');
  });
  it('gains within the seed noise do not count', () => {
    // finals 0.84/0.88 (std 0.0283) vs 0.85 single: margin 2·√(0.0008/2) = 0.04 > 0.01
    const j = judgeSchedules([...base, s('triangular2', [0.84, 0.88]), s('sgdr', [0.851]), s('multistep', [0.86])]);
    expect(j.helps.triangular2?.margin).toBeCloseTo(0.04, 9);
    expect(j.helps.triangular2?.helps).toBe(false);
    expect(j.helps.sgdr?.margin).toBe(MIN_MARGIN);
    expect(j.status).toBe('nuanced');
  });
  it('neither helps and multistep is far behind: refuted', () => {
    const j = judgeSchedules([...base, s('triangular2', [0.8]), s('sgdr', [0.81]), s('multistep', [0.7])]);
    expect(j.multistep?.strong).toBe(false);
    expect(j.status).toBe('refuted');
  });
  it('a missing schedule: inconclusive', () => {
    expect(judgeSchedules(base).status).toBe('inconclusive');
  });
});
