import { describe, expect, it } from 'vitest';
import { lrCurves, lrCurvesConfigSchema } from './index.js';

describe('lr-curves config', () => {
  it('presets parse', () => {
    expect(() => lrCurvesConfigSchema.parse(lrCurves.presets.quick)).not.toThrow();
    expect(() => lrCurvesConfigSchema.parse(lrCurves.presets.full)).not.toThrow();
  });
  it.each([
    ['a zero factor', { factors: { ...lrCurves.presets.quick.factors, low: 0 } }, 'factors.low'],
    ['an unknown optimizer', { optimizer: 'adam' }, 'optimizer'],
    ['endLr ≤ startLr', { finder: { startLr: 1, endLr: 0.1, steps: 100 } }, 'finder.endLr'],
    ['too few finder steps', { finder: { startLr: 1e-5, endLr: 1, steps: 5 } }, 'finder.steps'],
    ['an unknown field', { extra: 1 }, ''],
    ['a fractional epoch count', { epochs: 1.5 }, 'epochs'],
  ])('rejects %s', (_, patch, path) => {
    const r = lrCurvesConfigSchema.safeParse({ ...lrCurves.presets.quick, ...patch });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path.join('.')).toBe(path);
  });
});
