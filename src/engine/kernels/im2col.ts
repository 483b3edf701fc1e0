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
 * im2col: cols[m, k] = x[b, p·sh + kh − pt, q·sw + kw − pl, ci], 0 where that falls in the
 * padding. cols has (n·oh·ow)·(fh·fw·c) elements. Then conv2d(x, W) = cols · W.
 */
export function im2col(x: Float32Array, cols: Float32Array, g: ConvGeometry): void {
  const { n, h, w, c, oh, ow, fh, fw, sh, sw, pt, pl } = g;
  const kSize = fh * fw * c;
  let dst = 0;
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < oh; p++) {
      for (let q = 0; q < ow; q++) {
        for (let kh = 0; kh < fh; kh++) {
          const r = p * sh + kh - pt;
          if (r < 0 || r >= h) {
            cols.fill(0, dst, dst + fw * c);
            dst += fw * c;
            continue;
          }
          const rowBase = (b * h + r) * w;
          for (let kw = 0; kw < fw; kw++) {
            const col = q * sw + kw - pl;
            if (col < 0 || col >= w) {
              cols.fill(0, dst, dst + c);
            } else {
              const src = (rowBase + col) * c;
              for (let ci = 0; ci < c; ci++) cols[dst + ci] = x[src + ci];
            }
            dst += c;
          }
        }
      }
    }
  }
  if (dst !== n * oh * ow * kSize) throw new Error('im2col: geometry does not match the buffer');
}

/**
 * Transposed im2col: colsT[k, m] = cols[m, k], written directly (one output row p of one image
 * at a time, so the input rows it reads stay in cache).
 */
export function im2colT(x: Float32Array, colsT: Float32Array, g: ConvGeometry): void {
  const { n, h, w, c, oh, ow, fh, fw, sh, sw, pt, pl } = g;
  const m = n * oh * ow;
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < oh; p++) {
      const m0 = (b * oh + p) * ow;
      for (let kh = 0; kh < fh; kh++) {
        const r = p * sh + kh - pt;
        const inRow = r >= 0 && r < h;
        const rowBase = (b * h + r) * w;
        for (let kw = 0; kw < fw; kw++) {
          // Output columns q whose input column q·sw + kw − pl is inside [0, w).
          const qLo = Math.min(ow, Math.max(0, Math.ceil((pl - kw) / sw)));
          const qHi = Math.max(qLo, Math.min(ow, Math.floor((w - 1 + pl - kw) / sw) + 1));
          for (let ci = 0; ci < c; ci++) {
            const dst = ((kh * fw + kw) * c + ci) * m + m0;
            if (!inRow) {
              colsT.fill(0, dst, dst + ow);
              continue;
            }
            if (qLo > 0) colsT.fill(0, dst, dst + qLo);
            let src = (rowBase + qLo * sw + kw - pl) * c + ci;
            const step = sw * c;
            for (let q = qLo; q < qHi; q++, src += step) colsT[dst + q] = x[src];
            if (qHi < ow) colsT.fill(0, dst + qHi, dst + ow);
          }
        }
      }
    }
  }
}
