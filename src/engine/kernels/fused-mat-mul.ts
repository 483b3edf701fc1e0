import {
  _FusedMatMul,
  type _FusedMatMulAttrs,
  type _FusedMatMulInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { preferSwapped, swappedProduct, transposeLastTwo } from './batch-mat-mul.js';
import { runStock } from './stock.js';
import { disposeTemp, type WasmBackend } from './wasm-heap.js';

/** Activations applied after a swapped product, as the stock kernels that compute them. */
const EPILOGUE: Record<string, string | undefined> = {
  relu: 'Relu',
  relu6: 'Relu6',
  elu: 'Elu',
  sigmoid: 'Sigmoid',
  leakyrelu: 'LeakyRelu',
  prelu: 'Prelu',
};

/**
 * _FusedMatMul (activation(a·b + bias), the forward pass of tfjs-layers' Dense) for the wasm
 * backend. Two cases change, everything else runs the stock kernel:
 * - few output rows against large weights (batch ≤ 32 training steps): the product runs in
 *   swapped order (see `swappedProduct`: the weights are not repacked every step), then bias
 *   and activation are applied by the stock Add and activation kernels;
 * - transposeA/transposeB: the operands are transposed with the Transpose kernel first, so the
 *   stock kernel takes its XNNPACK path instead of its naive loop.
 */
export function fusedMatMul(args: { inputs: _FusedMatMulInputs; backend: WasmBackend; attrs: _FusedMatMulAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const a = inputs.a as TensorInfo;
  const b = inputs.b as TensorInfo;
  const bias = inputs.bias as TensorInfo | undefined;
  const prelu = inputs.preluActivationWeights as TensorInfo | undefined;
  const { transposeA, transposeB, activation, leakyreluAlpha } = attrs;
  const stockInputs = (x: TensorInfo, y: TensorInfo): Record<string, TensorInfo> => ({
    a: x,
    b: y,
    ...(bias === undefined ? {} : { bias }),
    ...(prelu === undefined ? {} : { preluActivationWeights: prelu }),
  });
  const stock = (): TensorInfo => runStock(_FusedMatMul, stockInputs(a, b), backend, { ...attrs });
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length !== 3 || b.shape.length !== 3) return stock();
  if (a.shape[0] !== 1 || b.shape[0] !== 1) return stock();
  const m = transposeA ? a.shape[2] : a.shape[1];
  const k = transposeA ? a.shape[1] : a.shape[2];
  const kB = transposeB ? b.shape[2] : b.shape[1];
  const n = transposeB ? b.shape[1] : b.shape[2];
  if (k !== kB || m * k * n === 0) return stock();
  const act = activation ?? 'linear';
  const epilogue = act === 'linear' ? undefined : EPILOGUE[act];
  const biasOk = bias === undefined || (bias.shape.length === 1 && bias.shape[0] === n);

  if (preferSwapped(m, k, n) && (act === 'linear' || epilogue !== undefined) && biasOk) {
    let out = swappedProduct(backend, a, b, transposeA, transposeB, m, k, n);
    out.shape = [1, m, n];
    out = then(backend, out, bias === undefined ? undefined : () => runStock('Add', { a: out, b: bias }, backend));
    if (epilogue !== undefined) {
      const x = out;
      out = then(backend, x, () =>
        epilogue === 'Prelu'
          ? runStock('Prelu', { x, alpha: prelu as TensorInfo }, backend)
          : runStock(epilogue, { x }, backend, epilogue === 'LeakyRelu' ? { alpha: leakyreluAlpha ?? 0.2 } : {}),
      );
    }
    util.assert(util.arraysEqual(out.shape, [1, m, n]), () => `_FusedMatMul: unexpected output shape ${out.shape}`);
    return out;
  }
  if (!transposeA && !transposeB) return stock();
  const aRows = transposeA ? transposeLastTwo(backend, a) : a;
  const bRows = transposeB ? transposeLastTwo(backend, b) : b;
  try {
    return runStock(_FusedMatMul, stockInputs(aRows, bRows), backend, { ...attrs, transposeA: false, transposeB: false });
  } finally {
    if (aRows !== a) disposeTemp(backend, aRows);
    if (bRows !== b) disposeTemp(backend, bRows);
  }
}

/** Applies `step` to `x` (when given) and frees `x`, returning the new result. */
function then(backend: WasmBackend, x: TensorInfo, step: (() => TensorInfo) | undefined): TensorInfo {
  if (step === undefined) return x;
  try {
    return step();
  } finally {
    disposeTemp(backend, x);
  }
}

export const fusedMatMulConfig: KernelConfig = {
  kernelName: _FusedMatMul,
  backendName: 'wasm',
  kernelFunc: fusedMatMul as unknown as KernelFunc,
};
