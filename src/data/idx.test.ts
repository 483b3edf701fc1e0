import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readIdx, writeIdx } from './idx.js';

/** Hand-built IDX bytes: magic 00 00 type ndim, big-endian uint32 dims, then the payload. */
function idx(type: number, dims: number[], payload: number[]): Uint8Array {
  const head = [0, 0, type, dims.length];
  for (const d of dims) head.push((d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255);
  return new Uint8Array([...head, ...payload]);
}

describe('readIdx', () => {
  it('decodes a 2×3 unsigned-byte file in row-major order', () => {
    const f = readIdx(idx(0x08, [2, 3], [1, 2, 3, 4, 5, 255]), 'a');
    expect(f.dims).toEqual([2, 3]);
    expect(f.data).toBeInstanceOf(Uint8Array);
    expect([...f.data]).toEqual([1, 2, 3, 4, 5, 255]);
  });

  it('reads dimensions as big-endian uint32 (00 00 01 00 = 256)', () => {
    const f = readIdx(idx(0x08, [256], new Array(256).fill(7)), 'a');
    expect(f.dims).toEqual([256]);
    expect(f.data.length).toBe(256);
  });

  it('decodes signed bytes: 0xff = -1, 0x80 = -128', () => {
    expect([...readIdx(idx(0x09, [3], [0xff, 0x80, 0x7f]), 'a').data]).toEqual([-1, -128, 127]);
  });

  it('decodes big-endian shorts: 01 02 = 258, ff fe = -2', () => {
    const f = readIdx(idx(0x0b, [2], [0x01, 0x02, 0xff, 0xfe]), 'a');
    expect(f.data).toBeInstanceOf(Int16Array);
    expect([...f.data]).toEqual([258, -2]);
  });

  it('decodes big-endian ints: 00 01 00 00 = 65536, ff ff ff ff = -1', () => {
    expect([...readIdx(idx(0x0c, [2], [0, 1, 0, 0, 255, 255, 255, 255]), 'a').data]).toEqual([65536, -1]);
  });

  it('decodes big-endian floats: 3f c0 00 00 = 1.5, c0 20 00 00 = -2.5', () => {
    // 1.5 = 1.1b × 2^0: sign 0, exponent 127 = 0x7f, mantissa 0x400000 → 0x3fc00000.
    // -2.5 = -1.01b × 2^1: sign 1, exponent 128, mantissa 0x200000 → 0xc0200000.
    const f = readIdx(idx(0x0d, [2], [0x3f, 0xc0, 0, 0, 0xc0, 0x20, 0, 0]), 'a');
    expect(f.data).toBeInstanceOf(Float32Array);
    expect([...f.data]).toEqual([1.5, -2.5]);
  });

  it('decodes big-endian doubles: 3f f0 00… = 1', () => {
    const f = readIdx(idx(0x0e, [1], [0x3f, 0xf0, 0, 0, 0, 0, 0, 0]), 'a');
    expect(f.data).toBeInstanceOf(Float64Array);
    expect([...f.data]).toEqual([1]);
  });

  it('accepts a view into a larger buffer (nonzero byteOffset)', () => {
    const inner = idx(0x0b, [1], [0x01, 0x00]);
    const outer = new Uint8Array(inner.length + 3);
    outer.set(inner, 3);
    expect([...readIdx(outer.subarray(3), 'a').data]).toEqual([256]);
  });

  it('accepts a dimension of 0 (an empty file of the right size)', () => {
    expect(readIdx(idx(0x08, [0, 28, 28], []), 'a').data.length).toBe(0);
  });

  const errors: Array<[string, Uint8Array, RegExp]> = [
    ['shorter than the header', new Uint8Array([0, 0, 8]), /^f\.idx: not an IDX file: 3 bytes is shorter/],
    ['a bad magic number', idx(0x08, [1], [0]).map((b, i) => (i === 1 ? 1 : b)), /^f\.idx: not an IDX file: magic number must start with 0x00 0x00, found 0x00 0x01/],
    ['an unknown type byte', idx(0x0a, [1], [0]), /^f\.idx: unknown IDX element type 0x0a/],
    ['zero dimensions', new Uint8Array([0, 0, 8, 0]), /^f\.idx: IDX header declares 0 dimensions/],
    ['a truncated header', new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1, 0, 0]), /^f\.idx: truncated header: 3 dimensions need 16 bytes, got 10/],
    // 2×2 ubyte needs 4 + 8 + 4 = 16 bytes; 15 given.
    ['a truncated payload', idx(0x08, [2, 2], [1, 2, 3]), /^f\.idx: truncated: dimensions \[2, 2\] of unsigned byte need 16 bytes, got 15/],
    // 2 ints need 4 + 4 + 8 = 16 bytes; 17 given.
    ['trailing bytes', idx(0x0c, [2], [0, 0, 0, 1, 0, 0, 0, 2, 9]), /^f\.idx: 1 unexpected bytes after the data: dimensions \[2\] of int need 16 bytes, got 17/],
    ['gzip data', new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0]), /^f\.idx: is gzip-compressed/],
  ];
  for (const [what, bytes, message] of errors) {
    it(`rejects ${what}, naming the file`, () => {
      expect(() => readIdx(bytes, 'f.idx')).toThrow(message);
    });
  }

  it('round-trips writeIdx for every element type (property)', () => {
    const typed = fc.oneof(
      fc.array(fc.integer({ min: 0, max: 255 })).map((a) => Uint8Array.from(a)),
      fc.array(fc.integer({ min: -128, max: 127 })).map((a) => Int8Array.from(a)),
      fc.array(fc.integer({ min: -32768, max: 32767 })).map((a) => Int16Array.from(a)),
      fc.array(fc.integer()).map((a) => Int32Array.from(a)),
      fc.array(fc.float({ noNaN: true })).map((a) => Float32Array.from(a)),
      fc.array(fc.double({ noNaN: true })).map((a) => Float64Array.from(a)),
    );
    fc.assert(
      fc.property(typed, fc.integer({ min: 1, max: 3 }), (data, extra) => {
        // Shape [len] or [len, 1, …] so the product always equals the length.
        const dims = [data.length, ...new Array(extra - 1).fill(1)];
        const back = readIdx(writeIdx(dims, data), 'p');
        expect(back.dims).toEqual(dims);
        expect(back.data.constructor).toBe(data.constructor);
        expect([...back.data]).toEqual([...data]);
      }),
    );
  });
});
