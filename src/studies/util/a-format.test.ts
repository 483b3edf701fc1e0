import { describe, expect, it } from 'vitest';
import { pct, pts, round, sig } from './a-format.js';

describe('a-format', () => {
  it('sig: three significant digits, exponent for tiny numbers', () => {
    expect(sig(0.031622776)).toBe('0.0316');
    expect(sig(1.23456)).toBe('1.23');
    expect(sig(3.1622e-5)).toBe('3.16e-5');
    expect(sig(NaN)).toBe('n/a');
    expect(sig(null)).toBe('n/a');
  });
  it('pct and pts', () => {
    expect(pct(0.9712)).toBe('97.1%');
    expect(pts(0.012)).toBe('+1.2 pt');
    expect(pts(-0.034)).toBe('−3.4 pt');
    expect(round(Infinity)).toBeNull();
    expect(round(1.234567, 3)).toBe(1.23);
  });
});
