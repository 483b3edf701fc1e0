import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from './create.js';
import { maxAbsDiff, runSteps } from './test-steps.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TOL = 1e-6;

describe('rmsprop', () => {
  it('matches hand-computed steps, through an LR change and momentum switched on', () => {
    // ρ 0.9, ε 1e-8, lr 0.01, μ 0, θ0 = 1
    // step 1, g = 2: s = 0.1·4 = 0.4; u = 2/√0.4 = 3.162278;  θ1 = 1 − 0.0316228 = 0.968377
    // lr → 0.02, μ → 0.5, step 2, g = 1: s = 0.36 + 0.1 = 0.46; u = 1/√0.46 = 1.474420
    //   buffer starts at 0: b = 1.474420;  θ2 = 0.968377 − 0.0294884 = 0.938889
    // step 3, g = −1: s = 0.414 + 0.1 = 0.514; u = −1/√0.514 = −1.394825
    //   b = 0.5·1.474420 − 1.394825 = −0.657611;  θ3 = 0.938889 + 0.0131522 = 0.952041
    const got = runSteps(createOptimizer({ name: 'rmsprop', lr: 0.01 }), [1], [
      { g: [2] },
      { g: [1], lr: 0.02, momentum: 0.5 },
      { g: [-1] },
    ]);
    expect(maxAbsDiff(got, [[0.968377], [0.938889], [0.952041]])).toBeLessThan(TOL);
  });

  it('adds L2 weight decay to the gradient', () => {
    // λ 0.5, lr 0.01, θ0 = 1. step 1: g' = 2.5, s = 0.625, u = 2.5/0.790569 = 3.162278, θ1 = 0.968377
    // step 2: g' = 1 + 0.5·0.968377 = 1.484189, s = 0.5625 + 0.1·2.202816 = 0.782782
    //   u = 1.484189/0.884750 = 1.677524, θ2 = 0.968377 − 0.0167752 = 0.951602
    const got = runSteps(createOptimizer({ name: 'rmsprop', lr: 0.01, weightDecay: 0.5 }), [1], [{ g: [2] }, { g: [1] }]);
    expect(maxAbsDiff(got, [[0.968377], [0.951602]])).toBeLessThan(TOL);
  });

  it('uses rho for the mean square (rho 0.99 as PyTorch alpha)', () => {
    // ρ 0.99: s = 0.01·4 = 0.04, u = 2/0.2 = 10, θ1 = 1 − 0.01·10 = 0.9
    const got = runSteps(createOptimizer({ name: 'rmsprop', lr: 0.01, rho: 0.99 }), [1], [{ g: [2] }]);
    expect(maxAbsDiff(got, [[0.9]])).toBeLessThan(TOL);
  });
});
