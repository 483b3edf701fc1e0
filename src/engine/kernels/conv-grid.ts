import type { ConvGeometry } from './im2col.js';

/**
 * The padded pixel grid on which a stride-1 convolution's patch matrix is made of contiguous
 * copies. Each image gets hp rows of wp pixels; input pixel (i, j) sits at grid (i + pt, j + pl),
 * output pixel (p, q) at grid (p, q). Flattening the grid as g = (b·hp + r)·wp + s, the input
 * read by output pixel g through tap (kh, kw) is at grid position g + kh·wp + kw: one shift per
 * tap, the same for every pixel. So with the input stored channel-planar on the grid (one plane
 * of `length` floats per channel), row (tap, ci) of the transposed patch matrix over a block of
 * grid pixels is one contiguous slice of plane ci, and dy placed on the same grid (zero at grid
 * pixels that are not output pixels) makes those extra pixels contribute nothing.
 *
 * Sizes: a read past an image's right edge wraps into the next grid row's first columns, and one
 * past its bottom edge into the next image's first rows, so those must be padding (zeros):
 * wp ≥ ow + fw − 1 − pl and hp ≥ oh + fh − 1 − pt; the image itself needs wp ≥ pl + w and
 * hp ≥ pt + h, and the outputs wp ≥ ow, hp ≥ oh. The smallest such grid lets neighbouring images
 * share their padding rows: 15×15 grid pixels per 14×14 image for a 3×3 'same' conv (15% more
 * than the outputs, against 31% for a separate 16×16 frame per image).
 */
export interface ConvGrid {
  hp: number;
  wp: number;
  /** Grid pixels: n·hp·wp. */
  size: number;
  /** Largest tap shift: (fh − 1)·wp + fw − 1. */
  reach: number;
  /** Floats per channel plane: size + reach, so the last block's shifted slices stay inside. */
  length: number;
}

/** The grid of a stride-1 convolution (sh = sw = 1; other strides are not representable). */
export function convGrid(g: ConvGeometry): ConvGrid {
  if (g.sh !== 1 || g.sw !== 1) throw new Error(`convGrid: stride must be 1, got ${g.sh}×${g.sw}`);
  const hp = Math.max(g.pt + g.h, g.oh + g.fh - 1 - g.pt, g.oh);
  const wp = Math.max(g.pl + g.w, g.ow + g.fw - 1 - g.pl, g.ow);
  const size = g.n * hp * wp;
  const reach = (g.fh - 1) * wp + g.fw - 1;
  return { hp, wp, size, reach, length: size + reach };
}

/**
 * planes[at + ci·length + (b·hp + i + pt)·wp + j + pl] = heap[xAt + ((b·h + i)·w + j)·c + ci]:
 * the NHWC input x, channel-planar on the grid, zeros elsewhere. Both live in `heap`.
 */
export function fillPlanes(heap: Float32Array, xAt: number, at: number, g: ConvGeometry, grid: ConvGrid): void {
  const { n, h, w, c, pt, pl } = g;
  const { hp, wp, length } = grid;
  heap.fill(0, at, at + c * length);
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < h; i++) {
      const src0 = xAt + (b * h + i) * w * c;
      const dst0 = at + (b * hp + i + pt) * wp + pl;
      if (c === 1) {
        heap.copyWithin(dst0, src0, src0 + w);
        continue;
      }
      for (let ci = 0; ci < c; ci++) {
        const dst = dst0 + ci * length;
        for (let j = 0, src = src0 + ci; j < w; j++, src += c) heap[dst + j] = heap[src];
      }
    }
  }
}

/**
 * heap[at + ((b·hp + p)·wp + q)·o + oc] = heap[dyAt + ((b·oh + p)·ow + q)·o + oc]: dy on the
 * grid, 0 at the grid pixels that are not output pixels; one copy per output row.
 */
export function fillDyGrid(heap: Float32Array, dyAt: number, at: number, g: ConvGeometry, o: number, grid: ConvGrid): void {
  const { n, oh, ow } = g;
  const { hp, wp, size } = grid;
  const rowLen = ow * o;
  if (wp === ow && hp === oh) {
    heap.copyWithin(at, dyAt, dyAt + size * o);
    return;
  }
  heap.fill(0, at, at + size * o);
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < oh; p++) {
      const src = dyAt + (b * oh + p) * rowLen;
      heap.copyWithin(at + (b * hp + p) * wp * o, src, src + rowLen);
    }
  }
}
