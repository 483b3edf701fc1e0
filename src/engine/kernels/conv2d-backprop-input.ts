import {
  backend_util,
  Conv2D,
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type Conv2DBackpropInputInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { runStock } from './stock.js';
import { disposeTemp, f32, type WasmBackend } from './wasm-heap.js';

/**
 * Conv2DBackpropInput (the input gradient of conv2d, also conv2dTranspose) for the wasm backend.
 * Stock 4.22 runs a direct loop (≈30 ms per step for a small CNN); this one runs XNNPACK's
 * forward conv (the stock Conv2D kernel) on a "full" convolution:
 *   dx = conv2d(dy with stride−1 zeros between its pixels, W flipped in space with in/out
 *        channels swapped, stride 1, padding (fh−1−pt, H−EH+pt, fw−1−pl, W−EW+pl)),
 * where EH = (OH−1)·sh + 1 and EW = (OW−1)·sw + 1 are the zero-dilated dy's sizes. Derivation:
 * dx[n,y,x,c] = Σ_{kh,kw,o} dy[n,(y+pt−kh)/sh,(x+pl−kw)/sw,o]·W[kh,kw,c,o] over the integral
 * quotients, which is that convolution with i = fh−1−kh.
 * NCHW and the rare geometries that need a negative padding go to the stock kernel.
 */
export function conv2DBackpropInput(args: {
  inputs: Conv2DBackpropInputInputs;
  backend: WasmBackend;
  attrs: Conv2DBackpropInputAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs;
  const stock = (): TensorInfo => runStock(Conv2DBackpropInput, { dy, filter }, backend, { ...attrs });
  const format = backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== 'channelsLast' || dy.dtype !== 'float32' || filter.dtype !== 'float32') return stock();
  const info = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    format,
  );
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, outChannels: o } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, padInfo } = info;
  const eh = (oh - 1) * sh + 1;
  const ew = (ow - 1) * sw + 1;
  const pads = [fh - 1 - padInfo.top, h - eh + padInfo.top, fw - 1 - padInfo.left, w - ew + padInfo.left];
  if (n * h * w * c === 0 || oh * ow * o === 0 || pads.some((p) => p < 0)) return stock();

  const temps: TensorInfo[] = [];
  try {
    const flipped = backend.makeOutput([fh, fw, o, c], 'float32');
    temps.push(flipped);
    let dyD = dy;
    if (sh > 1 || sw > 1) {
      dyD = backend.makeOutput([n, eh, ew, o], 'float32');
      temps.push(dyD);
    }
    fillFlipped(f32(backend, filter), f32(backend, flipped), fh, fw, c, o);
    if (dyD !== dy) dilate(f32(backend, dy), f32(backend, dyD), n, oh, ow, o, sh, sw, eh, ew);
    const dx = runStock(Conv2D, { x: dyD, filter: flipped }, backend, {
      strides: [1, 1],
      pad: [
        [0, 0],
        [pads[0], pads[1]],
        [pads[2], pads[3]],
        [0, 0],
      ],
      dataFormat: 'NHWC',
      dilations: [1, 1],
    });
    return dx;
  } finally {
    for (const t of temps) disposeTemp(backend, t);
  }
}

/** flipped[i,j,o,c] = W[fh−1−i, fw−1−j, c, o]. */
function fillFlipped(wv: Float32Array, out: Float32Array, fh: number, fw: number, c: number, o: number): void {
  for (let i = 0; i < fh; i++) {
    for (let j = 0; j < fw; j++) {
      const src = ((fh - 1 - i) * fw + (fw - 1 - j)) * c * o;
      const dst = (i * fw + j) * o * c;
      for (let ci = 0; ci < c; ci++) {
        for (let oi = 0; oi < o; oi++) out[dst + oi * c + ci] = wv[src + ci * o + oi];
      }
    }
  }
}

/** dyD = dy with (sh−1) zero rows and (sw−1) zero columns between its pixels. */
function dilate(
  dy: Float32Array,
  out: Float32Array,
  n: number,
  oh: number,
  ow: number,
  o: number,
  sh: number,
  sw: number,
  eh: number,
  ew: number,
): void {
  out.fill(0);
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < oh; p++) {
      for (let q = 0; q < ow; q++) {
        const src = ((b * oh + p) * ow + q) * o;
        out.set(dy.subarray(src, src + o), ((b * eh + p * sh) * ew + q * sw) * o);
      }
    }
  }
}

export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput as unknown as KernelFunc,
};
