import {
  backend_util,
  BatchMatMul,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropFilterInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  Transpose,
} from '@tensorflow/tfjs-core';
import { type ConvGeometry, im2col, im2colT } from './im2col.js';
import { runStock } from './stock.js';
import { disposeTemp, f32, type WasmBackend } from './wasm-heap.js';

/**
 * Conv2DBackpropFilter (the filter gradient of conv2d) for the wasm backend, which has none in
 * 4.22 ("Kernel 'Conv2DBackpropFilter' not registered": no conv net could train).
 *
 * Formula: dW[kh,kw,c,o] = Σ_{n,p,q} x[n, p·sh + kh − pt, q·sw + kw − pl, c] · dy[n,p,q,o],
 * i.e. with the patch matrix cols [M,K] (M = n·oh·ow, K = fh·fw·c, see im2col.ts) and dy as
 * [M,O]: dW = colsᵀ · dy. The product runs on XNNPACK (stock BatchMatMul, no transposes), which
 * repacks its second operand on every call (≈ a copy per element), so the operand with the
 * smaller repack goes second:
 *   K > O: dW = colsT · dy          (colsT built directly; dy used in place)
 *   K ≤ O: dWᵀ = dyᵀ · cols         (dyᵀ by the Transpose kernel; dWᵀ transposed back, tiny)
 * Any stride, 'same' / 'valid' / explicit padding; NCHW inputs are transposed to NHWC first.
 */
export function conv2DBackpropFilter(args: {
  inputs: Conv2DBackpropFilterInputs;
  backend: WasmBackend;
  attrs: Conv2DBackpropFilterAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  const format = backend_util.convertConv2DDataFormat(dataFormat);
  const info = backend_util.computeConv2DInfo(
    (inputs.x as TensorInfo).shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    format,
  );
  const { filterHeight: fh, filterWidth: fw, inChannels: c, outChannels: o } = info;
  const k = fh * fw * c;
  const m = info.batchSize * info.outHeight * info.outWidth;
  if (k * o === 0 || m === 0) {
    const zeros = backend.makeOutput([fh, fw, c, o], 'float32');
    f32(backend, zeros).fill(0);
    return zeros;
  }
  const temps: TensorInfo[] = [];
  const temp = (t: TensorInfo): TensorInfo => {
    temps.push(t);
    return t;
  };
  try {
    let x = inputs.x as TensorInfo;
    let dy = inputs.dy as TensorInfo;
    if (format === 'channelsFirst') {
      x = temp(runStock(Transpose, { x }, backend, { perm: [0, 2, 3, 1] }));
      dy = temp(runStock(Transpose, { x: dy }, backend, { perm: [0, 2, 3, 1] }));
    }
    const g: ConvGeometry = {
      n: info.batchSize,
      h: info.inHeight,
      w: info.inWidth,
      c,
      oh: info.outHeight,
      ow: info.outWidth,
      fh,
      fw,
      sh: info.strideHeight,
      sw: info.strideWidth,
      pt: info.padInfo.top,
      pl: info.padInfo.left,
    };
    const dy2d = { ...dy, shape: [1, m, o] };
    if (k > o) {
      const colsT = temp(backend.makeOutput([1, k, m], 'float32'));
      im2colT(f32(backend, x), f32(backend, colsT), g);
      const dw = runStock(BatchMatMul, { a: colsT, b: dy2d }, backend, { transposeA: false, transposeB: false });
      dw.shape = [fh, fw, c, o];
      return dw;
    }
    const cols = temp(backend.makeOutput([1, m, k], 'float32'));
    im2col(f32(backend, x), f32(backend, cols), g);
    const dyT = temp(runStock(Transpose, { x: { ...dy, shape: [m, o] } }, backend, { perm: [1, 0] }));
    const dwT = temp(runStock(BatchMatMul, { a: { ...dyT, shape: [1, o, m] }, b: cols }, backend, { transposeA: false, transposeB: false }));
    const out = backend.makeOutput([fh, fw, c, o], 'float32');
    const src = f32(backend, dwT);
    const dst = f32(backend, out);
    for (let oi = 0; oi < o; oi++) {
      for (let ki = 0; ki < k; ki++) dst[ki * o + oi] = src[oi * k + ki];
    }
    return out;
  } finally {
    for (const t of temps) disposeTemp(backend, t);
  }
}

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as KernelFunc,
};
