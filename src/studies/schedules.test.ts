import { describe, expect, it } from 'vitest';
import { fromSpec } from '../core/schedules/index.js';
import { judgeSchedules, MIN_MARGIN, scheduleSpecs, schedules, schedulesConfigSchema, SCHEDULE_NAMES, summarise, type ScheduleName, type ScheduleSummary } from './schedules.js';

const inputs = { maxLr: 0.3, baseLr: 0.1, totalSteps: 700, cycles: 2, sgdrCycles: 3, adamLr: 1e-3, momentum: 0.9 };

describe('scheduleSpecs', () => {
  const specs = scheduleSpecs(inputs);
  it('every spec is a valid schedule', () => {
    for (const n of SCHEDULE_NAMES) expect(() => fromSpec(specs[n].schedule), n).not.toThrow();
  });
  it('multistep drops ×0.1 at 50% and 75% of the steps', () => {
    const lr = fromSpec(specs.multistep.schedule).lr;
    expect(lr(349)).toBeCloseTo(0.3, 12);
    expect(lr(350)).toBeCloseTo(0.03, 12);
    expect(lr(525)).toBeCloseTo(0.003, 12);
  });
  it('SGDR: t0 = ⌈700/7⌉ = 100, restarts at 100 and 300, the third cycle ends at the budget', () => {
    const lr = fromSpec(specs.sgdr.schedule).lr;
    expect(specs.sgdr.schedule).toMatchObject({ t0: 100, tMult: 2 });
    expect(lr(100)).toBeCloseTo(0.3, 12);
    expect(lr(300)).toBeCloseTo(0.3, 12);
    // step 699 is 399 into a 400-step cosine: 0.15·(1 + cos(π·399/400))
    expect(lr(699)).toBeCloseTo(0.15 * (1 + Math.cos((Math.PI * 399) / 400)), 12);
  });
  it('SGDR with a budget not divisible by 7 rounds t0 up: no restart at the end', () => {
    const lr = fromSpec(scheduleSpecs({ ...inputs, totalSteps: 632 }).sgdr.schedule).lr;
    // t0 = ⌈632/7⌉ = 91: cycles end at 91, 273, 637 > 631
    for (let t = 600; t < 632; t++) expect(lr(t)).toBeLessThan(0.3 * 0.05);
  });
  it('triangular2: base at 0, max at stepSizeUp = 175, halved amplitude in the second cycle', () => {
    const lr = fromSpec(specs.triangular2.schedule).lr;
    expect(lr(0)).toBeCloseTo(0.1, 12);
    expect(lr(175)).toBeCloseTo(0.3, 12);
    expect(lr(350)).toBeCloseTo(0.1, 12);
    // second peak: base + (max − base)/2 = 0.2
    expect(lr(525)).toBeCloseTo(0.2, 12);
    expect(specs.triangular2.schedule).toMatchObject({ cycleMomentum: false });
  });
  it('SGD schedules use momentum, the Adam ones Adam', () => {
    expect(specs.onecycle.optimizer).toEqual({ name: 'momentum', lr: 0.3, momentum: 0.9 });
    expect(specs['adam-cosine'].optimizer).toEqual({ name: 'adam', lr: 1e-3 });
    expect(fromSpec(specs['adam-cosine'].schedule).lr(350)).toBeCloseTo(5e-4, 12);
  });
});

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

describe('schedules config', () => {
  it('presets parse', () => {
    expect(schedulesConfigSchema.safeParse(schedules.presets.quick).success).toBe(true);
    expect(schedulesConfigSchema.safeParse(schedules.presets.full).success).toBe(true);
  });
  it.each([
    ['momentum 1', { momentum: 1 }, 'momentum'],
    ['one epoch', { epochs: 1 }, 'epochs'],
    ['accuracy test endLr ≤ startLr', { accuracyTest: { startLr: 0.1, endLr: 0.01, epochs: 2, evalsPerEpoch: 4 } }, 'accuracyTest.endLr'],
    ['zero cycles', { cycles: 0 }, 'cycles'],
    ['a negative Adam LR', { adamLr: -1 }, 'adamLr'],
  ])('rejects %s', (_, patch, path) => {
    const r = schedulesConfigSchema.safeParse({ ...schedules.presets.quick, ...patch });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path.join('.')).toBe(path);
  });
});
