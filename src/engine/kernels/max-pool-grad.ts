import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  MaxPoolGrad,
  type MaxPoolGradAttrs,
  type MaxPoolGradInputs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { runStock } from './stock.js';
import { simdKernels } from './simd/simd-kernels.js';
import { byteOffset, f32, type WasmBackend } from './wasm-heap.js';

/**
 * MaxPoolGrad for the wasm backend: each dy value goes to the position of its window's maximum,
 * dx[argmax(window)] += dy[window]. The first maximum in row-major window order wins ties, as in
 * the cpu backend; windows whose values are all NaN or −∞ pass no gradient. The forward result
 * (`output`) gives each window's maximum, so finding the position is a scan for the first
 * element equal to it; a window with no equal element (NaN inputs, or an `output` that is not
 * this input's max pool) falls back to a full argmax. NHWC rows are contiguous, so the channel
 * loop is innermost. Stock 4.22 took ≈15 ms per step on a small CNN and drops some gradients
 * (it disagrees with the cpu backend on random inputs).
 */
export function maxPoolGrad(args: { inputs: MaxPoolGradInputs; backend: WasmBackend; attrs: MaxPoolGradAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as TensorInfo;
  const input = inputs.input as TensorInfo;
  const output = inputs.output as TensorInfo;
  if (input.dtype !== 'float32' || dy.dtype !== 'float32' || output.dtype !== 'float32') {
    return runStock(MaxPoolGrad, { dy, input, output }, backend, { ...attrs });
  }
  const { filterSize, strides, pad, dimRoundingMode } = attrs;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const dxInfo = backend.makeOutput(input.shape, 'float32');
  const dx = f32(backend, dxInfo);
  const x = f32(backend, input);
  const y = f32(backend, output);
  const g = f32(backend, dy);
  const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw, padInfo } = info;
  if (y.length !== batchSize * oh * ow * c || g.length !== y.length) {
    throw new Error(`MaxPoolGrad: dy and output must have shape [${batchSize},${oh},${ow},${c}]`);
  }
  if (fh === 2 && fw === 2 && sh === 2 && sw === 2 && padInfo.top === 0 && padInfo.left === 0 && 2 * oh <= h && 2 * ow <= w) {
    const simd = c % 4 === 0 ? simdKernels(backend.wasm.asm.memory) : null;
    if (simd !== null) {
      // The windows write every dx element they cover; only rows/columns past them need zeros.
      if (2 * oh < h || 2 * ow < w) dx.fill(0);
      const [xAt, yAt, gAt, dxAt] = [input, output, dy, dxInfo].map((t) => byteOffset(backend, t));
      let bad = 0;
      for (let b = 0; b < batchSize; b++) {
        for (let p = 0; p < oh; p++) {
          const inRow = ((b * h + 2 * p) * w * c) * 4;
          const outRow = ((b * oh + p) * ow * c) * 4;
          bad += simd.pool2x2Row(xAt + inRow, yAt + outRow, gAt + outRow, dxAt + inRow, ow, c / 4, c * 4, w * c * 4);
        }
      }
      if (bad === 0) return dxInfo;
    }
    dx.fill(0);
    pool2x2Grad(x, y, g, dx, batchSize, h, w, c, oh, ow);
    return dxInfo;
  }
  dx.fill(0);
  const rowStride = w * c;
  let gi = 0;
  for (let b = 0; b < batchSize; b++) {
    const xb = b * h * rowStride;
    for (let p = 0; p < oh; p++) {
      const r0 = p * sh - padInfo.top;
      const rStart = Math.max(r0, 0);
      const rEnd = Math.min(r0 + fh, h);
      for (let q = 0; q < ow; q++) {
        const c0 = q * sw - padInfo.left;
        const cStart = Math.max(c0, 0);
        const cEnd = Math.min(c0 + fw, w);
        const first = xb + rStart * rowStride + cStart * c;
        for (let ch = 0; ch < c; ch++) {
          const m = y[gi++];
          // An all −∞ window passes nothing (cpu semantics: nothing beats the initial −∞).
          if (m === -Infinity) continue;
          let at = -1;
          search: for (let r = rStart, rowPos = first + ch; r < rEnd; r++, rowPos += rowStride) {
            for (let col = cStart, pos = rowPos; col < cEnd; col++, pos += c) {
              if (x[pos] === m) {
                at = pos;
                break search;
              }
            }
          }
          if (at < 0) at = argmax(x, first + ch, rEnd - rStart, cEnd - cStart, rowStride, c);
          if (at >= 0) dx[at] += g[gi - 1];
        }
      }
    }
  }
  return dxInfo;
}

/**
 * The common 2×2, stride-2 pool whose windows all lie inside the input (no padding): windows do
 * not overlap, so each dx element gets at most one value and the four candidates are tested
 * in row-major order without a window loop. With channels a multiple of 4 the SIMD loop
 * (`pool2x2Row`) does the same four vector compares per 4 channels; this scalar loop handles
 * other channel counts and windows holding NaN.
 */
function pool2x2Grad(
  x: Float32Array,
  y: Float32Array,
  g: Float32Array,
  dx: Float32Array,
  n: number,
  h: number,
  w: number,
  c: number,
  oh: number,
  ow: number,
): void {
  const rowStride = w * c;
  let gi = 0;
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < oh; p++) {
      let pos = (b * h + 2 * p) * rowStride;
      for (let q = 0; q < ow; q++, pos += 2 * c) {
        for (let ch = 0; ch < c; ch++, gi++) {
          const m = y[gi];
          const p00 = pos + ch;
          if (m === -Infinity) continue;
          if (x[p00] === m) dx[p00] = g[gi];
          else if (x[p00 + c] === m) dx[p00 + c] = g[gi];
          else if (x[p00 + rowStride] === m) dx[p00 + rowStride] = g[gi];
          else if (x[p00 + rowStride + c] === m) dx[p00 + rowStride + c] = g[gi];
          else {
            // NaN in the window (or an `output` that is not this input's pool): plain argmax.
            const at = argmax(x, p00, 2, 2, rowStride, c);
            if (at >= 0) dx[at] = g[gi];
          }
        }
      }
    }
  }
}

/** Position of the first maximum of a window (row-major), or −1 when nothing beats −∞. */
function argmax(x: Float32Array, start: number, rows: number, cols: number, rowStride: number, step: number): number {
  let best = -Infinity;
  let at = -1;
  for (let r = 0, rowPos = start; r < rows; r++, rowPos += rowStride) {
    for (let col = 0, pos = rowPos; col < cols; col++, pos += step) {
      if (x[pos] > best) {
        best = x[pos];
        at = pos;
      }
    }
  }
  return at;
}

export const maxPoolGradConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad as unknown as KernelFunc,
};
