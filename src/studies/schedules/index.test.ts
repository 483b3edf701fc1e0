import { describe, expect, it } from 'vitest';
import { schedules, schedulesConfigSchema } from './index.js';

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
