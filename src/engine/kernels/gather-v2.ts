import {
  backend_util,
  GatherV2,
  type GatherV2Attrs,
  type GatherV2Inputs,
  type KernelConfig,
  type KernelFunc,
  type Tensor,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { runStock } from './stock.js';
import { byteOffset, bytesPerElement, i32, type WasmBackend } from './wasm-heap.js';

/** Runs shorter than this many elements are copied in a loop; longer ones with copyWithin. */
const SHORT_RUN = 16;

/**
 * GatherV2 for the wasm backend as copies of contiguous runs on the wasm heap. Stock 4.22 reads
 * the indices out of the heap and then gathers element by element (≈25 µs per 784-float row);
 * here each gathered slice is one `copyWithin` (a memmove), and the indices are checked in
 * place. Out-of-range indices throw the stock error; string tensors go to the stock kernel.
 */
export function gatherV2(args: { inputs: GatherV2Inputs; backend: WasmBackend; attrs: GatherV2Attrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const indices = inputs.indices as TensorInfo;
  if (x.dtype === 'string' || indices.dtype !== 'int32') {
    return runStock(GatherV2, { x, indices }, backend, { ...attrs });
  }
  const axis = util.parseAxisParam(attrs.axis, x.shape)[0];
  const axisDim = x.shape[axis];
  const idx = i32(backend, indices);
  for (let i = 0; i < idx.length; i++) {
    const index = idx[i];
    // Same check and message as the stock kernel, so callers see the same error.
    util.assert(index <= axisDim - 1 && index >= 0, () => `GatherV2: the index value ${index} is not in [0, ${axisDim - 1}]`);
  }
  const info = backend_util.segment_util.collectGatherOpShapeInfo(
    x as unknown as Tensor,
    indices as unknown as Tensor,
    axis,
    attrs.batchDims,
  );
  const out = backend.makeOutput(info.outputShape, x.dtype);
  const total = util.sizeFromShape(info.outputShape);
  if (total === 0 || util.sizeFromShape(x.shape) === 0) return out;

  const bpe = bytesPerElement(x.dtype);
  // `makeOutput` may have grown the heap, which detaches `idx` (its length reads 0 then): count
  // the indices from the shape and take every view afresh.
  const count = util.sizeFromShape(indices.shape);
  const perBatch = count / info.batchSize;
  const run = info.sliceSize;
  const heap = backend.wasm.HEAPU8;
  const heapIdx = new Int32Array(heap.buffer, byteOffset(backend, indices), count);
  const xBase = byteOffset(backend, x) / bpe;
  const outBase = byteOffset(backend, out) / bpe;
  // bool tensors are bytes, the other numeric dtypes 4-byte words. Words are moved through an
  // Int32Array: integers round-trip exactly, whereas a Float32Array would canonicalise the
  // NaN-patterned words (e.g. the int32 -1).
  const view = bpe === 1 ? heap : new Int32Array(heap.buffer);
  let o = outBase;
  for (let bt = 0; bt < info.batchSize; bt++) {
    for (let outer = 0; outer < info.outerSize; outer++) {
      const rowBase = xBase + (bt * info.outerSize + outer) * info.dimSize * run;
      for (let j = 0; j < perBatch; j++) {
        const src = rowBase + heapIdx[bt * perBatch + j] * run;
        if (run < SHORT_RUN) {
          for (let e = 0; e < run; e++) view[o + e] = view[src + e];
        } else {
          view.copyWithin(o, src, src + run);
        }
        o += run;
      }
    }
  }
  return out;
}

export const gatherV2Config: KernelConfig = {
  kernelName: GatherV2,
  backendName: 'wasm',
  kernelFunc: gatherV2 as unknown as KernelFunc,
};
