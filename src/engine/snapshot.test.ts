import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core registers no gradients; the tfjs-layers bundle registers them all.
import '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, type BackendName } from './backend.js';
import { createOptimizer, OPTIMIZER_NAMES, setLearningRate, setMomentum } from './optimizers/index.js';
import { disposeSnapshot, restoreTraining, snapshotTraining, type TrainingSnapshot } from './snapshot.js';


/** A tiny regression problem: y = x·W + b, squared error, fixed data (no randomness). */
function makeProblem() {
  const W = tf.tidy(() => tf.variable(tf.tensor2d([[0.5, -0.3], [0.2, 0.8], [-0.6, 0.1]]), true));
  const b = tf.tidy(() => tf.variable(tf.zeros([2]), true)); // zero: exercises LARS/LAMB's ‖θ‖ = 0 branch
  const xs = [0, 1, 2, 3].map((k) =>
    tf.tensor2d([[k * 0.3 - 0.5, 1 - k * 0.2, k % 2 ? 0.7 : -0.4], [0.1 * k, -0.3, 0.5]]),
  );
  const y = tf.tensor2d([[1, -1], [0.5, 0.25]]);
  const vars = [W, b];
  /** One step on batch k with the given LR and momentum. */
  const step = (opt: tf.Optimizer, k: number, lr: number, momentum?: number): void => {
    setLearningRate(opt, lr);
    if (momentum !== undefined) setMomentum(opt, momentum);
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(xs[k % 4], W), b), y))) as tf.Scalar, vars);
      opt.applyGradients(grads);
    });
  };
  const read = (): number[][] => vars.map((v) => Array.from(v.dataSync()));
  const dispose = (): void => tf.dispose([W, b, ...xs, y]);
  return { vars, step, read, dispose };
}

type Make = () => tf.Optimizer;
const ALL: [string, Make, boolean][] = [
  ...OPTIMIZER_NAMES.map((name): [string, Make, boolean] => [
    `lrlab ${name}`,
    () => createOptimizer(name === 'sgd' || name === 'rmsprop' ? { name, lr: 0.05, weightDecay: 0.01 } : { name, lr: 0.05 }),
    true,
  ]),
  ['tfjs SGD', () => tf.train.sgd(0.05), false],
  ['tfjs Momentum', () => tf.train.momentum(0.05, 0.9), true],
  ['tfjs Nesterov', () => tf.train.momentum(0.05, 0.9, true), true],
  ['tfjs Adam', () => tf.train.adam(0.05), true],
  ['tfjs Adamax', () => tf.train.adamax(0.05), true],
  ['tfjs Adagrad', () => tf.train.adagrad(0.05), false],
  ['tfjs Adadelta', () => tf.train.adadelta(0.05), false],
  ['tfjs RMSProp', () => tf.train.rmsprop(0.05, 0.9, 0.5), true],
  ['tfjs RMSProp centered', () => tf.train.rmsprop(0.05, 0.9, 0.5, 1e-7, true), true],
];

/** Bitwise equality of two lists of float32 arrays (as numbers, -0 and NaN compared as bits). */
function bitwiseEqual(a: number[][], b: number[][]): boolean {
  const bits = (rows: number[][]) => rows.map((r) => Array.from(new Uint32Array(new Float32Array(r).buffer)));
  return JSON.stringify(bits(a)) === JSON.stringify(bits(b));
}

// On cpu, and on wasm with lrlab's replacement kernels: the backend the range test runs on.
describe.each(['cpu', 'wasm'] as BackendName[])('snapshotTraining / restoreTraining on %s', (backend) => {
  beforeAll(async () => {
    expect(await initBackend(backend)).toBe(backend);
  });

  for (const [label, make, hasMomentum] of ALL) {
    it(`${label}: snapshot → k steps → restore → k steps is bitwise identical, without leaks`, () => {
      const p = makeProblem();
      const opt = make();
      p.step(opt, 0, 0.05);
      p.step(opt, 1, 0.05);
      const s = snapshotTraining(p.vars, opt);
      // k = 3 steps with an LR and (where there is one) a momentum change: restore must undo those too.
      const run = (): number[][] => {
        p.step(opt, 2, 0.02);
        p.step(opt, 3, 0.08, hasMomentum ? 0.6 : undefined);
        p.step(opt, 0, 0.08);
        return p.read();
      };
      const first = run();
      restoreTraining(p.vars, opt, s);
      const second = run();
      expect(bitwiseEqual(first, second)).toBe(true);
      // It really moved: the comparison is not between two unchanged states.
      expect(bitwiseEqual(first, [Array.from(s.weights[0].dataSync()), Array.from(s.weights[1].dataSync())])).toBe(false);

      // Restoring disposes slots made after the snapshot (sgd's buffer once momentum > 0), so
      // count from a freshly restored state.
      restoreTraining(p.vars, opt, s);
      const count = tf.memory().numTensors;
      for (let i = 0; i < 10; i++) {
        restoreTraining(p.vars, opt, s);
        run();
      }
      restoreTraining(p.vars, opt, s);
      expect(tf.memory().numTensors).toBe(count);
      expect(bitwiseEqual(run(), first)).toBe(true);

      disposeSnapshot(s);
      disposeSnapshot(s);
      opt.dispose();
      p.dispose();
    });

    it(`${label}: restoring a snapshot taken before the first step drops the slots made since`, () => {
      const p = makeProblem();
      const opt = make();
      const before = tf.memory().numTensors;
      const s = snapshotTraining(p.vars, opt);
      const run = (): number[][] => {
        p.step(opt, 0, 0.05);
        p.step(opt, 1, 0.05);
        return p.read();
      };
      const first = run();
      restoreTraining(p.vars, opt, s);
      disposeSnapshot(s);
      expect(tf.memory().numTensors).toBe(before);
      expect(bitwiseEqual(run(), first)).toBe(true);
      opt.dispose();
      p.dispose();
    });
  }

  it('leaves no tensors behind: snapshot + dispose, restore and optimizer dispose', () => {
    const start = tf.memory().numTensors;
    const p = makeProblem();
    const opt = createOptimizer({ name: 'adam', lr: 0.01 });
    p.step(opt, 0, 0.01);
    const s = snapshotTraining(p.vars, opt);
    p.step(opt, 1, 0.01);
    restoreTraining(p.vars, opt, s);
    disposeSnapshot(s);
    opt.dispose();
    p.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('refuses a snapshot of another optimizer, other variables, or a disposed one', () => {
    const p = makeProblem();
    const adam = createOptimizer({ name: 'adam', lr: 0.01 });
    const sgd = tf.train.sgd(0.1);
    const s = snapshotTraining(p.vars, adam);
    expect(() => restoreTraining(p.vars, sgd, s)).toThrow(/snapshot of an lrlab optimizer given SGD/);
    expect(() => restoreTraining(p.vars.slice(0, 1), adam, s)).toThrow(/1 variables given, the snapshot has 2/);
    expect(() => restoreTraining([p.vars[1], p.vars[0]], adam, s)).toThrow(/variable 0/);
    const t = snapshotTraining(p.vars, sgd);
    expect(() => restoreTraining(p.vars, tf.train.adam(0.1), t)).toThrow(/snapshot of SGD given Adam/);
    disposeSnapshot(s);
    disposeSnapshot(t);
    expect(() => restoreTraining(p.vars, adam, s)).toThrow(/disposed/);
    adam.dispose();
    sgd.dispose();
    p.dispose();
  });

  it('survives being taken inside tf.tidy', () => {
    const p = makeProblem();
    const opt = createOptimizer({ name: 'momentum', lr: 0.1 });
    p.step(opt, 0, 0.1);
    const want = p.read();
    let s!: TrainingSnapshot;
    tf.tidy(() => {
      s = snapshotTraining(p.vars, opt);
    });
    p.step(opt, 1, 0.1);
    restoreTraining(p.vars, opt, s);
    expect(bitwiseEqual(p.read(), want)).toBe(true);
    disposeSnapshot(s);
    opt.dispose();
    p.dispose();
  });
});

describe('fact pinned: tfjs optimizer.setWeights leaks', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('10 Adam restores through getWeights/setWeights leave slot variables behind', async () => {
    const p = makeProblem();
    const opt = tf.train.adam(0.01);
    p.step(opt, 0, 0.01);
    const saved = (await opt.getWeights()).map((w) => ({ name: w.name, tensor: tf.clone(w.tensor) }));
    const count = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) await opt.setWeights(saved);
    // 4 slot variables (m, v for W and b) re-created per restore, old ones never disposed.
    expect(tf.memory().numTensors).toBeGreaterThanOrEqual(count + 10 * 4);
    tf.dispose(saved.map((w) => w.tensor));
    opt.dispose();
    p.dispose();
  });
});

afterAll(() => {
  tf.disposeVariables();
});
