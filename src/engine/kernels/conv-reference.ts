/**
 * A direct float64 conv2d over NHWC arrays, written from the definition, for the kernel tests'
 * finite-difference checks: out[b,p,q,o] = Σ_{kh,kw,c} x[b, p·sh+kh−pt, q·sw+kw−pl, c]·W[kh,kw,c,o].
 */
export function conv2dReference(
  x: ArrayLike<number>,
  xShape: readonly number[],
  w: ArrayLike<number>,
  wShape: readonly number[],
  stride: readonly [number, number],
  pads: { top: number; left: number },
  outHW: readonly [number, number],
): Float64Array {
  const [n, h, wd, c] = xShape;
  const [fh, fw, , o] = wShape;
  const [oh, ow] = outHW;
  const out = new Float64Array(n * oh * ow * o);
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < oh; p++) {
      for (let q = 0; q < ow; q++) {
        for (let oc = 0; oc < o; oc++) {
          let s = 0;
          for (let kh = 0; kh < fh; kh++) {
            const r = p * stride[0] + kh - pads.top;
            if (r < 0 || r >= h) continue;
            for (let kw = 0; kw < fw; kw++) {
              const col = q * stride[1] + kw - pads.left;
              if (col < 0 || col >= wd) continue;
              for (let ci = 0; ci < c; ci++) {
                s += x[((b * h + r) * wd + col) * c + ci] * w[((kh * fw + kw) * c + ci) * o + oc];
              }
            }
          }
          out[((b * oh + p) * ow + q) * o + oc] = s;
        }
      }
    }
  }
  return out;
}
