import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scaleLr, scalingFactor } from './scale-lr.js';

describe('scaleLr', () => {
  it('linear rule: Goyal et al. 0.1 at batch 256 → 3.2 at 8192 (k = 32)', () => {
    expect(scaleLr(0.1, 256, 8192)).toBeCloseTo(3.2, 14);
    expect(scaleLr(0.1, 256, 8192, 'linear')).toBeCloseTo(3.2, 14);
  });

  it('sqrt rule: 0.1·√32 ≈ 0.565685', () => {
    expect(scaleLr(0.1, 256, 8192, 'sqrt')).toBeCloseTo(0.5656854249492381, 14);
  });

  it('scaling there and back returns the original rate', () => {
    fc.assert(fc.property(fc.double({ min: 1e-6, max: 10, noNaN: true }), fc.integer({ min: 1, max: 1e5 }), fc.integer({ min: 1, max: 1e5 }), fc.constantFrom('linear' as const, 'sqrt' as const), (lr, a, b, rule) => {
      return Math.abs(scaleLr(scaleLr(lr, a, b, rule), b, a, rule) - lr) <= 1e-12 * lr;
    }));
  });

  it('rejects bad input, naming the argument', () => {
    expect(() => scaleLr(0, 1, 2)).toThrow('lr: must be a positive number');
    expect(() => scaleLr(0.1, 0, 2)).toThrow('fromBatch: must be a positive integer');
    expect(() => scaleLr(0.1, 2, 2.5)).toThrow('toBatch: must be a positive integer');
    expect(() => scaleLr(0.1, 2, 4, 'cubic' as never)).toThrow('rule: must be one of linear|sqrt');
  });
});

describe('scalingFactor', () => {
  it('k for the linear rule, √k for the square-root rule', () => {
    expect(scalingFactor(32, 'linear')).toBe(32);
    // √16 = 4 exactly
    expect(scalingFactor(16, 'sqrt')).toBe(4);
  });
});
