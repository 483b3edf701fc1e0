import { type KernelConfig, type KernelFunc, Slice, type SliceAttrs, type SliceInputs, slice_util, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { runStock } from './stock.js';
import { byteOffset, bytesPerElement, type WasmBackend } from './wasm-heap.js';

/** Runs shorter than this many elements are copied in a loop; longer ones with copyWithin. */
const SHORT_RUN = 16;

/**
 * Slice for the wasm backend as copies of contiguous runs on the wasm heap. Stock 4.22 first
 * copies the whole input out of wasm memory (`readSync`, ≈17 ms for one row of a [10000,784]
 * tensor); here a contiguous slice is one `copyWithin` and a strided one a copy per run of the
 * innermost contiguous extent. String tensors go to the stock kernel.
 */
export function slice(args: { inputs: SliceInputs; backend: WasmBackend; attrs: SliceAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  if (x.dtype === 'string') return runStock(Slice, { x }, backend, { ...attrs });
  const [begin, size] = slice_util.parseSliceParams(x, attrs.begin, attrs.size);
  const out = backend.makeOutput(size, x.dtype);
  const total = util.sizeFromShape(size);
  if (total === 0) return out;

  const rank = x.shape.length;
  const strides = util.computeStrides(x.shape);
  // Innermost contiguous run: the last axis plus every axis before it whose trailing axes are
  // taken whole.
  let d = rank - 1;
  let run = rank === 0 ? 1 : size[d];
  while (d > 0 && size[d] === x.shape[d]) {
    d--;
    run *= size[d];
  }
  const bpe = bytesPerElement(x.dtype);
  const heap = backend.wasm.HEAPU8;
  // Int32Array for 4-byte dtypes: bit-exact for int32 too (see gather-v2.ts).
  const view = bpe === 1 ? heap : new Int32Array(heap.buffer);
  const xBase = byteOffset(backend, x) / bpe;
  let o = byteOffset(backend, out) / bpe;
  const runs = total / run;
  const pos = new Array<number>(Math.max(d, 0)).fill(0);
  const innerStart = rank === 0 ? 0 : begin[d] * (d === rank - 1 ? 1 : strides[d]);
  for (let r = 0; r < runs; r++) {
    let src = xBase + innerStart;
    for (let j = 0; j < d; j++) src += (begin[j] + pos[j]) * strides[j];
    if (run < SHORT_RUN) {
      for (let e = 0; e < run; e++) view[o + e] = view[src + e];
    } else {
      view.copyWithin(o, src, src + run);
    }
    o += run;
    for (let j = d - 1; j >= 0; j--) {
      if (++pos[j] < size[j]) break;
      pos[j] = 0;
    }
  }
  return out;
}

export const sliceConfig: KernelConfig = {
  kernelName: Slice,
  backendName: 'wasm',
  kernelFunc: slice as unknown as KernelFunc,
};
