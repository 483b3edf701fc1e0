import type * as tf from '@tensorflow/tfjs-core';
import { AdamOptimizer } from './adam.js';
import type { LrlabOptimizer } from './base.js';
import { DAdaptAdamOptimizer } from './dadapt-adam.js';
import { DAdaptSgdOptimizer } from './dadapt-sgd.js';
import { LambOptimizer } from './lamb.js';
import { LarsOptimizer } from './lars.js';
import { resolveOptions, type OptimizerOptions, type ResolvedOptions } from './options.js';
import { ProdigyOptimizer } from './prodigy.js';
import { RmspropOptimizer } from './rmsprop.js';
import { ScheduleFreeAdamWOptimizer, ScheduleFreeSgdOptimizer } from './schedule-free.js';
import { SgdOptimizer } from './sgd.js';

const BUILDERS: Record<ResolvedOptions['name'], (o: ResolvedOptions) => LrlabOptimizer> = {
  sgd: (o) => new SgdOptimizer(o),
  momentum: (o) => new SgdOptimizer(o),
  nesterov: (o) => new SgdOptimizer(o),
  adam: (o) => new AdamOptimizer(o),
  adamw: (o) => new AdamOptimizer(o),
  rmsprop: (o) => new RmspropOptimizer(o),
  lars: (o) => new LarsOptimizer(o),
  lamb: (o) => new LambOptimizer(o),
  'schedulefree-sgd': (o) => new ScheduleFreeSgdOptimizer(o),
  'schedulefree-adamw': (o) => new ScheduleFreeAdamWOptimizer(o),
  prodigy: (o) => new ProdigyOptimizer(o),
  'dadapt-sgd': (o) => new DAdaptSgdOptimizer(o),
  'dadapt-adam': (o) => new DAdaptAdamOptimizer(o),
};

/**
 * Build an optimizer from options, validated (SpecError naming the field otherwise). Its
 * `applyGradients({[variableName]: grad})` applies the whole update, weight decay included;
 * learning rate and momentum/beta1 are settable before any step (`setLearningRate`,
 * `setMomentum`); `tf.LayersModel.compile({optimizer})` accepts it too.
 *
 * Example: `createOptimizer({name: 'adamw', lr: 1e-3, weightDecay: 0.01})`.
 */
export function createOptimizer(o: OptimizerOptions): tf.Optimizer {
  const resolved = resolveOptions(o);
  return BUILDERS[resolved.name](resolved);
}
