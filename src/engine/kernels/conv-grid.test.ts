import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convGrid, fillDyGrid, fillPlanes } from './conv-grid.js';
import type { ConvGeometry } from './im2col.js';
import { convGeometry, inputTap } from './test-util.js';

/** Stride-1 geometries with paddings up to 4 (beyond the filter size, where pads exceed fh − 1). */
const geometry = convGeometry({ n: 3, hw: 6, c: 3, f: 3, stride: 1, pad: 4 });

describe('convGrid / fillPlanes / fillDyGrid', () => {
  it('every output pixel reads each tap at its grid position + kh·wp + kw', () => {
    fc.assert(
      fc.property(geometry, (g) => {
        const grid = convGrid(g);
        const heap = new Float32Array(7 + g.n * g.h * g.w * g.c + g.c * grid.length).fill(NaN);
        const xAt = 7;
        const x = Float32Array.from({ length: g.n * g.h * g.w * g.c }, (_, i) => i + 1);
        heap.set(x, xAt);
        const at = xAt + x.length;
        fillPlanes(heap, xAt, at, g, grid);
        for (let b = 0; b < g.n; b++)
          for (let p = 0; p < g.oh; p++)
            for (let q = 0; q < g.ow; q++) {
              const pos = (b * grid.hp + p) * grid.wp + q;
              for (let kh = 0; kh < g.fh; kh++)
                for (let kw = 0; kw < g.fw; kw++)
                  for (let ci = 0; ci < g.c; ci++) {
                    const got = heap[at + ci * grid.length + pos + kh * grid.wp + kw];
                    if (got !== inputTap(x, g, b, p, q, kh, kw, ci)) return false;
                  }
            }
        // Every input value is on the grid once per channel plane (nothing dropped or doubled).
        const onGrid = Array.from(heap.subarray(at)).filter((v) => v !== 0).sort((u, v) => u - v);
        return onGrid.length === x.length && onGrid.every((v, i) => v === i + 1);
      }),
      { numRuns: 300 },
    );
  });

  it('dy sits at the output pixels of the grid, zeros at the rest', () => {
    fc.assert(
      fc.property(geometry, fc.integer({ min: 1, max: 5 }), (g, o) => {
        const grid = convGrid(g);
        const dy = Float32Array.from({ length: g.n * g.oh * g.ow * o }, (_, i) => i + 1);
        const heap = new Float32Array(dy.length + grid.size * o).fill(NaN);
        heap.set(dy, 0);
        fillDyGrid(heap, 0, dy.length, g, o, grid);
        const out = heap.subarray(dy.length);
        let seen = 0;
        for (let b = 0; b < g.n; b++)
          for (let r = 0; r < grid.hp; r++)
            for (let s = 0; s < grid.wp; s++)
              for (let oc = 0; oc < o; oc++) {
                const v = out[((b * grid.hp + r) * grid.wp + s) * o + oc];
                const want = r < g.oh && s < g.ow ? dy[((b * g.oh + r) * g.ow + s) * o + oc] : 0;
                if (v !== want) return false;
                if (v !== 0) seen++;
              }
        return seen === dy.length;
      }),
      { numRuns: 300 },
    );
  });

  it("is 15×15 per 14×14 image for a 3×3 'same' conv, 29×29 for 28×28 (hand-worked)", () => {
    // hp = max(pt + h, oh + fh − 1 − pt, oh) = max(1 + 14, 14 + 2 − 1, 14) = 15; reach = 2·15 + 2.
    const g: ConvGeometry = { n: 64, h: 14, w: 14, c: 16, oh: 14, ow: 14, fh: 3, fw: 3, sh: 1, sw: 1, pt: 1, pl: 1 };
    expect(convGrid(g)).toEqual({ hp: 15, wp: 15, size: 64 * 225, reach: 32, length: 64 * 225 + 32 });
    expect(convGrid({ ...g, h: 28, w: 28, oh: 28, ow: 28 }).hp).toBe(29);
    expect(() => convGrid({ ...g, sh: 2 })).toThrow(/stride must be 1/);
  });
});
