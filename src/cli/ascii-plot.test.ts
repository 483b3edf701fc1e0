import { describe, expect, it } from 'vitest';
import { asciiPlot, finderAsciiPlot, formatNumber } from './ascii-plot.js';

// y = log10(x) + 4 on x = 1e-4 … 1: a straight line on a log x axis.
const xs = [1e-4, 1e-3, 1e-2, 1e-1, 1];
const ys = [0, 1, 2, 3, 4];

describe('asciiPlot', () => {
  it('draws a straight line in log x from the bottom-left to the top-right', () => {
    // Labels "4", "2", "0": gutter 2, 40 − 2 − 1 = 37 columns, 5 rows. Column c is at
    // log x = −4 + 4c/36, so y = c/9 and the row is round(4 − c/9).
    const lines = asciiPlot({ xs, ys, width: 40, height: 5 }).split('\n');
    expect(lines.length).toBe(5 + 2);
    for (let r = 0; r < 5; r++) {
      const expected = Array.from({ length: 37 }, (_, c) => (Math.round(4 - c / 9) === r ? '*' : ' ')).join('');
      const label = r === 0 ? '4' : r === 2 ? '2' : r === 4 ? '0' : ' ';
      expect(lines[r]).toBe(`${label} |${expected}`.trimEnd());
    }
    expect(lines[5]).toBe(`  +${'-'.repeat(37)}`);
    expect(lines[6].trim().split(/\s+/)).toEqual(['1e-4', '1e-3', '1e-2', '1e-1', '1e0']);
  });

  it('marks a suggestion with a dotted column, its char on top, and a legend', () => {
    // 1e-2 is half way along log x: column round(0.5·36) = 18, text index 2 + 1 + 18 = 21.
    const lines = asciiPlot({ xs, ys, width: 40, height: 5, markers: [{ x: 1e-2, label: 'valley', char: 'v' }] }).split('\n');
    expect(lines[0][21]).toBe('v');
    expect(lines[1][21]).toBe(':');
    expect(lines[2][21]).toBe('*'); // the curve (row round(4 − 2) = 2) stays visible
    expect(lines[lines.length - 1]).toBe('v valley 0.01');
  });

  it('connects jumps of more than one row with |', () => {
    // Labels "10", "5", "0": gutter 3, 26 columns. x = 1.96 is column round(0.96·25) = 24
    // (y = 0, bottom row 5); column 25 is x = 2 (y = 10, top row 0): rows 1–4 of column 25
    // (text index 3 + 1 + 25 = 29) are filled with |.
    const lines = asciiPlot({ xs: [1, 1.96, 2], ys: [0, 0, 10], logX: false, width: 30, height: 6 }).split('\n');
    expect(lines[0][29]).toBe('*');
    for (let r = 1; r <= 4; r++) expect(lines[r][29]).toBe('|');
    expect(lines[5][28]).toBe('*');
  });

  it('skips non-finite points and says so when nothing is left', () => {
    const withNaN = asciiPlot({ xs, ys: [0, Number.NaN, 2, 3, 4], width: 40, height: 5 });
    expect(withNaN.split('\n')[0].startsWith('4 |')).toBe(true);
    expect(asciiPlot({ xs: [1], ys: [Number.NaN] })).toBe('(no finite points to plot)');
  });

  it('clips to yRange: points above it sit on the top row', () => {
    const lines = asciiPlot({ xs, ys: [0, 1, 2, 3, 100], width: 40, height: 5, yRange: [0, 4] }).split('\n');
    expect(lines[0].endsWith('*')).toBe(true);
  });

  it('keeps every plot line within the width', () => {
    const out = asciiPlot({ xs, ys, width: 50, height: 8, xLabel: 'lr', yLabel: 'loss', markers: [{ x: 1e-3, label: 'steepest', char: 's' }] });
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(50);
  });

  it('rejects bad sizes and mismatched arrays', () => {
    expect(() => asciiPlot({ xs, ys: [1] })).toThrow('ys: must have one value per x');
    expect(() => asciiPlot({ xs, ys, width: 10 })).toThrow('width: must be an integer >= 30');
    expect(() => asciiPlot({ xs, ys, height: 2 })).toThrow('height: must be an integer >= 5');
  });
});

describe('formatNumber', () => {
  it('uses 3 significant digits and exponents outside [1e-3, 1e4)', () => {
    expect(formatNumber(0.031622)).toBe('0.0316');
    expect(formatNumber(3.1622e-5)).toBe('3.16e-5');
    expect(formatNumber(12345)).toBe('1.23e4');
    expect(formatNumber(1)).toBe('1');
    expect(formatNumber(0)).toBe('0');
  });
});

describe('finderAsciiPlot', () => {
  it('marks each suggestion with its initial and stars the suggested rule', () => {
    const lrs = xs, smoothedLosses = [2, 1.9, 1.2, 1.0, 9];
    const out = finderAsciiPlot({ lrs, smoothedLosses, suggestions: { steepest: { lr: 1e-2 }, minimum: null, valley: { lr: 3e-2 } }, suggested: { lr: 3e-2, rule: 'valley' } });
    expect(out).toContain('s steepest 0.01');
    expect(out).toContain('v valley* 0.03');
    // y axis: 1.0 … 2 + 0.25·(2 − 1) = 2.25, so the blow-up to 9 is clipped to the top
    expect(out.split('\n')[1].startsWith('2.25 |')).toBe(true);
  });
});
