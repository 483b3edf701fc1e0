import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from './create.js';
import { withEvalWeights } from './eval-weights.js';
import { maxAbsDiff, runMulti, runSteps } from './test-steps.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TOL = 2e-6;

describe('schedulefree-sgd', () => {
  // lr 0.5, β 0.9, θ0 = [1, −2]; the variable holds y, the eval weights are x.
  // step 1, g = [2, 1], γ = 0.5: Σγ² = 0.25, c = 0.25/0.25 = 1
  //   z1 = [1 − 1, −2 − 0.5] = [0, −2.5];  x1 = x0 + 1·(z1 − x0) = [0, −2.5];  y1 = x1 + 0.1·(z1 − x1) = [0, −2.5]
  // step 2, g = [−1, 0.5], γ = 0.5: Σγ² = 0.5, c = 0.5
  //   z2 = [0.5, −2.75];  x2 = x1 + 0.5·(z2 − x1) = [0.25, −2.625];  y2 = x2 + 0.1·(z2 − x2) = [0.275, −2.6375]
  // step 3, lr → 0.25, g = [1, 1]: Σγ² = 0.5625, c = 0.0625/0.5625 = 1/9
  //   z3 = [0.25, −3];  x3 = [0.25 + 0, −2.625 + (1/9)·(−0.375)] = [0.25, −2.6666667]
  //   y3 = x3 + 0.1·(z3 − x3) = [0.25, −2.6666667 − 0.0333333] = [0.25, −2.7]
  it('matches the paper\'s z/x/y steps worked by hand, through an LR change, and evaluates at x', async () => {
    const rows = await runMulti(createOptimizer({ name: 'schedulefree-sgd', lr: 0.5 }), [[1, -2]], [[[2, 1]], [[-1, 0.5]], [[1, 1]]], [undefined, undefined, 0.25]);
    expect(maxAbsDiff(rows.map((r) => r.values), [[0, -2.5], [0.275, -2.6375], [0.25, -2.7]])).toBeLessThan(TOL);
    expect(maxAbsDiff(rows.map((r) => r.evalValues), [[0, -2.5], [0.25, -2.625], [0.25, -2.6666667]])).toBeLessThan(TOL);
    expect(rows.every((r) => r.d === null)).toBe(true);
  });

  it('setMomentum changes the interpolation β', () => {
    // As above to step 2, but β = 0.5 there: y2 = x2 + 0.5·(z2 − x2) = [0.25 + 0.125, −2.625 − 0.0625]
    const got = runSteps(createOptimizer({ name: 'schedulefree-sgd', lr: 0.5 }), [1, -2], [{ g: [2, 1] }, { g: [-1, 0.5], momentum: 0.5 }]);
    expect(maxAbsDiff(got, [[0, -2.5], [0.375, -2.6875]])).toBeLessThan(TOL);
  });

  it('takes L2 weight decay at y in the z step', () => {
    // λ 0.1, lr 0.5, θ0 = 1. step 1, g = 2: g' = 2 + 0.1·1 = 2.1, z1 = 1 − 1.05 = −0.05 = x1 = y1
    // step 2, g = 0: g' = 0.1·(−0.05) = −0.005, z2 = −0.05 + 0.0025 = −0.0475, c = ½
    //   x2 = −0.05 + ½·0.0025 = −0.04875;  y2 = −0.04875 + 0.1·0.00125 = −0.048625
    const got = runSteps(createOptimizer({ name: 'schedulefree-sgd', lr: 0.5, weightDecay: 0.1 }), [1], [{ g: [2] }, { g: [0] }]);
    expect(maxAbsDiff(got, [[-0.05], [-0.048625]])).toBeLessThan(TOL);
  });

  it('setLearningRate changes the step', () => {
    const at = (lr: number) => runSteps(createOptimizer({ name: 'schedulefree-sgd', lr: 0.5 }), [1], [{ g: [2], lr }])[0][0];
    expect(at(0.5)).toBeCloseTo(0, 6); // 1 − 0.5·2
    expect(at(0.25)).toBeCloseTo(0.5, 6); // 1 − 0.25·2
  });
});

describe('schedulefree-adamw', () => {
  // lr 0.1, β1 0.9, β2 0.999, ε 1e-8, θ0 = 1.
  // step 1, g = 2: v = 0.001·4 = 0.004, √v = 0.0632456; γ1 = 0.1·√(1 − 0.999) = 0.00316228
  //   z1 = 1 − 0.00316228·2/0.0632456 = 1 − 0.1 = 0.9; c = 1: x1 = y1 = 0.9
  // step 2, g = −1: v = 0.999·0.004 + 0.001·1 = 0.004996, √v = 0.0706824; γ2 = 0.1·√(1 − 0.999²) = 0.00447102
  //   z2 = 0.9 + 0.00447102/0.0706824 = 0.9 + 0.0632551 = 0.9632551
  //   c = γ2²/(γ1² + γ2²) = 0.001999/(0.001 + 0.001999) = 0.666556
  //   x2 = 0.9 + 0.666556·0.0632551 = 0.942163;  y2 = x2 + 0.1·(z2 − x2) = 0.942163 + 0.00210921 = 0.944272
  it('matches the paper\'s Algorithm 1 worked by hand (bias correction in γ, weighting by γ²)', async () => {
    const rows = await runMulti(createOptimizer({ name: 'schedulefree-adamw', lr: 0.1 }), [[1]], [[[2]], [[-1]]]);
    expect(maxAbsDiff(rows.map((r) => r.values), [[0.9], [0.944272]])).toBeLessThan(TOL);
    expect(maxAbsDiff(rows.map((r) => r.evalValues), [[0.9], [0.942163]])).toBeLessThan(TOL);
  });

  it('decays by γ·λ·y in the z step', () => {
    // λ 0.5, lr 0.1, θ0 = 1, g = 2: z1 = 1 − 0.1 − 0.00316228·0.5·1 = 0.8984189 = y1
    const got = runSteps(createOptimizer({ name: 'schedulefree-adamw', lr: 0.1, weightDecay: 0.5 }), [1], [{ g: [2] }]);
    expect(maxAbsDiff(got, [[0.8984189]])).toBeLessThan(TOL);
  });

  it('setLearningRate and setMomentum change the update', () => {
    const one = (lr: number, beta1?: number) => {
      const opt = createOptimizer({ name: 'schedulefree-adamw', lr: 0.1 });
      return runSteps(opt, [1], [{ g: [2] }, { g: [-1], lr, momentum: beta1 }])[1][0];
    };
    expect(one(0.1)).toBeCloseTo(0.944272, 5);
    expect(one(0.05)).not.toBeCloseTo(0.944272, 3);
    expect(one(0.1, 0.5)).not.toBeCloseTo(0.944272, 3);
  });
});

describe('schedule-free evaluation weights', () => {
  it('withEvalWeights puts x in and y back bitwise, even when the evaluation throws', async () => {
    const opt = createOptimizer({ name: 'schedulefree-sgd', lr: 0.5 });
    const w = tf.variable(tf.tensor1d([1, -2]));
    tf.tidy(() => opt.applyGradients({ [w.name]: tf.tensor1d([2, 1]) }));
    tf.tidy(() => opt.applyGradients({ [w.name]: tf.tensor1d([-1, 0.5]) }));
    const y = Array.from(w.dataSync());
    const before = tf.memory().numTensors;
    await expect(withEvalWeights(opt, () => { throw new Error('eval failed'); })).rejects.toThrow('eval failed');
    expect(Array.from(w.dataSync())).toEqual(y);
    expect(await withEvalWeights(opt, () => Array.from(w.dataSync()))).toEqual([0.25, -2.625]);
    expect(Array.from(w.dataSync())).toEqual(y);
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
    opt.dispose();
  });
});
