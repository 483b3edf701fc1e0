import { SpecError, requireNumber } from '../../core/spec-error.js';

/** The optimizers `createOptimizer` builds. */
export type OptimizerName = 'sgd' | 'momentum' | 'nesterov' | 'adam' | 'adamw' | 'rmsprop' | 'lars' | 'lamb';

export const OPTIMIZER_NAMES: readonly OptimizerName[] = [
  'sgd', 'momentum', 'nesterov', 'adam', 'adamw', 'rmsprop', 'lars', 'lamb',
];

/**
 * Options of `createOptimizer`. Fields that do not apply to the chosen optimizer must be left
 * undefined (a SpecError names them otherwise, so a typo'd flag never passes silently).
 */
export interface OptimizerOptions {
  name: OptimizerName;
  /** Learning rate, finite and ≥ 0. Settable every step with `setLearningRate`. */
  lr: number;
  /** sgd (default 0), momentum/nesterov/lars (default 0.9), rmsprop (default 0); in [0, 1). */
  momentum?: number;
  /**
   * Default 0 (adamw: 0.01), ≥ 0. L2 added to the gradient, `g ← g + λ·θ` (PyTorch
   * `weight_decay`), for sgd/momentum/nesterov/adam/rmsprop; decoupled `θ ← θ − lr·λ·θ` for
   * adamw; inside the trust ratio and the update for lars and lamb, as in their papers.
   */
  weightDecay?: number;
  /** adam/adamw/lamb first-moment decay, default 0.9, in [0, 1). Settable with `setMomentum`. */
  beta1?: number;
  /** adam/adamw/lamb second-moment decay, default 0.999, in [0, 1). */
  beta2?: number;
  /** adam/adamw/lamb/rmsprop denominator term, default 1e-8 (PyTorch), > 0. */
  epsilon?: number;
  /**
   * rmsprop decay of the mean square, default 0.9 as tfjs's `tf.train.rmsprop`; PyTorch's
   * `RMSprop(alpha=0.99)` needs `rho: 0.99` to match.
   */
  rho?: number;
  /** lars trust coefficient η, default 0.001 (You et al. 2017), > 0. */
  trustCoefficient?: number;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  name: OptimizerName;
  lr: number;
  momentum: number;
  weightDecay: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  rho: number;
  trustCoefficient: number;
}

type Field = Exclude<keyof OptimizerOptions, 'name' | 'lr'>;

const FIELDS: Record<OptimizerName, readonly Field[]> = {
  sgd: ['momentum', 'weightDecay'],
  momentum: ['momentum', 'weightDecay'],
  nesterov: ['momentum', 'weightDecay'],
  adam: ['beta1', 'beta2', 'epsilon', 'weightDecay'],
  adamw: ['beta1', 'beta2', 'epsilon', 'weightDecay'],
  rmsprop: ['momentum', 'rho', 'epsilon', 'weightDecay'],
  lars: ['momentum', 'weightDecay', 'trustCoefficient'],
  lamb: ['beta1', 'beta2', 'epsilon', 'weightDecay'],
};

/** The option `setMomentum` changes: `beta1` for the Adam family, else `momentum`. */
export function momentumField(name: OptimizerName): 'momentum' | 'beta1' {
  return FIELDS[name].includes('beta1') ? 'beta1' : 'momentum';
}

const ALL_FIELDS: readonly Field[] = [
  'momentum', 'weightDecay', 'beta1', 'beta2', 'epsilon', 'rho', 'trustCoefficient',
];

const unit = (v: number): boolean => v >= 0 && v < 1;

/** Check a learning rate: finite and ≥ 0 (0 is allowed: schedules such as cosine reach it). */
export function checkLearningRate(lr: unknown, path = 'lr'): number {
  return requireNumber(path, lr, 'must be a finite number ≥ 0', (v) => v >= 0);
}

/** Check a momentum or beta1: finite, in [0, 1). */
export function checkMomentum(m: unknown, path = 'momentum'): number {
  return requireNumber(path, m, 'must be a number in [0, 1)', unit);
}

/**
 * Validate options and fill in the defaults. Throws SpecError naming the first bad field:
 * an unknown optimizer, a value out of range, or a field the optimizer does not use.
 */
export function resolveOptions(o: OptimizerOptions): ResolvedOptions {
  if (typeof o !== 'object' || o === null) throw new SpecError('optimizer', 'must be an options object');
  const name = o.name;
  if (!OPTIMIZER_NAMES.includes(name)) {
    throw new SpecError('name', `must be one of ${OPTIMIZER_NAMES.join(', ')}`);
  }
  const lr = checkLearningRate(o.lr);
  for (const f of ALL_FIELDS) {
    if (o[f] !== undefined && !FIELDS[name].includes(f)) {
      throw new SpecError(f, `does not apply to optimizer '${name}'${f === 'momentum' ? ' (use beta1)' : ''}`);
    }
  }
  const momentumDefault = name === 'momentum' || name === 'nesterov' || name === 'lars' ? 0.9 : 0;
  const momentum = o.momentum === undefined ? momentumDefault : checkMomentum(o.momentum);
  if (name === 'nesterov' && momentum === 0) {
    throw new SpecError('momentum', "must be > 0 for 'nesterov'");
  }
  const num = (f: Field, dflt: number, rule: string, ok: (v: number) => boolean): number =>
    o[f] === undefined ? dflt : requireNumber(f, o[f], rule, ok);
  return {
    name,
    lr,
    momentum,
    weightDecay: num('weightDecay', name === 'adamw' ? 0.01 : 0, 'must be a finite number ≥ 0', (v) => v >= 0),
    beta1: num('beta1', 0.9, 'must be a number in [0, 1)', unit),
    beta2: num('beta2', 0.999, 'must be a number in [0, 1)', unit),
    epsilon: num('epsilon', 1e-8, 'must be a finite number > 0', (v) => v > 0),
    rho: num('rho', 0.9, 'must be a number in [0, 1)', unit),
    trustCoefficient: num('trustCoefficient', 0.001, 'must be a finite number > 0', (v) => v > 0),
  };
}
