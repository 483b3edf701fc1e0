import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleModule, I32, op, sleb, uleb } from './wasm-emit.js';

/** Decodes unsigned LEB128 the long way: 7 bits per byte, low group first. */
function decodeU(bytes: number[]): number {
  let v = 0;
  bytes.forEach((b, i) => {
    v += (b & 0x7f) * 2 ** (7 * i);
  });
  return v;
}

/** Decodes signed LEB128: as unsigned, then minus 2^(7·len) when the last byte's bit 6 is set. */
function decodeS(bytes: number[]): number {
  const last = bytes[bytes.length - 1];
  return decodeU(bytes) - ((last & 0x40) !== 0 ? 2 ** (7 * bytes.length) : 0);
}

describe('LEB128', () => {
  it('matches the encodings worked out in the DWARF/Wikipedia examples', () => {
    // 624485 = 0b10011_0001110_1100101 → groups 1100101, 0001110, 0100110 → E5 8E 26.
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    // −123456 → C0 BB 78 (two's complement groups, sign bit 6 of the last byte set).
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    // 64 needs two bytes signed: a single 0x40 would read as −64.
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-1)).toEqual([0x7f]);
  });

  it('round-trips every u32 and i32, with no byte to spare', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 32 - 1 }), (n) => {
        const b = uleb(n);
        // Bits needed: 1 for 0, else ⌊log2 n⌋ + 1; 7 per byte.
        const bits = n === 0 ? 1 : n.toString(2).length;
        return decodeU(b) === n && b.length === Math.ceil(bits / 7);
      }),
    );
    fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (n) => decodeS(sleb(n)) === n));
  });
});

describe('assembleModule', () => {
  it('builds a valid module whose function runs (a + b·3 over an imported memory)', () => {
    const bytes = assembleModule([
      {
        name: 'f',
        params: [I32, I32],
        results: [I32],
        locals: [],
        body: [...op.get(0), ...op.get(1), ...op.i32(3), ...op.mul, ...op.add],
      },
    ]);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const { f } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as { f: (a: number, b: number) => number };
    // 5 + 7·3 = 26
    expect(f(5, 7)).toBe(26);
  });
});
