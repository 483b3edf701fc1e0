import type * as tf from '@tensorflow/tfjs-core';
import { isLrlabOptimizer } from './base.js';

/**
 * Run `fn` (an evaluation) with the model's variables holding the weights the optimizer wants
 * evaluated: schedule-free's averaged point x instead of the y its steps take gradients at. The
 * training weights are back, bitwise, when `fn` settles. For every other optimizer (tfjs's
 * included) it is just `fn()`. Snapshots taken outside `fn` hold the training weights.
 *
 * Example: `const val = await withEvalWeights(optimizer, () => evaluateSet(set, view, 1000));`
 */
export function withEvalWeights<T>(opt: tf.Optimizer, fn: () => Promise<T> | T): Promise<T> {
  return isLrlabOptimizer(opt) ? opt.withEvalWeights(fn) : Promise.resolve().then(fn);
}

/**
 * The step size d a learning-rate-free optimizer (prodigy, dadapt-sgd, dadapt-adam) adapted; null
 * for others. Read back asynchronously (`tensor.data()`): a synchronous read does not exist on
 * webgpu in Node. Example: `await adaptedStepSize(opt)` → 0.0123.
 */
export function adaptedStepSize(opt: tf.Optimizer): Promise<number | null> {
  return isLrlabOptimizer(opt) ? opt.adaptedStepSize() : Promise.resolve(null);
}
