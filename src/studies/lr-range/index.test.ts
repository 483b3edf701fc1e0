import { describe, expect, it } from 'vitest';
import { gridPoints, lrRange, lrRangeConfigSchema } from './index.js';
import type { TrialOutcome } from '../study.js';

describe('gridPoints', () => {
  const outcome = (status: TrialOutcome['status'], valLoss: number): TrialOutcome => ({ id: 'x', config: {} as TrialOutcome['config'], status, result: { final: { valLoss } } as unknown as TrialOutcome['result'], seconds: 0 });
  it('averages finished seeds and leaves diverged ones out', () => {
    const p = gridPoints([0.1, 1], [[outcome('ok', 0.2), outcome('ok', 0.4)], [outcome('diverged', 9)]]);
    // mean 0.3, std √((0.01 + 0.01)/1) = 0.1414
    expect(p[0].valLoss).toBeCloseTo(0.3, 12);
    expect(p[0].std).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(p[1]).toEqual({ lr: 1, valLoss: null, std: 0, seeds: 0 });
  });
});

describe('lr-range config', () => {
  it('presets parse', () => {
    expect(lrRangeConfigSchema.safeParse(lrRange.presets.quick).success).toBe(true);
    expect(lrRangeConfigSchema.safeParse(lrRange.presets.full).success).toBe(true);
  });
  it.each([
    ['grid max ≤ min', { grid: { min: 1, max: 0.1, points: 5 } }, 'grid.max'],
    ['a 2-point grid', { grid: { min: 0.01, max: 1, points: 2 } }, 'grid.points'],
    ['zero seeds', { seeds: 0 }, 'seeds'],
    ['a negative batch size', { setup: { ...lrRange.presets.quick.setup, batchSize: -1 } }, 'setup.batchSize'],
    ['an unknown model', { setup: { ...lrRange.presets.quick.setup, model: 'resnet' } }, 'setup.model'],
  ])('rejects %s', (_, patch, path) => {
    const r = lrRangeConfigSchema.safeParse({ ...lrRange.presets.quick, ...patch });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path.join('.')).toBe(path);
  });
});
