import { describe, expect, it } from 'vitest';
import { choiceFlag, intFlag, numFlag, numListFlag, parseFlags } from './args.js';

describe('flag parsers', () => {
  it('intFlag accepts integers at or above the minimum and names the flag otherwise', () => {
    expect(intFlag('steps', '100')).toBe(100);
    expect(() => intFlag('steps', '0')).toThrow('--steps: must be an integer >= 1');
    expect(() => intFlag('steps', '1.5')).toThrow('--steps: must be an integer >= 1');
    expect(() => intFlag('steps', 'abc')).toThrow("got 'abc'");
    expect(() => intFlag('steps', undefined)).toThrow('--steps: is required');
    expect(intFlag('steps', undefined, { default: 7 })).toBe(7);
  });

  it('numFlag rejects NaN, empty and non-positive values when asked', () => {
    expect(numFlag('lr', '1e-3')).toBe(0.001);
    expect(() => numFlag('lr', 'NaN')).toThrow('--lr: must be a number');
    expect(() => numFlag('lr', '')).toThrow('--lr: must be a number');
    expect(() => numFlag('lr', '0', { positive: true })).toThrow('--lr: must be > 0');
  });

  it('choiceFlag lists the choices', () => {
    expect(choiceFlag('format', 'csv', ['json', 'csv'] as const)).toBe('csv');
    expect(() => choiceFlag('format', 'xml', ['json', 'csv'] as const)).toThrow("--format: must be one of json|csv, got 'xml'");
  });

  it('numListFlag parses comma lists and names the bad element', () => {
    expect(numListFlag('grid', '1e-3, 3e-3,0.01')).toEqual([0.001, 0.003, 0.01]);
    expect(() => numListFlag('grid', '1e-3,x')).toThrow("--grid: 'x' is not a number");
    expect(() => numListFlag('grid', '1,,2')).toThrow('--grid: must be a comma-separated list');
  });

  it('parseFlags turns unknown options into a usage error naming the option', () => {
    expect(() => parseFlags(['--stepz', '3'], { steps: { type: 'string' } })).toThrow(/^--stepz: unknown option/);
  });
});
