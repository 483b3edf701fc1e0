import * as tf from '@tensorflow/tfjs-core';
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
