import { describe, expect, it } from 'vitest';
import { fromSpec } from '../../core/schedules/index.js';
import { nominalLr } from '../shared/trials.js';
import { scheduleSpecs, SCHEDULE_NAMES } from './specs.js';

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
    // The optimizers carry no LR: the schedule does (one-cycle peaks at maxLr 0.3, Adam starts at 1e-3).
    expect(specs.onecycle.optimizer).toEqual({ name: 'momentum', momentum: 0.9 });
    expect(nominalLr(specs.onecycle.schedule)).toBe(0.3);
    expect(specs['adam-cosine'].optimizer).toEqual({ name: 'adam' });
    expect(nominalLr(specs['adam-cosine'].schedule)).toBe(1e-3);
    expect(fromSpec(specs['adam-cosine'].schedule).lr(350)).toBeCloseTo(5e-4, 12);
  });
});
