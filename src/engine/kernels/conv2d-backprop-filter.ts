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
import { convGrid, fillDyGrid, fillPlanes } from './conv-grid.js';
import { type ConvGeometry, im2colT } from './im2col.js';
import { simdKernels } from './simd/simd-kernels.js';
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
 * Stride 1 with a multiple of 4 output channels (every conv of the CNN) takes a faster
 * path without a patch matrix or XNNPACK, `simdFilterGrad` (≈6× faster for the first layer).
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
    if (g.sh === 1 && g.sw === 1 && o % 4 === 0 && simdFilterGrad(backend, x, dy, out, g, o)) return out;
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

/** Grid pixels per pass of the SIMD path: a pass's dy rows (≤ 128 KiB at o = 32) stay in L2. */
const SIMD_BLOCK = 1024;

/**
 * The stride-1 filter gradient with lrlab's SIMD loop (simd-kernels.ts `rows2x16`): input and dy
 * laid out once on the padded grid of `convGrid`, then dW[(tap, ci), :] += Σ_g
 * planes[ci][g + shift(tap)]·dyGrid[g, :] two rows at a time, reading the patch rows straight
 * from the planes (no patch matrix) and dy without XNNPACK's repacking. Needs o % 4 = 0;
 * returns false where the engine has no wasm SIMD.
 */
function simdFilterGrad(backend: WasmBackend, x: TensorInfo, dy: TensorInfo, out: TensorInfo, g: ConvGeometry, o: number): boolean {
  const simd = simdKernels(backend.wasm.asm.memory);
  if (simd === null) return false;
  const grid = convGrid(g);
  const rows = g.fh * g.fw * g.c;
  const planes = backend.makeOutput([g.c, grid.length], 'float32');
  const dyGrid = backend.makeOutput([grid.size, o], 'float32');
  // Where the second row of an odd row count goes.
  const spare = backend.makeOutput([16], 'float32');
  try {
    const heap = backend.wasm.HEAPF32;
    const planesAt = byteOffset(backend, planes);
    const dyAt = byteOffset(backend, dyGrid);
    const outAt = byteOffset(backend, out);
    const spareAt = byteOffset(backend, spare);
    fillPlanes(heap, byteOffset(backend, x) / 4, planesAt / 4, g, grid);
    fillDyGrid(heap, byteOffset(backend, dy) / 4, dyAt / 4, g, o, grid);
    // Byte offset of row r's first term: plane ci, shifted by its tap.
    const rowAt = new Int32Array(rows);
    for (let kh = 0, r = 0; kh < g.fh; kh++) {
      for (let kw = 0; kw < g.fw; kw++) {
        for (let ci = 0; ci < g.c; ci++, r++) rowAt[r] = planesAt + (ci * grid.length + kh * grid.wp + kw) * 4;
      }
    }
    const stride = o * 4;
    for (let m0 = 0; m0 < grid.size; m0 += SIMD_BLOCK) {
      const n = Math.min(SIMD_BLOCK, grid.size - m0);
      const d0 = dyAt + m0 * stride;
      for (let r = 0; r < rows; r += 2) {
        const second = r + 1 < rows;
        const a0 = rowAt[r] + m0 * 4;
        const a1 = second ? rowAt[r + 1] + m0 * 4 : a0;
        let j = 0;
        for (; j + 16 <= o; j += 16) {
          simd.rows2x16(a0, a1, d0 + j * 4, stride, n, outAt + (r * o + j) * 4, second ? outAt + ((r + 1) * o + j) * 4 : spareAt);
        }
        for (; j < o; j += 4) {
          simd.rows2x4(a0, a1, d0 + j * 4, stride, n, outAt + (r * o + j) * 4, second ? outAt + ((r + 1) * o + j) * 4 : spareAt);
        }
      }
    }
    return true;
  } finally {
    disposeTemp(backend, planes);
    disposeTemp(backend, dyGrid);
    disposeTemp(backend, spare);
  }
}

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as KernelFunc,
};
