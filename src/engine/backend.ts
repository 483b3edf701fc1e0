import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

export type BackendName = 'wasm' | 'cpu';

let wasmPathsSet = false;

/**
 * Select and initialise a TensorFlow.js backend in Node. `wasm` loads its `.wasm` files from the
 * installed @tensorflow/tfjs-backend-wasm package (no network). Returns the backend in use.
 */
export async function initBackend(name: BackendName = 'wasm'): Promise<BackendName> {
  if (name === 'wasm' && !wasmPathsSet) {
    const require = createRequire(import.meta.url);
    const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(`${dist}/`);
    wasmPathsSet = true;
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`backend '${name}' failed to initialise`);
  await tf.ready();
  return name;
}
