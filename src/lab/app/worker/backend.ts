import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { BackendChoice } from './protocol.js';

const ORDER = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;

let wasmPathSet = false;

/**
 * Start the first backend that works: the one asked for, or webgpu → webgl → wasm → cpu for
 * `auto`. tfjs's `setBackend` resolves false (or throws) when a backend cannot start — no GPU
 * adapter, no WebGL in a worker — so each is tried in turn. Returns the name in use and why
 * earlier ones were skipped.
 */
export async function startBackend(choice: BackendChoice, base: URL): Promise<{ name: string; note: string }> {
  if (!wasmPathSet) {
    setWasmPaths(new URL('wasm/', base).href);
    wasmPathSet = true;
  }
  const candidates = choice === 'auto' ? ORDER : [choice];
  const skipped: string[] = [];
  for (const name of candidates) {
    let ok = false;
    try {
      ok = await tf.setBackend(name);
      if (ok) await tf.ready();
    } catch (err) {
      skipped.push(`${name}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      continue;
    }
    if (ok) {
      const extra = name === 'wasm'
        ? ` (${(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) ? 'SIMD' : 'no SIMD'}, ${(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) ? 'threads' : 'one thread'})`
        : '';
      return { name, note: `${name}${extra}${skipped.length ? `; skipped ${skipped.join('; ')}` : ''}` };
    }
    skipped.push(`${name}: unavailable`);
  }
  throw new Error(`no TensorFlow.js backend could start (${skipped.join('; ')})`);
}
