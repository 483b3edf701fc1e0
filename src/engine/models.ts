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
 * Initialisation: He-normal (Kaiming; truncated normal with σ = √(2/fanIn)) for layers followed by a
 * ReLU, Glorot-uniform (limit √(6/(fanIn+fanOut))) for the logits layer, zero biases. Each layer's
 * seed is drawn from `createRng(seed)`, so equal seeds give identical weights on every backend.
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
    model.add(tf.layers.conv2d({ ...first, filters: 16, kernelSize: 3, activation: 'relu', kernelInitializer: he() }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', kernelInitializer: he() }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: numClasses, kernelInitializer: glorot() }));
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

function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}
