/**
 * Geometry of a 2-D convolution over NHWC data: input [n,h,w,c], filter [fh,fw,c,·], output
 * [n,oh,ow,·], stride (sh,sw), padding top/left (pt,pl). Rows of the patch matrix are output
 * pixels m = (b·oh + p)·ow + q; columns are filter taps k = (kh·fw + kw)·c + ci, the order of a
 * [fh,fw,c,o] filter flattened to [fh·fw·c, o].
 */
export interface ConvGeometry {
  n: number;
  h: number;
  w: number;
  c: number;
  oh: number;
  ow: number;
  fh: number;
  fw: number;
  sh: number;
  sw: number;
  pt: number;
  pl: number;
}

/**
 * From this many channels up, a tap is written pixel by pixel with the channels innermost
 * (contiguous reads, ≈2× faster at 16 channels); below it channel by channel with the pixels
 * innermost (≈2× faster for one channel).
 */
const WIDE = 4;

/**
 * Transposed im2col of a block of output rows: colsT[k, j] = x[b, p·sh + kh − pt,
 * q·sw + kw − pl, ci] for the output pixels j = 0… of output rows r0 ≤ (b·oh + p) < r1, 0 in
 * the padding. colsT holds fh·fw·c rows of (r1 − r0)·ow. Then the block's part of the filter
 * gradient is colsT · dy[rows]. Built a block at a time so that the input rows it reads and
 * the block it writes stay in cache.
 */
export function im2colT(x: Float32Array, colsT: Float32Array, g: ConvGeometry, r0 = 0, r1 = g.n * g.oh): void {
  const { h, w, c, oh, ow, fh, fw, sh, pt } = g;
  const m = (r1 - r0) * ow;
  const writeTap = c >= WIDE ? writeTapWide : writeTapNarrow;
  for (let row = r0; row < r1; row++) {
    const b = Math.floor(row / oh);
    const p = row - b * oh;
    const m0 = (row - r0) * ow;
    for (let kh = 0; kh < fh; kh++) {
      const r = p * sh + kh - pt;
      const inRow = r >= 0 && r < h;
      const rowBase = (b * h + r) * w;
      for (let kw = 0; kw < fw; kw++) writeTap(x, colsT, inRow, rowBase, (kh * fw + kw) * c * m + m0, m, kw, g);
    }
  }
}

/**
 * Writes one tap (kh, kw) of one output row into colsT from `tap0` on (row stride `m`); `inRow`
 * says whether the tap's input row is inside the image, `rowBase` is that row's first pixel.
 */
type TapWriter = (x: Float32Array, colsT: Float32Array, inRow: boolean, rowBase: number, tap0: number, m: number, kw: number, g: ConvGeometry) => void;

/** One tap (kh, kw) of one output row, channel by channel: colsT[tap·c + ci, m0 + q]. */
const writeTapNarrow: TapWriter = (x, colsT, inRow, rowBase, tap0, m, kw, g) => {
  const { w, c, ow, sw, pl } = g;
  // Output columns q whose input column q·sw + kw − pl is inside [0, w).
  const qLo = Math.min(ow, Math.max(0, Math.ceil((pl - kw) / sw)));
  const qHi = Math.max(qLo, Math.min(ow, Math.floor((w - 1 + pl - kw) / sw) + 1));
  const step = sw * c;
  for (let ci = 0; ci < c; ci++) {
    const dst = tap0 + ci * m;
    if (!inRow) {
      colsT.fill(0, dst, dst + ow);
      continue;
    }
    if (qLo > 0) colsT.fill(0, dst, dst + qLo);
    let src = (rowBase + qLo * sw + kw - pl) * c + ci;
    for (let q = qLo; q < qHi; q++, src += step) colsT[dst + q] = x[src];
    if (qHi < ow) colsT.fill(0, dst + qHi, dst + ow);
  }
};

/** One tap (kh, kw) of one output row, pixel by pixel with the channels innermost. */
const writeTapWide: TapWriter = (x, colsT, inRow, rowBase, tap0, m, kw, g) => {
  const { w, c, ow, sw, pl } = g;
  for (let q = 0; q < ow; q++) {
    const col = q * sw + kw - pl;
    let dst = tap0 + q;
    if (!inRow || col < 0 || col >= w) {
      for (let ci = 0; ci < c; ci++, dst += m) colsT[dst] = 0;
    } else {
      const src = (rowBase + col) * c;
      for (let ci = 0; ci < c; ci++, dst += m) colsT[dst] = x[src + ci];
    }
  }
};
