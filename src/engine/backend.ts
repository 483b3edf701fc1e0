import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core's entry registers no gradients; tfjs-layers' Node bundle registers them all (the
// deep import '@tensorflow/tfjs-core/dist/register_all_gradients' does not load in plain Node).
import '@tensorflow/tfjs-layers';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { applyFastKernels, fastKernelsInstalled } from './kernels/fast-kernels.js';

export type BackendName = 'wasm' | 'cpu';

/** What `backendInfo()` reports: the active backend and how the wasm one runs. */
export interface BackendInfo {
  name: string;
  /** The wasm backend runs its SIMD build (false on cpu). */
  simd: boolean;
  /** XNNPACK threads of the wasm backend (tfjs 4.22 forces 1 in Node); 1 on cpu. */
  threads: number;
  /** lrlab's replacement wasm kernels are registered (see src/engine/kernels). */
  fastKernels: boolean;
}

let wasmPathsSet = false;
let wantFast = true;

/**
 * Select and initialise a TensorFlow.js backend in Node. `wasm` (the default) loads its `.wasm`
 * files from the installed @tensorflow/tfjs-backend-wasm package (no network) and registers
 * lrlab's replacement kernels unless `setFastKernels(false)` was called; if wasm cannot start,
 * it falls back to `cpu` with a note on stderr. Either way the cpu backend's Node banner is
 * switched off (see `quietCpuBackend`). Returns the backend in use.
 *
 * Example: `await initBackend()` → 'wasm'.
 */
export async function initBackend(name: BackendName = 'wasm'): Promise<BackendName> {
  // Also on wasm: code may switch to cpu later with tf.setBackend (tests compare against it).
  quietCpuBackend();
  if (name === 'wasm') {
    if (!wasmPathsSet) {
      const require = createRequire(import.meta.url);
      const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
      setWasmPaths(`${dist}/`);
      wasmPathsSet = true;
    }
    let ok = false;
    let why = 'setBackend returned false';
    try {
      ok = await tf.setBackend('wasm');
    } catch (e) {
      why = e instanceof Error ? e.message : String(e);
    }
    if (ok) {
      await tf.ready();
      // After the backend's init, which runs the stock kernels' setup functions.
      applyFastKernels(wantFast);
      return 'wasm';
    }
    process.stderr.write(`lrlab: note: wasm backend failed to initialise (${why}); using cpu\n`);
  }
  const ok = await tf.setBackend('cpu');
  if (!ok) throw new Error(`backend 'cpu' failed to initialise`);
  await tf.ready();
  return 'cpu';
}

/**
 * Stops the cpu backend's one-off "Hi, looks like you are running TensorFlow.js in Node.js…"
 * banner, which tfjs-backend-cpu 4.22 prints through console.warn on its first tensor write
 * (`MathBackendCPU.write` while `firstUse` is true) and which would land in the CLI's stderr.
 * Only that flag is cleared; tfjs' other warnings, and every computation, stay as they are. The
 * global alternatives were rejected: `PROD` and `IS_TEST` silence all of tfjs' warnings, and
 * `IS_TEST` also turns on the engine's per-kernel leak checks.
 */
function quietCpuBackend(): void {
  const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu !== null && cpu.firstUse === true) cpu.firstUse = false;
}

/**
 * Register (true, the default) or remove (false) lrlab's replacement wasm kernels; removing
 * restores the stock tfjs-backend-wasm 4.22 kernels exactly (so Conv2DBackpropFilter is then
 * missing again). Takes effect for the next kernel call; the cpu backend is never touched.
 */
export function setFastKernels(enabled: boolean): void {
  wantFast = enabled;
  applyFastKernels(enabled);
}

/** Whether lrlab's replacement wasm kernels are registered. */
export function fastKernelsEnabled(): boolean {
  return fastKernelsInstalled();
}

/** The active backend, and for wasm whether it runs SIMD and on how many threads. */
export function backendInfo(): BackendInfo {
  const name = tf.engine().backendName ?? 'none';
  const wasm = name === 'wasm';
  return {
    name,
    simd: wasm && tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
    threads: wasm ? getThreadsCount() : 1,
    fastKernels: fastKernelsInstalled(),
  };
}
