import { getKernel, type KernelConfig, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmBackend } from './wasm-heap.js';

/**
 * The wasm backend's own kernel configs, saved before a replacement is registered so that the
 * replacement can delegate the cases it does not speed up, and so the originals can be restored.
 */
const saved = new Map<string, KernelConfig>();

/** Which stock kernels have had their setup (binding the wasm function) on which backend. */
const setUp = new WeakMap<object, Set<string>>();

/**
 * Runs a stock kernel's `setupFunc` on `backend` once. The engine runs setup functions only for
 * the kernels registered when the backend initialises, so a stock kernel that was swapped out
 * at that moment still needs it before its first call.
 */
export function ensureSetup(config: KernelConfig, backend: object): void {
  if (config.setupFunc === undefined) return;
  let names = setUp.get(backend);
  if (names === undefined) {
    names = new Set();
    setUp.set(backend, names);
  }
  if (names.has(config.kernelName)) return;
  config.setupFunc(backend as never);
  names.add(config.kernelName);
}

/** Remembers the currently registered wasm kernel `name` (once; later calls keep the first). */
export function rememberStock(name: string): void {
  if (saved.has(name)) return;
  const config = getKernel(name, 'wasm');
  if (config !== undefined) saved.set(name, config);
}

/** The saved stock config of `name`, or undefined when the wasm backend has no such kernel. */
export function stockConfig(name: string): KernelConfig | undefined {
  return saved.get(name);
}

/**
 * Runs the stock wasm kernel `name` directly (no engine bookkeeping: the result is a bare
 * TensorInfo the caller must return or free with `disposeTemp`). Kernels that lrlab never
 * replaces (Transpose, Conv2D, ...) are looked up in the live registry.
 */
export function runStock(
  name: string,
  inputs: NamedTensorInfoMap,
  backend: WasmBackend,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const config = saved.get(name) ?? getKernel(name, 'wasm');
  if (config === undefined) throw new Error(`Kernel '${name}' not registered for backend 'wasm'`);
  ensureSetup(config, backend);
  const out = config.kernelFunc({ inputs, backend: backend as never, attrs });
  if (Array.isArray(out)) throw new Error(`kernel '${name}' returned several outputs; one expected`);
  return out;
}
