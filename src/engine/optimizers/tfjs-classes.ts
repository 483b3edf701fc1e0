import * as tf from '@tensorflow/tfjs-core';

/**
 * What lrlab knows about each optimizer class of tfjs-core 4.22: how its learning rate and
 * momentum are really read during `applyGradients` (checked against its source and by the tests
 * in tfjs-classes.test.ts), and where its state lives (for leak-free snapshots).
 *
 * - SGD, Momentum: the update uses a kept scalar `c = −lr` built by `setLearningRate`, so
 *   assigning `learningRate` alone does nothing; we call `setLearningRate`, which rebuilds `c`.
 * - Momentum: the update uses a scalar `m` built once in the constructor; its own
 *   `setMomentum()` only changes the number, with no effect. We rebuild `m`.
 * - Adam, Adamax: read `learningRate` and `beta1` (numbers) on every step; bias correction uses a
 *   variable `accBeta1` = β1^(t) multiplied by β1 after each step. When β1 is set we reset
 *   `accBeta1` to β1_new^(t), t the next step, i.e. PyTorch's 1 − β1ᵗ with the current β1.
 * - Adagrad, Adadelta, RMSProp: read `learningRate` on every step (RMSProp also `momentum`).
 *
 * Where their updates differ from PyTorch's (lrlab's own optimizers follow PyTorch):
 * - Momentum (and `useNesterov`): same as PyTorch SGD with dampening 0, without weight decay.
 * - Adam: same form, m̂/(√v̂ + ε); default ε is the backend epsilon 1e-7, PyTorch's 1e-8.
 * - RMSProp: ε inside the root, √(s + ε), and lr inside the momentum buffer
 *   (b ← μb + lr·g/√(s+ε), θ ← θ − b); PyTorch: g/(√s + ε), θ ← θ − lr·b. Default ρ 0.9 (PyTorch 0.99).
 * - Adagrad: accumulator starts at 0.1 and ε (1e-7) sits inside the root; PyTorch starts at 0
 *   with ε 1e-10 outside it.
 * - Adamax: optional lr decay and ε added to the infinity norm; PyTorch adds ε inside the max.
 * - Adadelta: divides by the mean square of the gradients *before* this step's gradient
 *   (PyTorch uses the updated one), so its first step is lr·g; PyTorch's default lr is 1.0.
 */
export interface TfjsClassInfo {
  setLearningRate(opt: Fields, lr: number): void;
  /** The optimizer's field holding momentum (or beta1), or null when it has none. */
  momentumField: 'momentum' | 'beta1' | null;
  setMomentum?(opt: Fields, m: number): void;
  /** Fields holding arrays of `{originalName, variable}` slot entries, created lazily per variable. */
  slotArrays: readonly string[];
  /** Fields holding scalar state variables (bias-correction products, step counters). */
  scalarVariables: readonly string[];
}

/** An optimizer seen as a bag of (protected) fields. */
export type Fields = Record<string, any>;

const readsLr = (opt: Fields, lr: number): void => {
  opt.learningRate = lr;
};

const rebuildsC = (opt: Fields, lr: number): void => {
  (opt as unknown as tf.SGDOptimizer).setLearningRate(lr);
};

const resetsAccBeta1 = (opt: Fields, m: number): void => {
  if (opt.beta1 === m) return;
  opt.beta1 = m;
  const t = (opt as unknown as tf.Optimizer).iterations + 1;
  tf.tidy(() => (opt.accBeta1 as tf.Variable).assign(tf.scalar(m ** t)));
};

export const TFJS_CLASSES: Readonly<Record<string, TfjsClassInfo>> = {
  SGD: { setLearningRate: rebuildsC, momentumField: null, slotArrays: [], scalarVariables: [] },
  Momentum: {
    setLearningRate: rebuildsC,
    momentumField: 'momentum',
    setMomentum(opt, m) {
      if (opt.momentum === m) return;
      opt.momentum = m;
      (opt.m as tf.Tensor).dispose();
      opt.m = tf.keep(tf.scalar(m));
    },
    slotArrays: ['accumulations'],
    scalarVariables: [],
  },
  Adam: {
    setLearningRate: readsLr,
    momentumField: 'beta1',
    setMomentum: resetsAccBeta1,
    slotArrays: ['accumulatedFirstMoment', 'accumulatedSecondMoment'],
    scalarVariables: ['accBeta1', 'accBeta2'],
  },
  Adamax: {
    setLearningRate: readsLr,
    momentumField: 'beta1',
    setMomentum: resetsAccBeta1,
    slotArrays: ['accumulatedFirstMoment', 'accumulatedWeightedInfNorm'],
    scalarVariables: ['iteration', 'accBeta1'],
  },
  Adagrad: { setLearningRate: readsLr, momentumField: null, slotArrays: ['accumulatedGrads'], scalarVariables: [] },
  Adadelta: {
    setLearningRate: readsLr,
    momentumField: null,
    slotArrays: ['accumulatedGrads', 'accumulatedUpdates'],
    scalarVariables: [],
  },
  RMSProp: {
    setLearningRate: readsLr,
    momentumField: 'momentum',
    setMomentum(opt, m) {
      opt.momentum = m;
    },
    slotArrays: ['accumulatedMeanSquares', 'accumulatedMoments', 'accumulatedMeanGrads'],
    scalarVariables: [],
  },
};

/** The info for a tfjs optimizer, by its registered class name; throws for unknown classes. */
export function tfjsClassInfo(opt: tf.Optimizer): TfjsClassInfo {
  const name = opt.getClassName();
  const info = Object.prototype.hasOwnProperty.call(TFJS_CLASSES, name) ? TFJS_CLASSES[name] : undefined;
  if (info === undefined) {
    throw new Error(
      `unsupported optimizer class '${name}': lrlab handles ${Object.keys(TFJS_CLASSES).join(', ')} and its own`,
    );
  }
  return info;
}
