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

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const pairs: [string, tf.Tensor | null | undefined][] = Array.isArray(variableGradients)
      ? variableGradients.map((v) => [v.name, v.tensor])
      : Object.entries(variableGradients);
    const step = this.iterations + 1;
    const registered = tf.engine().registeredVariables;
    for (const [name, grad] of pairs) {
      if (grad == null) continue;
      const value = registered[name];
      if (value === undefined) throw new Error(`applyGradients: no variable named '${name}'`);
      const slots = this.slotAccess(name, value);
      tf.tidy(() => {
        value.assign(this.update(value, grad, slots, step));
      });
    }
    this.incrementIterations();
  }

  private slotAccess(varName: string, like: tf.Tensor): SlotAccess {
    const all = this.slotVars;
    return {
      get(slot: string): tf.Variable {
        let byName = all.get(varName);
        if (byName === undefined) {
          byName = new Map();
          all.set(varName, byName);
        }
        let v = byName.get(slot);
        if (v === undefined) {
          v = tf.tidy(() => tf.zerosLike(like).variable(false));
          byName.set(slot, v);
        }
        return v;
      },
    };
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

/** Lazy access to one variable's slots: `get(name)` creates a zero-filled slot on first use. */
export interface SlotAccess {
  get(slot: string): tf.Variable;
}

/** Euclidean norm ‖x‖ as a scalar tensor (stays on the device: no readback). */
export function norm(x: tf.Tensor): tf.Tensor {
  return tf.sqrt(tf.sum(tf.square(x)));
}
