import { SpecError, requireNumber } from '../../core/spec-error.js';

/** The optimizers `createOptimizer` builds. */
export type OptimizerName =
  | 'sgd' | 'momentum' | 'nesterov' | 'adam' | 'adamw' | 'rmsprop' | 'lars' | 'lamb'
  | 'schedulefree-sgd' | 'schedulefree-adamw' | 'prodigy' | 'dadapt-sgd' | 'dadapt-adam';

export const OPTIMIZER_NAMES: readonly OptimizerName[] = [
  'sgd', 'momentum', 'nesterov', 'adam', 'adamw', 'rmsprop', 'lars', 'lamb',
  'schedulefree-sgd', 'schedulefree-adamw', 'prodigy', 'dadapt-sgd', 'dadapt-adam',
];

/**
 * The learning-rate-free methods, whose `lr` multiplies the step size they adapt (d): 1 is
 * their authors' default and the value to start from.
 */
export const LR_FREE_OPTIMIZERS: readonly OptimizerName[] = ['prodigy', 'dadapt-sgd', 'dadapt-adam'];

/**
 * The learning rate each optimizer's authors recommend as a default, where there is one: the
 * multiplier 1 of the learning-rate-free methods, schedule-free SGD's 1.0 and schedule-free
 * AdamW's 0.0025 (their reference implementations' defaults). Schedule-free SGD at 1.0 needs the
 * linear warmup its paper uses: without one it diverged at step 2 on the MNIST MLP (see README).
 */
export const DEFAULT_LEARNING_RATES: Partial<Record<OptimizerName, number>> = {
  'schedulefree-sgd': 1,
  'schedulefree-adamw': 0.0025,
  prodigy: 1,
  'dadapt-sgd': 1,
  'dadapt-adam': 1,
};

/**
 * Options of `createOptimizer`. Fields that do not apply to the chosen optimizer must be left
 * undefined (a SpecError names them otherwise, so a typo'd flag never passes silently).
 */
export interface OptimizerOptions {
  name: OptimizerName;
  /** Learning rate, finite and ≥ 0. Settable every step with `setLearningRate`. */
  lr: number;
  /**
   * sgd (default 0), momentum/nesterov/lars (default 0.9), rmsprop (default 0), schedulefree-sgd
   * (the interpolation β, default 0.9), dadapt-sgd (default 0); in [0, 1).
   */
  momentum?: number;
  /**
   * Default 0 (adamw: 0.01), ≥ 0. L2 added to the gradient, `g ← g + λ·θ` (PyTorch
   * `weight_decay`), for sgd/momentum/nesterov/adam/rmsprop/dadapt-sgd/dadapt-adam; decoupled
   * `θ ← θ − lr·λ·θ` for adamw and prodigy (`θ ← θ − d·lr·λ·θ`); at y in the z step for the
   * schedule-free pair; inside the trust ratio and the update for lars and lamb, as in their papers.
   */
  weightDecay?: number;
  /**
   * adam/adamw/lamb/prodigy/dadapt-adam first-moment decay, schedulefree-adamw's interpolation β;
   * default 0.9, in [0, 1). Settable with `setMomentum`.
   */
  beta1?: number;
  /** Second-moment decay of the Adam family (adam/adamw/lamb/schedulefree-adamw/prodigy/dadapt-adam), default 0.999, in [0, 1). */
  beta2?: number;
  /** Denominator term of the Adam family and rmsprop, default 1e-8 (PyTorch), > 0. */
  epsilon?: number;
  /**
   * rmsprop decay of the mean square, default 0.9 as tfjs's `tf.train.rmsprop`; PyTorch's
   * `RMSprop(alpha=0.99)` needs `rho: 0.99` to match.
   */
  rho?: number;
  /** lars trust coefficient η, default 0.001 (You et al. 2017), > 0. */
  trustCoefficient?: number;
  /** prodigy/dadapt-sgd/dadapt-adam: the initial estimate of d, default 1e-6 (their papers), > 0. */
  d0?: number;
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
  d0: number;
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
  'schedulefree-sgd': ['momentum', 'weightDecay'],
  'schedulefree-adamw': ['beta1', 'beta2', 'epsilon', 'weightDecay'],
  prodigy: ['beta1', 'beta2', 'epsilon', 'weightDecay', 'd0'],
  'dadapt-sgd': ['momentum', 'weightDecay', 'd0'],
  'dadapt-adam': ['beta1', 'beta2', 'epsilon', 'weightDecay', 'd0'],
};

/** The option `setMomentum` changes: `beta1` for the Adam family, else `momentum`. */
export function momentumField(name: OptimizerName): 'momentum' | 'beta1' {
  return FIELDS[name].includes('beta1') ? 'beta1' : 'momentum';
}

const ALL_FIELDS: readonly Field[] = [
  'momentum', 'weightDecay', 'beta1', 'beta2', 'epsilon', 'rho', 'trustCoefficient', 'd0',
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
  // Schedule-free SGD's interpolation β is 0.9 in its paper and reference; D-Adapted SGD's is 0.
  const momentumDefault = name === 'momentum' || name === 'nesterov' || name === 'lars' || name === 'schedulefree-sgd' ? 0.9 : 0;
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
    d0: num('d0', 1e-6, 'must be a finite number > 0', (v) => v > 0),
  };
}
