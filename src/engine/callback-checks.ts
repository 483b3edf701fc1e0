import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * The compiled model's optimizer, checked to come from the same @tensorflow/tfjs-core as lrlab.
 * `self` is the `this` tfjs called the hook with: tfjs wraps every entry of a callbacks list in
 * its CustomCallback unless the first entry is one of its own tf.Callback instances (a plain
 * object first, or a callback class from another tfjs-layers copy), and the wrapper then runs
 * the hooks with itself as `this`. An optimizer from another tfjs-core copy fails `instanceof`.
 */
export function checkedOptimizer(who: string, self: unknown, cls: abstract new (...args: never[]) => unknown, model: tfl.LayersModel | undefined): tf.Optimizer {
  if (!(self instanceof cls) || model === undefined) {
    throw new Error(`${who}: tfjs did not take this callback for a tf.Callback: either a plain {onEpochEnd…} object comes first in the callbacks list (put lrlab's callbacks first, or wrap plain objects in new tf.CustomCallback(…)), or the app loads a second copy of @tensorflow/tfjs-layers. ${ONE_COPY}`);
  }
  const opt = model.optimizer as tf.Optimizer | undefined;
  if (!opt) throw new Error(`${who}: the model has no optimizer (compile it first)`);
  if (!(opt instanceof tf.Optimizer)) {
    throw new Error(`${who}: the model's optimizer comes from a second copy of @tensorflow/tfjs-core. ${ONE_COPY}`);
  }
  return opt;
}

const ONE_COPY = 'lrlab uses the app\'s own tfjs (peer dependencies, a version in ^4.22.0): `npm ls @tensorflow/tfjs-core @tensorflow/tfjs-layers` should list one version of each.';

/** Steps per epoch of the running `fit`, from the params tfjs gives every callback; null when unknown. */
export function fitStepsPerEpoch(params: tfl.CustomCallbackArgs | Record<string, unknown> | undefined): number | null {
  const p = (params ?? {}) as { steps?: unknown; samples?: unknown; batchSize?: unknown };
  if (typeof p.steps === 'number' && p.steps > 0) return p.steps;
  if (typeof p.samples === 'number' && typeof p.batchSize === 'number' && p.batchSize > 0) return Math.ceil(p.samples / p.batchSize);
  return null;
}
