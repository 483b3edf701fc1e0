import { describe, expect, it } from 'vitest';
import { pct, pp, round, secs, sig } from './format.js';

describe('format', () => {
  it('sig: three significant digits, exponent below 1e-3 and from 1e6', () => {
    expect(sig(0.031622776)).toBe('0.0316');
    expect(sig(1.23456)).toBe('1.23');
    expect(sig(1234.5)).toBe('1230');
    expect(sig(123456)).toBe('123000');
    expect(sig(1234567)).toBe('1.23e6');
    expect(sig(3.1622e-5)).toBe('3.16e-5');
    expect(sig(0.0123, 4)).toBe('0.0123');
    expect(sig(0)).toBe('0');
    expect(sig(NaN)).toBe('n/a');
    expect(sig(null)).toBe('n/a');
  });
  it('pct, pp, secs and round', () => {
    expect(pct(0.9712)).toBe('97.1%');
    expect(pp(0.012)).toBe('+1.2 pp');
    expect(pp(-0.034)).toBe('−3.4 pp');
    expect(pp(0)).toBe('+0.0 pp');
    expect(pp(undefined)).toBe('n/a');
    expect(secs(12.345)).toBe('12.3 s');
    expect(secs(null)).toBe('n/a');
    expect(round(Infinity)).toBeNull();
    expect(round(1.234567, 3)).toBe(1.23);
  });
});
