import * as tf from '@tensorflow/tfjs-core';
import { isLrlabOptimizer, type LrlabOptimizerState } from './optimizers/base.js';
import { getLearningRate, getMomentum } from './optimizers/hyper.js';
import { tfjsClassInfo, type Fields } from './optimizers/tfjs-classes.js';

interface SlotEntry {
  originalName: string;
  tensor: tf.Tensor;
}

/** State of a tfjs-core optimizer, read from its (protected) fields. */
interface TfjsOptimizerState {
  className: string;
  iterations: number;
  lr: number;
  momentum: number | null;
  slotArrays: Record<string, (SlotEntry | null)[]>;
  scalarVariables: Record<string, tf.Tensor>;
}

/**
 * Weights and optimizer state at one point of training, held as kept tensors that share data
 * with the variables they were taken from (cloning is free in tfjs: a variable's later
 * `assign` gives it new data, the snapshot keeps the old). Free it with `disposeSnapshot`.
 */
export interface TrainingSnapshot {
  readonly weights: readonly tf.Tensor[];
  readonly optimizer:
    | { readonly kind: 'lrlab'; readonly state: LrlabOptimizerState }
    | { readonly kind: 'tfjs'; readonly state: TfjsOptimizerState };
  /** True once `disposeSnapshot` ran; a disposed snapshot cannot be restored. */
  disposed: boolean;
}

const keptClone = (t: tf.Tensor): tf.Tensor => tf.keep(tf.clone(t));

/**
 * Capture the weights `vars` and the whole state of `opt` (slots, step count, learning rate,
 * momentum/beta1, bias-correction accumulators). Works for lrlab's optimizers and for every
 * tfjs-core class (SGD, Momentum, Adam, Adamax, Adagrad, Adadelta, RMSProp). Unlike
 * `getWeights()`, which returns the live variables, nothing here changes when training goes on.
 *
 * Example: `const s = snapshotTraining(vars, opt); …; restoreTraining(vars, opt, s); disposeSnapshot(s);`
 */
export function snapshotTraining(vars: tf.Variable[], opt: tf.Optimizer): TrainingSnapshot {
  const weights = vars.map(keptClone);
  if (isLrlabOptimizer(opt)) {
    return { weights, optimizer: { kind: 'lrlab', state: opt.captureState() }, disposed: false };
  }
  const info = tfjsClassInfo(opt);
  const fields = opt as unknown as Fields;
  const slotArrays: TfjsOptimizerState['slotArrays'] = {};
  for (const f of info.slotArrays) {
    const entries = (fields[f] ?? []) as ({ originalName: string; variable: tf.Variable } | null | undefined)[];
    slotArrays[f] = Array.from(entries, (e) =>
      e == null ? null : { originalName: e.originalName, tensor: keptClone(e.variable) },
    );
  }
  const scalarVariables: Record<string, tf.Tensor> = {};
  for (const f of info.scalarVariables) scalarVariables[f] = keptClone(fields[f] as tf.Variable);
  const state: TfjsOptimizerState = {
    className: opt.getClassName(),
    iterations: opt.iterations,
    lr: getLearningRate(opt),
    momentum: getMomentum(opt),
    slotArrays,
    scalarVariables,
  };
  return { weights, optimizer: { kind: 'tfjs', state }, disposed: false };
}

/**
 * Return `vars` and `opt` exactly (bitwise) to the snapshot, in place: variables are assigned
 * (no new variables, nothing leaked, unlike tfjs's `optimizer.setWeights`, which makes new
 * slot variables and drops the old ones undisposed); optimizer slots created after the snapshot
 * are disposed. Training then continues as it did from the snapshot. The snapshot stays valid
 * and can be restored again. Throws if `vars` or `opt` do not match the snapshot.
 */
export function restoreTraining(vars: tf.Variable[], opt: tf.Optimizer, s: TrainingSnapshot): void {
  if (s.disposed) throw new Error('restoreTraining: the snapshot was disposed');
  if (vars.length !== s.weights.length) {
    throw new Error(`restoreTraining: ${vars.length} variables given, the snapshot has ${s.weights.length}`);
  }
  vars.forEach((v, i) => {
    const w = s.weights[i];
    if (!tf.util.arraysEqual(v.shape, w.shape) || v.dtype !== w.dtype) {
      throw new Error(`restoreTraining: variable ${i} ('${v.name}') is ${v.dtype}[${v.shape}], the snapshot's ${w.dtype}[${w.shape}]`);
    }
  });
  if (s.optimizer.kind === 'lrlab') {
    if (!isLrlabOptimizer(opt)) throw new Error(`restoreTraining: snapshot of an lrlab optimizer given ${opt.getClassName()}`);
    opt.restoreState(s.optimizer.state);
  } else {
    restoreTfjs(opt, s.optimizer.state);
  }
  vars.forEach((v, i) => v.assign(s.weights[i]));
}

function restoreTfjs(opt: tf.Optimizer, s: TfjsOptimizerState): void {
  if (isLrlabOptimizer(opt) || opt.getClassName() !== s.className) {
    throw new Error(`restoreTraining: snapshot of ${s.className} given ${opt.getClassName()}`);
  }
  const info = tfjsClassInfo(opt);
  const fields = opt as unknown as Fields;
  if (getLearningRate(opt) !== s.lr) info.setLearningRate(fields, s.lr);
  // Before the scalar variables: Adam's setMomentum rewrites accBeta1, restored just below.
  if (s.momentum !== null && info.setMomentum !== undefined) info.setMomentum(fields, s.momentum);
  for (const f of info.slotArrays) {
    const saved = s.slotArrays[f];
    if (fields[f] == null) fields[f] = [];
    const current = fields[f] as ({ originalName: string; variable: tf.Variable } | null | undefined)[];
    for (let i = 0; i < Math.max(saved.length, current.length); i++) {
      const want = i < saved.length ? saved[i] : null;
      const have = current[i];
      if (want === null) {
        have?.variable.dispose();
      } else if (have != null && tf.util.arraysEqual(have.variable.shape, want.tensor.shape)) {
        have.variable.assign(want.tensor);
        have.originalName = want.originalName;
      } else {
        have?.variable.dispose();
        current[i] = { originalName: want.originalName, variable: tf.variable(want.tensor, false) };
      }
    }
    current.length = saved.length;
  }
  for (const f of info.scalarVariables) (fields[f] as tf.Variable).assign(s.scalarVariables[f]);
  fields.iterations_ = s.iterations;
}

/** Free a snapshot's tensors. Idempotent. */
export function disposeSnapshot(s: TrainingSnapshot): void {
  if (s.disposed) return;
  s.disposed = true;
  for (const w of s.weights) w.dispose();
  if (s.optimizer.kind === 'lrlab') {
    for (const byName of s.optimizer.state.slots.values()) for (const t of byName.values()) t.dispose();
  } else {
    const st = s.optimizer.state;
    for (const arr of Object.values(st.slotArrays)) for (const e of arr) e?.tensor.dispose();
    for (const t of Object.values(st.scalarVariables)) t.dispose();
  }
}
