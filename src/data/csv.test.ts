import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('reads features row-major and maps string labels to ids in sorted order', () => {
    const t = parseCsv('a,b,label\n1,2,dog\n3,4.5,cat\n-1,1e2,dog\n', 'd.csv');
    expect(Array.from(t.source.x)).toEqual([1, 2, 3, 4.5, -1, 100]);
    // sorted: cat < dog → cat = 0, dog = 1
    expect(t.classNames).toEqual(['cat', 'dog']);
    expect(Array.from(t.source.y)).toEqual([1, 0, 1]);
    expect(t.source.n).toBe(3);
    expect(t.source.featureShape).toEqual([2]);
    expect(t.source.numClasses).toBe(2);
    expect(t.featureNames).toEqual(['a', 'b']);
  });

  it('sorts integer labels numerically (10 after 2), not as text', () => {
    const t = parseCsv('x,y\n0,10\n0,2\n0,1\n', 'd.csv');
    expect(t.classNames).toEqual(['1', '2', '10']);
    expect(Array.from(t.source.y)).toEqual([2, 1, 0]);
  });

  it('takes the label from --label-column anywhere in the row', () => {
    const t = parseCsv('kind,x1,x2\nb,1,2\na,3,4\n', 'd.csv', { labelColumn: 'kind' });
    expect(Array.from(t.source.x)).toEqual([1, 2, 3, 4]);
    expect(Array.from(t.source.y)).toEqual([1, 0]);
    expect(t.featureNames).toEqual(['x1', 'x2']);
  });

  it('accepts quotes, CRLF, a BOM, spaces around numbers and blank lines', () => {
    const t = parseCsv('\ufeff"x, one",y\r\n\r\n 1.5 ,"a ""b"""\r\n2,c\r\n', 'd.csv');
    expect(t.featureNames).toEqual(['x, one']);
    expect(Array.from(t.source.x)).toEqual([1.5, 2]);
    expect(t.classNames).toEqual(['a "b"', 'c']);
  });

  const errors: Array<[string, string, RegExp, { labelColumn?: string }?]> = [
    ['a non-number, with its line (blank lines counted)', 'x1,x2,x3,y\n1,2,3,a\n\n4,5,abc,b\n', /^data\.csv:4: column 'x3' is not a number \('abc'\)$/],
    ['an empty feature', 'x,y\n1,a\n,b\n', /^data\.csv:3: column 'x' is not a number \(''\)$/],
    ['hex and Infinity (not decimal numbers)', 'x,y\n0x10,a\n', /^data\.csv:2: column 'x' is not a number \('0x10'\)$/],
    ['a value beyond float32', 'x,y\n1e39,a\n2,b\n', /^data\.csv:2: column 'x' is outside the float32 range/],
    ['a row with too few fields', 'x,z,y\n1,2,a\n1,b\n', /^data\.csv:3: expected 3 fields as in the header, found 2$/],
    ['an empty label', 'x,y\n1,a\n2,\n', /^data\.csv:3: label column 'y' is empty$/],
    ['an unterminated quote', 'x,y\n1,"a\n', /^data\.csv:2: unterminated quoted field/],
    ['a duplicate column name', 'x,x,y\n', /^data\.csv:1: header: column 'x' appears twice$/],
    ['an unknown label column', 'x,y\n1,a\n', /^--label-column: no column 'z' in data\.csv \(columns: x, y\)$/, { labelColumn: 'z' }],
    ['an empty file', '\n\n', /^data\.csv: is empty/],
    ['a header without rows', 'x,y\n', /^data\.csv: has a header but no data rows$/],
    ['a single class', 'x,y\n1,a\n2,a\n', /^data\.csv: label column 'y' has only one distinct value \('a'\)/],
    ['one integer written two ways', 'x,y\n1,1\n2,01\n', /^data\.csv: label column 'y': labels '1' and '01' are the same integer/],
  ];
  for (const [what, text, message, opts] of errors) {
    it(`rejects ${what}`, () => {
      expect(() => parseCsv(text, 'data.csv', opts)).toThrow(message);
    });
  }
});
