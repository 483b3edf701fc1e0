import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ConvGeometry, im2colT } from './im2col.js';
import { convGeometry, inputTap } from './test-util.js';

/** cols[m,k] straight from the definition, one element at a time. */
function naive(x: Float32Array, g: ConvGeometry): Float32Array {
  const k = g.fh * g.fw * g.c;
  const out = new Float32Array(g.n * g.oh * g.ow * k);
  for (let b = 0; b < g.n; b++)
    for (let p = 0; p < g.oh; p++)
      for (let q = 0; q < g.ow; q++)
        for (let kh = 0; kh < g.fh; kh++)
          for (let kw = 0; kw < g.fw; kw++)
            for (let ci = 0; ci < g.c; ci++) {
              const m = (b * g.oh + p) * g.ow + q;
              out[m * k + (kh * g.fw + kw) * g.c + ci] = inputTap(x, g, b, p, q, kh, kw, ci);
            }
  return out;
}

/** Channels up to 6: both sides of the WIDE = 4 switch. */
const geometry = convGeometry({ n: 2, hw: 6, c: 6, f: 3, stride: 3, pad: 2 });

describe('im2colT', () => {
  it('is the transpose of the element-wise patch matrix, with padding and strides', () => {
    fc.assert(
      fc.property(geometry, (g) => {
        const x = Float32Array.from({ length: g.n * g.h * g.w * g.c }, (_, i) => i + 1);
        const m = g.n * g.oh * g.ow;
        const k = g.fh * g.fw * g.c;
        const colsT = new Float32Array(m * k).fill(NaN);
        im2colT(x, colsT, g);
        const cols = naive(x, g);
        const transposed = new Float32Array(m * k);
        for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) transposed[j * m + i] = cols[i * k + j];
        expect(Array.from(colsT)).toEqual(Array.from(transposed));
      }),
      { numRuns: 200 },
    );
  });

  it('builds any block of output rows as the matching columns of the whole', () => {
    fc.assert(
      fc.property(geometry, fc.nat(), fc.nat(), (g, u, v) => {
        const rows = g.n * g.oh;
        const r0 = u % rows;
        const r1 = r0 + 1 + (v % (rows - r0));
        const x = Float32Array.from({ length: g.n * g.h * g.w * g.c }, (_, i) => i + 1);
        const k = g.fh * g.fw * g.c;
        const mb = (r1 - r0) * g.ow;
        const block = new Float32Array(k * mb).fill(NaN);
        im2colT(x, block, g, r0, r1);
        const cols = naive(x, g);
        const expected = new Float32Array(k * mb);
        for (let j = 0; j < mb; j++) for (let t = 0; t < k; t++) expected[t * mb + j] = cols[(r0 * g.ow + j) * k + t];
        expect(Array.from(block)).toEqual(Array.from(expected));
      }),
      { numRuns: 200 },
    );
  });

  it('3×3 window, pad 1, on a 2×2 one-channel image (hand-worked)', () => {
    // x = [[1,2],[3,4]]; output pixel (0,0) sees rows −1..1, cols −1..1: taps
    // [0,0,0, 0,1,2, 0,3,4]; pixel (1,1) sees rows 0..2, cols 0..2: [1,2,0, 3,4,0, 0,0,0].
    // colsT[k, m] holds tap k of pixel m, so pixel 0 is column 0 and pixel 3 is column 3.
    const g: ConvGeometry = { n: 1, h: 2, w: 2, c: 1, oh: 2, ow: 2, fh: 3, fw: 3, sh: 1, sw: 1, pt: 1, pl: 1 };
    const colsT = new Float32Array(9 * 4);
    im2colT(Float32Array.from([1, 2, 3, 4]), colsT, g);
    expect(Array.from({ length: 9 }, (_, k) => colsT[k * 4])).toEqual([0, 0, 0, 0, 1, 2, 0, 3, 4]);
    expect(Array.from({ length: 9 }, (_, k) => colsT[k * 4 + 3])).toEqual([1, 2, 0, 3, 4, 0, 0, 0, 0]);
  });
});
