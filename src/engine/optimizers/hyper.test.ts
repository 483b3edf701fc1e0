import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { SpecError } from '../../core/spec-error.js';
import { createOptimizer } from './create.js';
import { getLearningRate, getMomentum, setLearningRate, setMomentum } from './hyper.js';
import { OPTIMIZER_NAMES } from './options.js';
import { maxAbsDiff, runSteps } from './test-steps.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Every tfjs-core optimizer class, built at lr 0.1 (RMSProp without momentum, see below). */
const TFJS: Record<string, () => tf.Optimizer> = {
  SGD: () => tf.train.sgd(0.1),
  Momentum: () => tf.train.momentum(0.1, 0.9),
  Adam: () => tf.train.adam(0.1, 0.9, 0.999, 1e-8),
  Adamax: () => tf.train.adamax(0.1, 0.9, 0.999, 1e-8),
  Adagrad: () => tf.train.adagrad(0.1),
  Adadelta: () => tf.train.adadelta(0.1, 0.95, 1e-6),
  RMSProp: () => tf.train.rmsprop(0.1, 0.9, 0, 1e-8),
};

const G1 = [0.5, -2];
const G2 = [1.5, 0.25];

/** The change of θ made by the second step. */
const secondDelta = (rows: number[][]): number[] => rows[1].map((x, j) => x - rows[0][j]);

describe('setLearningRate on every tfjs-core optimizer class', () => {
  for (const [cls, make] of Object.entries(TFJS)) {
    it(`${cls}: an LR set after step 1 scales step 2 by exactly the LR ratio`, () => {
      // Each class's step is lr × (a quantity independent of lr) — for RMSProp only while
      // momentum is 0, since tfjs keeps lr inside its momentum buffer. So with equal gradients,
      // tripling the LR triples the second step.
      const base = runSteps(make(), [1, -1], [{ g: G1 }, { g: G2 }]);
      const tripled = runSteps(make(), [1, -1], [{ g: G1 }, { g: G2, lr: 0.3 }]);
      const d0 = secondDelta(base);
      const d1 = secondDelta(tripled);
      expect(Math.abs(d0[0])).toBeGreaterThan(1e-4);
      d1.forEach((x, j) => expect(x).toBeCloseTo(3 * d0[j], 6));
    });

    it(`${cls}: getLearningRate reads back what was set`, () => {
      const opt = make();
      expect(getLearningRate(opt)).toBe(0.1);
      setLearningRate(opt, 0.25);
      expect(getLearningRate(opt)).toBe(0.25);
      opt.dispose();
    });
  }

  it('fact pinned: assigning learningRate on tfjs SGD does nothing (the kept −lr scalar is used)', () => {
    const opt = tf.train.sgd(0.1);
    (opt as unknown as { learningRate: number }).learningRate = 10;
    // θ = 1 − 0.1·2 = 0.8, not 1 − 10·2
    expect(runSteps(opt, [1], [{ g: [2] }])[0][0]).toBeCloseTo(0.8, 6);
  });

  it('does not leak tensors when rebuilding SGD/Momentum scalars', () => {
    const opt = tf.train.momentum(0.1, 0.9);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      setLearningRate(opt, 0.01 * i);
      setMomentum(opt, 0.5 + 0.01 * i);
    }
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
  });
});

describe('tfjs-core updates that differ from PyTorch (facts pinned, documented in tfjs-classes.ts)', () => {
  it('Adadelta divides by the mean square from before the current gradient: first step is lr·g', () => {
    // lr 1, ρ 0.95, ε 1e-6, g = 2: tfjs √(0 + ε)/√(0 + ε)·2 = 2 → θ1 = 1 − 2 = −1
    // (PyTorch: √ε/√(0.05·4 + ε)·2 = 0.004472 → θ1 = 0.995528)
    const got = runSteps(tf.train.adadelta(1, 0.95, 1e-6), [1], [{ g: [2] }]);
    expect(got[0][0]).toBeCloseTo(-1, 5);
  });

  it('RMSProp puts ε inside the root and lr inside the momentum buffer', () => {
    // lr 0.1, ρ 0.5, μ 0.5, ε 0.25, g = 1: s = 0.5, b = 0.1·1/√0.75 = 0.115470, θ1 = −0.115470
    // lr → 0.2, g = 0: s = 0.25, b = 0.5·0.115470 + 0 = 0.057735 (old lr kept in b), θ2 = −0.173205
    const got = runSteps(tf.train.rmsprop(0.1, 0.5, 0.5, 0.25), [0], [{ g: [1] }, { g: [0], lr: 0.2 }]);
    expect(maxAbsDiff(got, [[-0.11547], [-0.173205]])).toBeLessThan(1e-6);
  });
});

describe('setMomentum on tfjs-core classes', () => {
  it('fact pinned: tfjs Momentum.setMomentum alone has no effect', () => {
    // lr 1, μ 0.9 kept: b1 = 1, θ1 = −1; b2 = 0.9 + 1 = 1.9, θ2 = −2.9 (μ 0 would give −2)
    const opt = tf.train.momentum(1, 0.9);
    const w = tf.variable(tf.tensor1d([0]));
    tf.tidy(() => (opt as tf.Optimizer).applyGradients({ [w.name]: tf.tensor1d([1]) }));
    opt.setMomentum(0);
    tf.tidy(() => (opt as tf.Optimizer).applyGradients({ [w.name]: tf.tensor1d([1]) }));
    expect(w.dataSync()[0]).toBeCloseTo(-2.9, 6);
    w.dispose();
    opt.dispose();
  });

  it('Momentum: the new momentum is used on the next step', () => {
    // lr 1: b1 = 1, θ1 = −1; μ → 0.5: b2 = 0.5·1 + 1 = 1.5, θ2 = −2.5
    const got = runSteps(tf.train.momentum(1, 0.9), [0], [{ g: [1] }, { g: [1], momentum: 0.5 }]);
    expect(maxAbsDiff(got, [[-1], [-2.5]])).toBeLessThan(1e-6);
  });

  it('Adam: beta1 is used with the bias correction 1 − β1ᵗ of the current β1', () => {
    // lr 0.1, θ0 = 1, step 1 g = 2: θ1 = 0.9 (m = 0.2, v = 0.004)
    // β1 → 0.5, step 2 g = −1: m = 0.1 − 0.5 = −0.4, v = 0.004996
    //   1 − 0.5² = 0.75, 1 − 0.999² = 0.001999: m̂ = −0.533333, √v̂ = 1.580902
    //   θ2 = 0.9 + 0.1·0.337360 = 0.933736
    const got = runSteps(TFJS.Adam(), [1], [{ g: [2] }, { g: [-1], momentum: 0.5 }]);
    expect(maxAbsDiff(got, [[0.9], [0.933736]])).toBeLessThan(2e-6);
    // lrlab's adam, a second implementation, agrees step for step.
    const ours = runSteps(createOptimizer({ name: 'adam', lr: 0.1 }), [1], [{ g: [2] }, { g: [-1], momentum: 0.5 }]);
    expect(maxAbsDiff(ours, got)).toBeLessThan(1e-6);
  });

  it('Adamax: beta1 is used with the bias correction of the current β1', () => {
    // lr 0.1, β2 0.999, θ0 = 1. step 1, g = 2: m = 0.2, u = max(0, 2) = 2
    //   θ1 = 1 − (0.1/0.1)·0.2/2 = 0.9
    // β1 → 0.5, step 2, g = −1: m = 0.1 − 0.5 = −0.4, u = max(1.998, 1) = 1.998
    //   θ2 = 0.9 − (0.1/(1 − 0.25))·(−0.4/1.998) = 0.9 + 0.133333·0.200200 = 0.926693
    const got = runSteps(TFJS.Adamax(), [1], [{ g: [2] }, { g: [-1], momentum: 0.5 }]);
    expect(maxAbsDiff(got, [[0.9], [0.926693]])).toBeLessThan(2e-6);
  });

  it('RMSProp: momentum is used on the next step (tfjs form, lr inside the buffer)', () => {
    // tfjs: s ← ρs + (1−ρ)g², b ← μb + lr·g/√(s + ε), θ ← θ − b.  lr 0.1, ρ 0.9, θ0 = 1
    // step 1, g = 2: s = 0.4, b = 0.1·2/0.632456 = 0.316228, θ1 = 0.683772
    // μ → 0.5, step 2, g = 2: s = 0.36 + 0.4 = 0.76, b = 0.158114 + 0.2/0.871780 = 0.387530
    //   θ2 = 0.683772 − 0.387530 = 0.296242
    const got = runSteps(TFJS.RMSProp(), [1], [{ g: [2] }, { g: [2], momentum: 0.5 }]);
    expect(maxAbsDiff(got, [[0.683772], [0.296242]])).toBeLessThan(2e-6);
  });

  it('getMomentum: momentum, beta1, or null for classes without one', () => {
    const want: Record<string, number | null> = {
      SGD: null, Momentum: 0.9, Adam: 0.9, Adamax: 0.9, Adagrad: null, Adadelta: null, RMSProp: 0,
    };
    for (const [cls, make] of Object.entries(TFJS)) {
      const opt = make();
      expect(getMomentum(opt), cls).toBe(want[cls]);
      opt.dispose();
    }
  });

  it('throws SpecError momentum for classes without one', () => {
    const opt = tf.train.adagrad(0.1);
    expect(() => setMomentum(opt, 0.9)).toThrow(SpecError);
    expect(() => setMomentum(opt, 0.9)).toThrow(/^momentum: optimizer Adagrad has no momentum/);
    opt.dispose();
  });
});

describe("lrlab's optimizers", () => {
  it('all read back LR and momentum as set', () => {
    for (const name of OPTIMIZER_NAMES) {
      const opt = createOptimizer({ name, lr: 0.1 });
      setLearningRate(opt, 0.03);
      setMomentum(opt, 0.7);
      expect(getLearningRate(opt), name).toBe(0.03);
      expect(getMomentum(opt), name).toBe(0.7);
      opt.dispose();
    }
  });

  it('reject a bad learning rate or momentum with a SpecError naming the field', () => {
    const opt = createOptimizer({ name: 'adam', lr: 0.1 });
    expect(() => setLearningRate(opt, -1)).toThrow(/^lr: must be a finite number ≥ 0$/);
    expect(() => setLearningRate(opt, Number.NaN)).toThrow(SpecError);
    expect(() => setMomentum(opt, 1)).toThrow(/^momentum: must be a number in \[0, 1\)$/);
    expect(getLearningRate(opt)).toBe(0.1);
    opt.dispose();
  });

  it('refuse unknown optimizer classes', () => {
    const fake = { getClassName: () => 'Mystery' } as unknown as tf.Optimizer;
    expect(() => setLearningRate(fake, 0.1)).toThrow(/unsupported optimizer class 'Mystery'/);
  });
});
