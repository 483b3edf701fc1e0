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
import { type ConvGeometry, im2colT } from './im2col.js';
import { runStock } from './stock.js';
import { byteOffset, disposeTemp, f32, makeView, releaseView, type WasmBackend } from './wasm-heap.js';

/** Patch-matrix block size in output pixels: the block and its dy rows stay in cache. */
const BLOCK_PIXELS = 1536;

/**
 * Conv2DBackpropFilter (the filter gradient of conv2d) for the wasm backend, which has none in
 * 4.22 ("Kernel 'Conv2DBackpropFilter' not registered": no conv net could train).
 *
 * Formula: dW[kh,kw,c,o] = Σ_{n,p,q} x[n, p·sh + kh − pt, q·sw + kw − pl, c] · dy[n,p,q,o],
 * i.e. dW = colsᵀ · dy with the patch matrix cols [M,K] (M = n·oh·ow output pixels,
 * K = fh·fw·c taps) and dy as [M,O]. Computed in blocks of output rows: for each block,
 * colsTᵦ [K,mᵦ] is built directly (im2colT) and colsTᵦ · dyᵦ runs on XNNPACK (the stock
 * BatchMatMul, no transposes) with dyᵦ a view of dy's rows, no copy; the K×O partial products
 * are summed. Blocks matter: XNNPACK repacks its second operand on every call, and repacking a
 * whole [M,O] dy at once was 5–40× slower than the product itself, whereas ~1.5k-row blocks
 * repack in cache.
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
  const { filterHeight: fh, filterWidth: fw, inChannels: c, outChannels: o, outWidth: ow } = info;
  const k = fh * fw * c;
  const rows = info.batchSize * info.outHeight;
  const out = backend.makeOutput([fh, fw, c, o], 'float32');
  f32(backend, out).fill(0);
  if (k * o === 0 || rows * ow === 0) return out;
  const temps: TensorInfo[] = [];
  try {
    let x = inputs.x as TensorInfo;
    let dy = inputs.dy as TensorInfo;
    if (format === 'channelsFirst') {
      x = runStock(Transpose, { x }, backend, { perm: [0, 2, 3, 1] });
      temps.push(x);
      dy = runStock(Transpose, { x: dy }, backend, { perm: [0, 2, 3, 1] });
      temps.push(dy);
    }
    const g: ConvGeometry = {
      n: info.batchSize,
      h: info.inHeight,
      w: info.inWidth,
      c,
      oh: info.outHeight,
      ow,
      fh,
      fw,
      sh: info.strideHeight,
      sw: info.strideWidth,
      pt: info.padInfo.top,
      pl: info.padInfo.left,
    };
    const blockRows = Math.max(1, Math.round(BLOCK_PIXELS / ow));
    const colsT = backend.makeOutput([1, k, blockRows * ow], 'float32');
    temps.push(colsT);
    for (let r0 = 0; r0 < rows; r0 += blockRows) {
      const r1 = Math.min(rows, r0 + blockRows);
      const mb = (r1 - r0) * ow;
      im2colT(f32(backend, x), f32(backend, colsT), g, r0, r1);
      const a = makeView(backend, [1, k, mb], byteOffset(backend, colsT));
      const b = makeView(backend, [1, mb, o], byteOffset(backend, dy) + r0 * ow * o * 4);
      try {
        const part = runStock(BatchMatMul, { a, b }, backend, { transposeA: false, transposeB: false });
        const dw = f32(backend, out);
        const pv = f32(backend, part);
        for (let i = 0; i < pv.length; i++) dw[i] += pv[i];
        disposeTemp(backend, part);
      } finally {
        releaseView(backend, a);
        releaseView(backend, b);
      }
    }
    return out;
  } catch (e) {
    disposeTemp(backend, out);
    throw e;
  } finally {
    for (const t of temps) disposeTemp(backend, t);
  }
}

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as KernelFunc,
};
