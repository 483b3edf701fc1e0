import { type DataType, type TensorInfo, util } from '@tensorflow/tfjs-core';

/**
 * The parts of tfjs-backend-wasm 4.22's `BackendWasm` that the replacement kernels use. They are
 * not in its public typings, so they are named here once; everything else goes through
 * `@tensorflow/tfjs-core`'s kernel API. Checked against
 * node_modules/@tensorflow/tfjs-backend-wasm/dist/backend_wasm.js.
 */
export interface WasmBackend {
  wasm: {
    /** The module's exports; `memory` is the heap every tensor lives in. */
    asm: { memory: WebAssembly.Memory };
    HEAPU8: Uint8Array;
    HEAPF32: Float32Array;
    HEAP32: Int32Array;
    tfjs: { disposeData(id: number): void };
  };
  dataIdMap: {
    get(dataId: object): { id: number; memoryOffset: number; shape: number[]; dtype: DataType };
    delete(dataId: object): void;
  };
  /** Allocates (or, given `memoryOffset`, registers without allocating) a tensor on the heap. */
  makeOutput(shape: number[], dtype: DataType, memoryOffset?: number): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
  /** One more owner of the data (an output that shares its input's memory). */
  incRef(dataId: object): void;
  numDataIds(): number;
}

/** Byte offset of a tensor's data in the wasm heap. */
export function byteOffset(backend: WasmBackend, t: TensorInfo): number {
  return backend.dataIdMap.get(t.dataId).memoryOffset;
}

/**
 * A Float32Array over a float32 tensor's data, without copying. Take it after the last
 * allocation: an allocation can grow the heap, which detaches earlier views.
 */
export function f32(backend: WasmBackend, t: TensorInfo): Float32Array {
  return new Float32Array(backend.wasm.HEAPU8.buffer, byteOffset(backend, t), util.sizeFromShape(t.shape));
}

/** An Int32Array over an int32 tensor's data, without copying. Same caveat as `f32`. */
export function i32(backend: WasmBackend, t: TensorInfo): Int32Array {
  return new Int32Array(backend.wasm.HEAPU8.buffer, byteOffset(backend, t), util.sizeFromShape(t.shape));
}

/** Frees a temporary tensor that a kernel made with `makeOutput` or a stock kernel call. */
export function disposeTemp(backend: WasmBackend, t: TensorInfo): void {
  backend.disposeData(t.dataId);
}

/**
 * Registers a tensor that aliases `shape`-many floats at `offset` bytes of an existing tensor, so
 * a stock kernel can read or write a part of it in place. Release it with `releaseView`, never
 * `disposeData` (that would free memory the view does not own).
 */
export function makeView(backend: WasmBackend, shape: number[], offset: number): TensorInfo {
  return backend.makeOutput(shape, 'float32', offset);
}

/** Unregisters a view made by `makeView` without freeing its memory. */
export function releaseView(backend: WasmBackend, view: TensorInfo): void {
  const data = backend.dataIdMap.get(view.dataId);
  backend.wasm.tfjs.disposeData(data.id);
  backend.dataIdMap.delete(view.dataId);
}

/** Bytes per element of a numeric dtype on the wasm heap (bool is one byte there). */
export function bytesPerElement(dtype: DataType): number {
  return dtype === 'bool' ? 1 : 4;
}
