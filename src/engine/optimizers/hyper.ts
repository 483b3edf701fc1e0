import type * as tf from '@tensorflow/tfjs-core';
import { SpecError } from '../../core/spec-error.js';
import { isLrlabOptimizer } from './base.js';
import { checkLearningRate, checkMomentum } from './options.js';
import { tfjsClassInfo, type Fields } from './tfjs-classes.js';

/**
 * Set the learning rate used by the optimizer's next step. Works on every tfjs-core optimizer
 * class (SGD, Momentum, Adam, Adamax, Adagrad, Adadelta, RMSProp — each the way its update
 * really reads it, see tfjs-classes.ts) and on lrlab's own. `lr` must be finite and ≥ 0.
 *
 * Example: `setLearningRate(model.optimizer, schedule(step))` before each batch.
 */
export function setLearningRate(opt: tf.Optimizer, lr: number): void {
  checkLearningRate(lr);
  if (isLrlabOptimizer(opt)) opt.setLearningRate(lr);
  else tfjsClassInfo(opt).setLearningRate(opt as unknown as Fields, lr);
}

/** The learning rate the optimizer's next step will use. */
export function getLearningRate(opt: tf.Optimizer): number {
  if (isLrlabOptimizer(opt)) return opt.getLearningRate();
  tfjsClassInfo(opt);
  return (opt as unknown as Fields).learningRate as number;
}

/**
 * Set momentum — or beta1 for Adam, AdamW, LAMB and tfjs's Adam/Adamax, as PyTorch's OneCycleLR
 * and CyclicLR do with `betas[0]` — for the next step; `m` in [0, 1). Throws SpecError
 * `momentum` for optimizers without one (tfjs SGD, Adagrad, Adadelta: check `getMomentum`
 * first). lrlab's `sgd` has one (0 by default), as PyTorch's SGD.
 */
export function setMomentum(opt: tf.Optimizer, m: number): void {
  checkMomentum(m);
  if (isLrlabOptimizer(opt)) {
    opt.setMomentum(m);
    return;
  }
  const info = tfjsClassInfo(opt);
  if (info.setMomentum === undefined) {
    throw new SpecError('momentum', `optimizer ${opt.getClassName()} has no momentum to set`);
  }
  info.setMomentum(opt as unknown as Fields, m);
}

/** Momentum (or beta1) the next step will use, or null when the optimizer has none. */
export function getMomentum(opt: tf.Optimizer): number | null {
  if (isLrlabOptimizer(opt)) return opt.getMomentum();
  const field = tfjsClassInfo(opt).momentumField;
  return field === null ? null : ((opt as unknown as Fields)[field] as number);
}
