import * as tf from '@tensorflow/tfjs-core';
import { adaptedStepSize, withEvalWeights } from './eval-weights.js';
import { setLearningRate, setMomentum } from './hyper.js';

/** One scripted step: the gradient to apply, and LR / momentum to set just before it. */
export interface ScriptedStep {
  g: number[];
  lr?: number;
  momentum?: number;
}

/**
 * Apply fixed gradients to one 1-D variable starting at `theta0` and return the variable's
 * values after each step. Used by the update-equation tests, whose expected values are worked
 * out by hand for exactly these scripts. Disposes the variable and the optimizer.
 */
export function runSteps(opt: tf.Optimizer, theta0: number[], steps: ScriptedStep[]): number[][] {
  const w = tf.variable(tf.tensor1d(theta0));
  const out: number[][] = [];
  try {
    for (const s of steps) {
      if (s.lr !== undefined) setLearningRate(opt, s.lr);
      if (s.momentum !== undefined) setMomentum(opt, s.momentum);
      tf.tidy(() => opt.applyGradients({ [w.name]: tf.tensor1d(s.g) }));
      out.push(Array.from(w.dataSync()));
    }
  } finally {
    w.dispose();
    opt.dispose();
  }
  return out;
}

/** Assert-free comparison helper: max |a − b| over all entries of two equally shaped lists. */
export function maxAbsDiff(a: number[][], b: number[][]): number {
  let worst = 0;
  a.forEach((row, i) => row.forEach((x, j) => (worst = Math.max(worst, Math.abs(x - b[i][j])))));
  return worst;
}

/** What `runMulti` records after each step: every variable's values (flattened, in order), the eval weights, d. */
export interface MultiRow {
  values: number[];
  evalValues: number[];
  d: number | null;
}

/**
 * Apply fixed gradients to several 1-D variables at once (the global sums of Prodigy and
 * D-Adaptation run over all of them) and record, after each step, the training values, the
 * evaluation values (`withEvalWeights`) and the adapted d. `lrs[i]` is set before step i where
 * given. Disposes everything it made and checks that no tensor was left behind.
 */
export async function runMulti(opt: tf.Optimizer, theta0: number[][], grads: number[][][], lrs: (number | undefined)[] = []): Promise<MultiRow[]> {
  const before = tf.memory().numTensors;
  const vars = theta0.map((t) => tf.tidy(() => tf.variable(tf.tensor1d(t))));
  const read = (): number[] => vars.flatMap((v) => Array.from(v.dataSync()));
  const rows: MultiRow[] = [];
  try {
    for (const [i, g] of grads.entries()) {
      if (lrs[i] !== undefined) setLearningRate(opt, lrs[i] as number);
      tf.tidy(() => opt.applyGradients(Object.fromEntries(vars.map((v, j) => [v.name, tf.tensor1d(g[j])]))));
      const evalValues = await withEvalWeights(opt, read);
      rows.push({ values: read(), evalValues, d: await adaptedStepSize(opt) });
    }
  } finally {
    tf.dispose(vars);
    opt.dispose();
  }
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) throw new Error(`runMulti: ${leaked} tensors leaked`);
  return rows;
}
