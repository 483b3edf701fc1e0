import { findBackend, getKernel, type KernelConfig, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { addConfig } from './add.js';
import { batchMatMulConfig } from './batch-mat-mul.js';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input.js';
import { fusedMatMulConfig } from './fused-mat-mul.js';
import { gatherV2Config } from './gather-v2.js';
import { castConfig, identityConfig } from './identity.js';
import { maxPoolGradConfig } from './max-pool-grad.js';
import { sliceConfig } from './slice.js';
import { sqrtConfig } from './sqrt.js';
import { ensureSetup, rememberStock, stockConfig } from './stock.js';
import { sumConfig } from './sum.js';

/**
 * lrlab's replacement kernels for tfjs-backend-wasm 4.22 (issue 3, "Backend"): each fixes one
 * measured performance bug or missing kernel, and equals the stock (or cpu backend) result.
 */
export const FAST_KERNELS: readonly KernelConfig[] = [
  batchMatMulConfig,
  fusedMatMulConfig,
  gatherV2Config,
  sliceConfig,
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  maxPoolGradConfig,
  identityConfig,
  castConfig,
  sumConfig,
  sqrtConfig,
  addConfig,
];

let installed = false;

/**
 * Registers the replacements for the wasm backend (or restores the stock kernels). The stock
 * configs are saved on the first switch, so stock ↔ fast can alternate within one process (the
 * kernel benchmark does). Kernel registration is global and independent of which backend is
 * active, so this may be called before or after `tf.setBackend('wasm')`.
 *
 * Example: `applyFastKernels(false)` → the next wasm `tf.matMul(a, b, true)` runs the stock loop.
 */
export function applyFastKernels(enabled: boolean): void {
  if (enabled === installed) return;
  for (const config of FAST_KERNELS) {
    const name = config.kernelName;
    // Only while the registry still holds the stock kernels: after a switch to fast it holds ours.
    if (enabled) rememberStock(name);
    if (getKernel(name, 'wasm') !== undefined) unregisterKernel(name, 'wasm');
    const stock = stockConfig(name);
    if (enabled) registerKernel(config);
    else if (stock !== undefined) {
      registerKernel(stock);
      const backend = findBackend('wasm');
      if (backend !== null) ensureSetup(stock, backend);
    }
  }
  installed = enabled;
}

/** Whether the replacement kernels are registered now. */
export function fastKernelsInstalled(): boolean {
  return installed;
}
