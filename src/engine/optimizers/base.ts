import * as tf from '@tensorflow/tfjs-core';

type NamedTensor = { name: string; tensor: tf.Tensor };
import { checkLearningRate, checkMomentum, momentumField, type ResolvedOptions } from './options.js';

/**
 * Everything an lrlab optimizer needs to continue bit-identically from a point: the step count,
 * the settable hyper-parameters and every slot tensor (momentum buffers, moments), keyed by the
 * model variable's name and the slot's name. Whoever holds a state owns its tensors.
 */
export interface LrlabOptimizerState {
  className: string;
  iterations: number;
  lr: number;
  momentum: number;
  slots: Map<string, Map<string, tf.Tensor>>;
}

const BRAND = Symbol.for('lrlab.optimizer');

/**
 * True for optimizers built by `createOptimizer`. (A brand, not `instanceof`: tfjs gives
 * `tf.Optimizer` a duck-typed `Symbol.hasInstance` that every subclass inherits, so
 * `x instanceof AnySubclass` is true for any optimizer at all.)
 */
export function isLrlabOptimizer(opt: unknown): opt is LrlabOptimizer {
  return typeof opt === 'object' && opt !== null && (opt as Record<symbol, unknown>)[BRAND] === true;
}

/**
 * Base of lrlab's optimizers: a tfjs `Optimizer` whose learning rate and momentum are plain
 * fields read on every step (so setting them takes effect on the next `applyGradients`), whose
 * per-variable slots are created lazily and keyed by variable name (not by position, as tfjs
 * does), and whose state can be captured and restored in place for snapshots.
 */
export abstract class LrlabOptimizer extends tf.Optimizer {
  readonly [BRAND] = true;
  protected learningRate: number;
  /** Momentum, or β1 for the Adam family (as PyTorch's OneCycleLR cycles `betas[0]`); read on every step. */
  protected momentum: number;
  /** Which option `momentum` holds, for `getConfig`. */
  private readonly momentumKey: 'momentum' | 'beta1';
  private readonly slotVars = new Map<string, Map<string, tf.Variable>>();

  constructor(protected readonly options: ResolvedOptions) {
    super();
    this.learningRate = options.lr;
    this.momentumKey = momentumField(options.name);
    this.momentum = options[this.momentumKey];
  }

  /** The learning rate the next step uses. */
  getLearningRate(): number {
    return this.learningRate;
  }

  /** Set the learning rate for the next step (finite, ≥ 0; SpecError `lr` otherwise). */
  setLearningRate(lr: number): void {
    this.learningRate = checkLearningRate(lr);
  }

  /** Momentum, or beta1 for the Adam family. */
  getMomentum(): number {
    return this.momentum;
  }

  /** Set momentum (or beta1) for the next step, in [0, 1). */
  setMomentum(m: number): void {
    this.momentum = checkMomentum(m);
  }

  /**
   * The new value of one variable after this step. Runs inside `tf.tidy`; assigns the
   * variable's slots itself. `step` counts from 1 (the step being taken).
   */
  protected abstract update(value: tf.Variable, grad: tf.Tensor, slots: SlotAccess, step: number): tf.Tensor;

  /**
   * Before the per-variable updates of a step: work over all variables at once (the global
   * sums of Prodigy and D-Adaptation, which set the step size every `update` then uses). Runs
   * inside `tf.tidy`. Nothing by default.
   */
  protected prepare(_items: readonly VariableStep[], _step: number): void {}

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const pairs: [string, tf.Tensor | null | undefined][] = Array.isArray(variableGradients)
      ? variableGradients.map((v) => [v.name, v.tensor])
      : Object.entries(variableGradients);
    const step = this.iterations + 1;
    const registered = tf.engine().registeredVariables;
    const items: VariableStep[] = [];
    for (const [name, grad] of pairs) {
      if (grad == null) continue;
      const value = registered[name];
      if (value === undefined) throw new Error(`applyGradients: no variable named '${name}'`);
      items.push({ name, value, grad, slots: this.slotAccess(name, value) });
    }
    tf.tidy(() => this.prepare(items, step));
    for (const { value, grad, slots } of items) {
      tf.tidy(() => {
        value.assign(this.update(value, grad, slots, step));
      });
    }
    this.incrementIterations();
  }

  private slotAccess(varName: string, like: tf.Tensor): SlotAccess {
    const all = this.slotVars;
    return {
      get(slot: string, init: SlotInit = 'zeros'): tf.Variable {
        let byName = all.get(varName);
        if (byName === undefined) {
          byName = new Map();
          all.set(varName, byName);
        }
        let v = byName.get(slot);
        if (v === undefined) {
          v = tf.tidy(() => (init === 'copy' ? tf.clone(like) : tf.zerosLike(like)).variable(false));
          byName.set(slot, v);
        }
        return v;
      },
    };
  }

  /**
   * A scalar of the optimizer's own state (Prodigy's d, a running sum), created at `initial` on
   * first use. Kept with the slots under the name {@link OPTIMIZER_STATE}, so snapshots, restore
   * and `getWeights` cover it like any slot.
   */
  protected scalarState(slot: string, initial: number): tf.Variable {
    let byName = this.slotVars.get(OPTIMIZER_STATE);
    if (byName === undefined) {
      byName = new Map();
      this.slotVars.set(OPTIMIZER_STATE, byName);
    }
    let v = byName.get(slot);
    if (v === undefined) {
      v = tf.variable(tf.scalar(initial), false);
      byName.set(slot, v);
    }
    return v;
  }

  /**
   * The value of a scalar state read back (one small transfer), or `initial` before it exists.
   * Asynchronous: webgpu has no synchronous readback in Node (Dawn), so no engine read may block.
   */
  protected async readScalarState(slot: string, initial: number): Promise<number> {
    const v = this.slotVars.get(OPTIMIZER_STATE)?.get(slot);
    return v === undefined ? initial : (await v.data())[0];
  }

  /**
   * The slot that holds the weights to evaluate, where they differ from the ones the gradient is
   * taken at (schedule-free: the average x, while the variables hold y); null for the others.
   */
  protected evalSlot(): string | null {
    return null;
  }

  /**
   * Run `fn` with every variable this optimizer has stepped holding its evaluation weights (see
   * `evalSlot`), then put the training weights back bitwise, even when `fn` throws. For
   * optimizers without separate evaluation weights this is just `fn()`.
   */
  async withEvalWeights<T>(fn: () => Promise<T> | T): Promise<T> {
    const slot = this.evalSlot();
    if (slot === null) return fn();
    const registered = tf.engine().registeredVariables;
    const saved: [tf.Variable, tf.Tensor][] = [];
    try {
      for (const [varName, byName] of this.slotVars) {
        const evalValue = byName.get(slot);
        const variable = registered[varName];
        if (evalValue === undefined || variable === undefined) continue;
        // A clone shares the data: after `assign` the variable points at x, the clone still at y.
        saved.push([variable, tf.keep(tf.clone(variable))]);
        variable.assign(evalValue);
      }
      return await fn();
    } finally {
      for (const [variable, train] of saved) {
        variable.assign(train);
        train.dispose();
      }
    }
  }

  /**
   * The step size the method adapted (Prodigy's and D-Adaptation's d), read back from the device;
   * null for optimizers that do not adapt one. A promise, as every read from the device is (see
   * `readScalarState`).
   */
  adaptedStepSize(): Promise<number | null> {
    return Promise.resolve(null);
  }

  /** Number of slot variables currently held (for tests and diagnostics). */
  slotCount(): number {
    let n = 0;
    for (const m of this.slotVars.values()) n += m.size;
    return n;
  }

  /** A copy of the state (kept tensors sharing data, no copying); the caller owns and disposes them. */
  captureState(): LrlabOptimizerState {
    const slots = new Map<string, Map<string, tf.Tensor>>();
    for (const [varName, byName] of this.slotVars) {
      const copy = new Map<string, tf.Tensor>();
      for (const [slot, v] of byName) copy.set(slot, tf.keep(tf.clone(v)));
      slots.set(varName, copy);
    }
    return {
      className: this.getClassName(),
      iterations: this.iterations,
      lr: this.learningRate,
      momentum: this.getMomentum(),
      slots,
    };
  }

  /**
   * Return to a captured state, in place: existing slot variables are assigned (they then share
   * the state's data, nothing is copied), missing ones are created, slots the state did not have
   * are disposed. The state keeps ownership of its tensors.
   */
  restoreState(s: LrlabOptimizerState): void {
    if (s.className !== this.getClassName()) {
      throw new Error(`restoreState: state of ${s.className} given to ${this.getClassName()}`);
    }
    // Check every shape before changing anything, so a mismatch leaves the optimizer intact.
    for (const [varName, saved] of s.slots) {
      for (const [slot, t] of saved) {
        const v = this.slotVars.get(varName)?.get(slot);
        if (v !== undefined && !tf.util.arraysEqual(v.shape, t.shape)) {
          throw new Error(`restoreState: slot ${varName}/${slot} is [${v.shape}], the state's [${t.shape}]`);
        }
      }
    }
    for (const [varName, byName] of this.slotVars) {
      const saved = s.slots.get(varName);
      for (const [slot, v] of byName) {
        if (saved?.has(slot) !== true) {
          v.dispose();
          byName.delete(slot);
        }
      }
      if (byName.size === 0) this.slotVars.delete(varName);
    }
    for (const [varName, saved] of s.slots) {
      let byName = this.slotVars.get(varName);
      if (byName === undefined) {
        byName = new Map();
        this.slotVars.set(varName, byName);
      }
      for (const [slot, t] of saved) {
        const v = byName.get(slot);
        if (v === undefined) byName.set(slot, tf.variable(t, false));
        else v.assign(t);
      }
    }
    this.iterations_ = s.iterations;
    this.learningRate = s.lr;
    this.momentum = s.momentum;
  }

  override dispose(): void {
    for (const byName of this.slotVars.values()) for (const v of byName.values()) v.dispose();
    this.slotVars.clear();
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const out: NamedTensor[] = [await this.saveIterations()];
    for (const [varName, byName] of this.slotVars) {
      for (const [slot, v] of byName) out.push({ name: `${varName}/${slot}`, tensor: v });
    }
    return out;
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    const slots = new Map<string, Map<string, tf.Tensor>>();
    for (const { name, tensor } of rest) {
      const cut = name.lastIndexOf('/');
      if (cut < 0) throw new Error(`setWeights: weight name '${name}' is not 'variable/slot'`);
      const varName = name.slice(0, cut);
      if (!slots.has(varName)) slots.set(varName, new Map());
      slots.get(varName)!.set(name.slice(cut + 1), tensor);
    }
    this.restoreState({
      className: this.getClassName(),
      iterations: this.iterations,
      lr: this.learningRate,
      momentum: this.getMomentum(),
      slots,
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options, lr: this.learningRate, [this.momentumKey]: this.getMomentum() };
  }
}

/** How a slot starts: zeros, or a copy of the variable (schedule-free's z and x, Prodigy's x0). */
export type SlotInit = 'zeros' | 'copy';

/** Lazy access to one variable's slots: `get(name, init)` creates the slot on first use (zeros by default). */
export interface SlotAccess {
  get(slot: string, init?: SlotInit): tf.Variable;
}

/** One variable of a step, as `prepare` sees them all. */
export interface VariableStep {
  name: string;
  value: tf.Variable;
  grad: tf.Tensor;
  slots: SlotAccess;
}

/** The name the optimizer's own scalar state is kept under, beside the variables' slots. */
export const OPTIMIZER_STATE = '#optimizer';

/** Euclidean norm ‖x‖ as a scalar tensor (stays on the device: no readback). */
export function norm(x: tf.Tensor): tf.Tensor {
  return tf.sqrt(tf.sum(tf.square(x)));
}
