import { describe, expect, it } from 'vitest';
import { choiceFlag, intFlag, numFlag, numListFlag, parseDecimal, parseFlags } from './args.js';

function messageOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

describe('flag parsers', () => {
  it('intFlag accepts integers at or above the minimum and names the flag otherwise', () => {
    expect(intFlag('steps', '100')).toBe(100);
    expect(() => intFlag('steps', '0')).toThrow('--steps: must be an integer >= 1');
    expect(() => intFlag('steps', '1.5')).toThrow('--steps: must be an integer >= 1');
    expect(() => intFlag('steps', 'abc')).toThrow("got 'abc'");
    expect(() => intFlag('steps', undefined)).toThrow('--steps: is required');
    expect(intFlag('steps', undefined, { default: 7 })).toBe(7);
  });

  it('parseDecimal reads plain decimal notation and nothing else', () => {
    expect(parseDecimal('lr', '0.1')).toBe(0.1);
    expect(parseDecimal('lr', '1e-3')).toBe(0.001);
    expect(parseDecimal('lr', '2E+2')).toBe(200);
    expect(parseDecimal('lr', '-2')).toBe(-2);
    expect(parseDecimal('lr', '.5')).toBe(0.5);
    expect(parseDecimal('lr', '5.')).toBe(5);
    expect(parseDecimal('lr', ' 0.25 ')).toBe(0.25);
    for (const bad of ['0x10', '0b11', '0o17', '', '   ', 'Infinity', '-Infinity', 'NaN', '0.1abc', '1,2', '1e', 'e3', '.', '1e400', '--1', '1 2']) {
      expect(messageOf(() => parseDecimal('lr', bad)), bad).toBe(`--lr: must be a decimal number (got '${bad}')`);
    }
  });

  it('intFlag and numFlag read through parseDecimal: hex is not 16', () => {
    expect(() => intFlag('epochs', '0x10')).toThrow("--epochs: must be a decimal number (got '0x10')");
    expect(() => numFlag('lr', '0x10')).toThrow("--lr: must be a decimal number (got '0x10')");
    expect(intFlag('epochs', '1e2')).toBe(100);
  });

  it('numFlag rejects NaN, empty and non-positive values when asked', () => {
    expect(numFlag('lr', '1e-3')).toBe(0.001);
    expect(() => numFlag('lr', 'NaN')).toThrow("--lr: must be a decimal number (got 'NaN')");
    expect(() => numFlag('lr', '')).toThrow("--lr: must be a decimal number (got '')");
    expect(() => numFlag('lr', '0', { positive: true })).toThrow('--lr: must be > 0');
  });

  it('choiceFlag lists the choices', () => {
    expect(choiceFlag('format', 'csv', ['json', 'csv'] as const)).toBe('csv');
    expect(() => choiceFlag('format', 'xml', ['json', 'csv'] as const)).toThrow("--format: must be one of json|csv, got 'xml'");
  });

  it('numListFlag parses comma lists and names the bad element', () => {
    expect(numListFlag('grid', '1e-3, 3e-3,0.01')).toEqual([0.001, 0.003, 0.01]);
    expect(() => numListFlag('grid', '1e-3,x')).toThrow("--grid: must be a decimal number (got 'x')");
    expect(() => numListFlag('grid', '0.1,0x10')).toThrow("--grid: must be a decimal number (got '0x10')");
    expect(() => numListFlag('grid', '0.1,Infinity')).toThrow("--grid: must be a decimal number (got 'Infinity')");
    expect(() => numListFlag('grid', '1,,2')).toThrow('--grid: must be a comma-separated list');
  });

  it('parseFlags turns unknown options into a usage error naming the option', () => {
    expect(() => parseFlags(['--stepz', '3'], { steps: { type: 'string' } })).toThrow(/^--stepz: unknown option/);
  });
});
