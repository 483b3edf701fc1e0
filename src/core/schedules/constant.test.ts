import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { constant } from './constant.js';

describe('constant', () => {
  it('constant({lr}) is lr at step 0, later, past any end and for odd steps', () => {
    const s = constant({ lr: 0.1 });
    for (const t of [0, 1, 999, 1e12, -3, 2.5, NaN]) expect(s(t)).toBe(0.1);
  });

  it('equals the fixed learning rate at every step (independent: no scheduler at all)', () => {
    fc.assert(fc.property(fc.double({ min: 1e-8, max: 10, noNaN: true }), fc.nat(1e9), (lr, t) => constant({ lr })(t) === lr));
  });

  it('rejects a missing, zero, negative or non-finite lr, naming the field', () => {
    expect(() => constant({} as never)).toThrow('lr: is required');
    expect(() => constant({ lr: 0 })).toThrow('lr: must be a positive number');
    expect(() => constant({ lr: -1 })).toThrow('lr: must be a positive number');
    expect(() => constant({ lr: NaN })).toThrow('lr: must be a positive number');
    expect(() => constant({ lr: Infinity })).toThrow('lr: must be a positive number');
  });
});
