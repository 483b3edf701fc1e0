import * as tfc from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-layers';
import { createRng } from '../core/random.js';
import { SpecError } from '../core/spec-error.js';

export type ModelKind = 'linear' | 'mlp' | 'cnn';
export const MODEL_KINDS: readonly ModelKind[] = ['linear', 'mlp', 'cnn'];

export interface ModelOptions {
  kind: ModelKind;
  /** Shape of one example, e.g. `[28, 28, 1]` or `[2]`. The model's input has exactly this shape. */
  inputShape: number[];
  /** Number of classes = width of the logits. */
  numClasses: number;
  /** Hidden layer widths of the `mlp`. Default `[256]`. Ignored by `linear` and `cnn`. */
  hidden?: number[];
  /** Seed of the weight initialisation: the same seed gives bitwise identical weights. */
  seed: number;
}

/**
 * Build one of lrlab's models; every one outputs LOGITS (no softmax: the loss applies it).
 *
 * - `linear`: softmax regression, `logits = x·W + b`.
 * - `mlp`: `hidden` (default [256]) fully connected ReLU layers, then a linear layer.
 * - `cnn`: conv 3×3·16 (ReLU, valid) → maxpool 2 → conv 3×3·32 (ReLU, valid) → maxpool 2 → dense;
 *   needs a `[h, w, c]` input (28×28×1 → 26 → 13 → 11 → 5, so 800 features into the dense layer).
 *
 * Initialisation of `linear` and `mlp`: He-normal (Kaiming; truncated normal with σ = √(2/fanIn)) for
 * layers followed by a ReLU, Glorot-uniform (limit √(6/(fanIn+fanOut))) for the logits layer, zero
 * biases. The `cnn` uses PyTorch's default for conv and linear layers instead: weights and biases
 * U(−b, b) with b = 1/√fanIn (kaiming_uniform with a = √5). Measured with
 * `lrlab train --data mnist --model cnn --optimizer sgd --lr 0.1 --batch-size 128 --epochs 3`, seeds
 * 0/1/2: 98.53/98.01/98.11% validation accuracy against 98.34/97.93/98.02% with He + Glorot, better
 * on every seed; on the MLP the same change was worse (96.98% against 97.25% at seed 0), so the dense
 * models keep He. Each layer's seed is drawn from `createRng(seed)`, so equal seeds give identical
 * weights on every backend.
 *
 * @example createModel({ kind: 'mlp', inputShape: [28, 28, 1], numClasses: 10, hidden: [512, 256], seed: 0 })
 *
 * Papers: He et al. 2015 (Delving Deep into Rectifiers); Glorot & Bengio 2010.
 */
export function createModel(opts: ModelOptions): tf.LayersModel {
  const { kind, inputShape, numClasses, seed } = opts;
  if (!(MODEL_KINDS as readonly string[]).includes(kind)) throw new SpecError('kind', `must be one of ${MODEL_KINDS.join('|')}`);
  if (!Array.isArray(inputShape) || inputShape.length === 0 || !inputShape.every(isPositiveInt)) {
    throw new SpecError('inputShape', 'must be a non-empty list of positive integers');
  }
  if (!Number.isInteger(numClasses) || numClasses < 2) throw new SpecError('numClasses', 'must be an integer >= 2');
  if (!Number.isInteger(seed)) throw new SpecError('seed', 'must be an integer');
  const hidden = opts.hidden ?? [256];
  if (!Array.isArray(hidden) || !hidden.every(isPositiveInt)) throw new SpecError('hidden', 'must be a list of positive integers');

  const rng = createRng(seed);
  const nextSeed = (): number => rng.int(2 ** 31 - 1);
  const he = () => tf.initializers.heNormal({ seed: nextSeed() });
  const glorot = () => tf.initializers.glorotUniform({ seed: nextSeed() });

  const model = tf.sequential();
  const first = { inputShape };
  if (kind === 'cnn') {
    if (inputShape.length !== 3) throw new SpecError('inputShape', 'the cnn needs images [height, width, channels]');
    if (inputShape[0] < 10 || inputShape[1] < 10) throw new SpecError('inputShape', 'the cnn needs images of at least 10×10');
    const channels = inputShape[2];
    model.add(tf.layers.conv2d({ ...first, filters: 16, kernelSize: 3, activation: 'relu', ...torchInit(9 * channels, nextSeed) }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', ...torchInit(9 * 16, nextSeed) }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.flatten());
    const flat = (model.outputShape as number[])[1];
    model.add(tf.layers.dense({ units: numClasses, ...torchInit(flat, nextSeed) }));
    return model;
  }
  let shaped = false;
  if (inputShape.length > 1) {
    model.add(tf.layers.flatten(first));
    shaped = true;
  }
  const layers = kind === 'mlp' ? hidden : [];
  for (const units of layers) {
    model.add(tf.layers.dense({ ...(shaped ? {} : first), units, activation: 'relu', kernelInitializer: he() }));
    shaped = true;
  }
  model.add(tf.layers.dense({ ...(shaped ? {} : first), units: numClasses, kernelInitializer: glorot() }));
  return model;
}

/** A model's forward pass as a plain function of its input batch. */
export type ForwardFn = (x: tfc.Tensor) => tfc.Tensor;

type LayerConfig = {
  activation?: string; useBias?: boolean; dataFormat?: string; strides?: number[]; padding?: string;
  dilationRate?: number | number[]; poolSize?: number[];
};

/**
 * The forward pass of a Sequential model built from Flatten, Dense and Conv2D (linear or ReLU)
 * and MaxPooling2D layers as direct tfjs-core calls — `fused.conv2d`, `maxPool` and `reshape`
 * with the layers' own arguments, and Dense as `relu(x·W + b)` — without tfjs-layers' per-call
 * bookkeeping (input-spec checks, name scopes, nested tidies, customGrad wrappers): 71 → ~50
 * kernels in a batch-1 MLP step. The numbers equal `model.apply`'s up to float32 rounding of
 * the bias addition (XNNPACK's fused kernel adds the bias first). Returns null for anything else
 * (other layer types or activations, channels-first data, functional graphs): the caller then
 * uses `model.apply`.
 *
 * @example const f = compileForward(model) ?? ((x) => model.apply(x) as tf.Tensor);
 */
export function compileForward(model: tf.LayersModel): ForwardFn | null {
  if (!(model instanceof tf.Sequential) || model.inputs.length !== 1 || model.outputs.length !== 1) return null;
  const steps: ForwardFn[] = [];
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    const c = layer.getConfig() as LayerConfig;
    if (c.dataFormat !== undefined && c.dataFormat !== 'channelsLast') return null;
    const w = layer.weights.map((v) => v.read());
    if (cls === 'InputLayer') continue;
    const inRank = (layer.input as tf.SymbolicTensor).shape.length;
    if (cls === 'Flatten') {
      steps.push((x) => tfc.reshape(x, [x.shape[0], x.shape.slice(1).reduce((a, b) => a * b, 1)]));
    } else if (cls === 'Dense') {
      const activation = fusedActivation(c.activation);
      if (activation === null || inRank !== 2 || w.length !== (c.useBias ? 2 : 1)) return null;
      const [kernel, bias] = w;
      // Plain matMul + add + relu, not fused.matMul: under a gradient tape the fused op runs
      // unfused anyway, wrapped in a customGrad that adds ~7 bookkeeping kernels per layer.
      steps.push((x) => {
        let y = tfc.matMul(x, kernel);
        if (bias) y = tfc.add(y, bias);
        return activation === 'relu' ? tfc.relu(y) : y;
      });
    } else if (cls === 'Conv2D') {
      const activation = fusedActivation(c.activation);
      if (activation === null || inRank !== 4 || w.length !== (c.useBias ? 2 : 1) || (c.padding !== 'same' && c.padding !== 'valid')) return null;
      const [filter, bias] = w;
      const strides = c.strides as [number, number];
      const dilations = (typeof c.dilationRate === 'number' ? [c.dilationRate, c.dilationRate] : c.dilationRate) as [number, number];
      const pad = c.padding;
      steps.push((x) => tfc.fused.conv2d({
        x: x as tfc.Tensor4D, filter: filter as tfc.Tensor4D, strides, pad, dilations, dataFormat: 'NHWC', bias: bias ?? undefined, activation,
      }));
    } else if (cls === 'MaxPooling2D') {
      if (inRank !== 4 || (c.padding !== 'same' && c.padding !== 'valid')) return null;
      const poolSize = c.poolSize as [number, number];
      const strides = (c.strides ?? poolSize) as [number, number];
      const pad = c.padding;
      steps.push((x) => tfc.maxPool(x as tfc.Tensor4D, poolSize, strides, pad));
    } else {
      return null;
    }
  }
  return (x) => steps.reduce((h, f) => f(h), x);
}

function fusedActivation(name: string | undefined): 'relu' | 'linear' | null {
  return name === 'relu' || name === 'linear' ? name : null;
}

function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

/**
 * PyTorch's default initialisation of a conv or linear layer with `fanIn` inputs per output:
 * weights and biases U(−1/√fanIn, 1/√fanIn). (kaiming_uniform with a = √5 has bound
 * gain·√(3/fanIn) with gain = √(2/(1 + a²)) = √(1/3), i.e. 1/√fanIn.)
 */
function torchInit(fanIn: number, nextSeed: () => number): Record<'kernelInitializer' | 'biasInitializer', ReturnType<typeof tf.initializers.randomUniform>> {
  const b = 1 / Math.sqrt(fanIn);
  return {
    kernelInitializer: tf.initializers.randomUniform({ minval: -b, maxval: b, seed: nextSeed() }),
    biasInitializer: tf.initializers.randomUniform({ minval: -b, maxval: b, seed: nextSeed() }),
  };
}
