import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFashionJson } from './fashion-json.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('decodeFashionJson', () => {
  it('decodes rows of pixels in order, skipping empty rows', () => {
    const r = decodeFashionJson(enc('{"data":[[1,2,3],[],[255,0,7],[]]}'), 'c.json', 3);
    expect(r.rows).toBe(2);
    expect([...r.pixels]).toEqual([1, 2, 3, 255, 0, 7]);
  });

  it('accepts JSON whitespace between tokens and an empty list', () => {
    expect([...decodeFashionJson(enc(' { "data" : [ [ 1 , 2 ] ,\n\t[3,4] ] }\r\n'), 'c', 2).pixels]).toEqual([1, 2, 3, 4]);
    expect(decodeFashionJson(enc('{"data":[]}'), 'c', 2).rows).toBe(0);
  });

  it('agrees with JSON.parse on any well-formed file (property)', () => {
    const row = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 });
    const rows = fc.array(fc.oneof({ weight: 5, arbitrary: row }, { weight: 1, arbitrary: fc.constant([] as number[]) }), { maxLength: 300 });
    fc.assert(
      fc.property(rows, fc.boolean(), (data, pretty) => {
        const text = pretty ? JSON.stringify({ data }, null, 1) : JSON.stringify({ data });
        const parsed = (JSON.parse(text) as { data: number[][] }).data.filter((r) => r.length > 0);
        const got = decodeFashionJson(enc(text), 'p', 4);
        expect(got.rows).toBe(parsed.length);
        expect([...got.pixels]).toEqual(parsed.flat());
      }),
    );
  });

  const errors: Array<[string, string, RegExp]> = [
    ['another top-level key', '{"x":[]}', /^c\.json: unexpected content at byte 2: expected the key "data"/],
    ['a short row', '{"data":[[1,2]]}', /^c\.json: unexpected content at byte 13: row 0 has 2 values, expected 3/],
    ['a long row', '{"data":[[1,2,3,4]]}', /^c\.json: unexpected content at byte 16: row 0 has more than 3 values/],
    ['a pixel above 255', '{"data":[[1,256,3]]}', /byte 12: pixel value 256 is outside 0–255/],
    ['a negative pixel', '{"data":[[1,-2,3]]}', /byte 12: expected an integer pixel value/],
    ['a fraction', '{"data":[[1,2.5,3]]}', /byte 13: expected ',' or '\]'/],
    ['a truncated file', '{"data":[[1,2,3],[4,', /byte 20: expected an integer pixel value/],
    ['trailing content', '{"data":[[1,2,3]]}x', /byte 18: expected the end of the file/],
  ];
  for (const [what, text, message] of errors) {
    it(`rejects ${what}, naming the file and the byte`, () => {
      expect(() => decodeFashionJson(enc(text), 'c.json', 3)).toThrow(message);
    });
  }
});
