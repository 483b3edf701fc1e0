import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from './create.js';
import { maxAbsDiff, runSteps } from './test-steps.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TOL = 2e-6;

describe('adam', () => {
  it('matches hand-computed steps, through an LR change and a beta1 change', () => {
    // lr 0.1, β1 0.9, β2 0.999, ε 1e-8; θ0 = [1, −1]
    // step 1, g = [2, 1]: m = [0.2, 0.1], v = [0.004, 0.001]; m̂ = [2, 1], v̂ = [4, 1]
    //   θ1 = θ0 − 0.1·[2/(2+ε), 1/(1+ε)] = [0.9, −1.1]
    // lr → 0.05, step 2, g = [−1, 0.5]: m = [0.18 − 0.1, 0.09 + 0.05] = [0.08, 0.14]
    //   v = [0.999·0.004 + 0.001, 0.999·0.001 + 0.00025] = [0.004996, 0.001249]
    //   1 − β1² = 0.19, 1 − β2² = 0.001999: m̂ = [0.421053, 0.736842], v̂ = [2.499250, 0.624812]
    //   √v̂ = [1.580902, 0.790451]; m̂/√v̂ = [0.266337, 0.932180]
    //   θ2 = [0.9 − 0.0133169, −1.1 − 0.0466090] = [0.886683, −1.146609]
    // β1 → 0.5, step 3, g = [1, −1]: m = [0.04 + 0.5, 0.07 − 0.5] = [0.54, −0.43]
    //   v = [0.999·0.004996 + 0.001, 0.999·0.001249 + 0.001] = [0.005991004, 0.002247751]
    //   bias corrections with the current β1: 1 − 0.5³ = 0.875, 1 − 0.999³ = 0.002997001
    //   m̂ = [0.617143, −0.491429], v̂ = [1.999000, 0.750000]; m̂/√v̂ = [0.436495, −0.567453]
    //   θ3 = [0.886683 − 0.0218248, −1.146609 + 0.0283726] = [0.864858, −1.118236]
    const got = runSteps(createOptimizer({ name: 'adam', lr: 0.1 }), [1, -1], [
      { g: [2, 1] },
      { g: [-1, 0.5], lr: 0.05 },
      { g: [1, -1], momentum: 0.5 },
    ]);
    expect(maxAbsDiff(got, [[0.9, -1.1], [0.886683, -1.146609], [0.864858, -1.118236]])).toBeLessThan(TOL);
  });

  it('adds L2 weight decay to the gradient (PyTorch Adam weight_decay)', () => {
    // λ 0.5, lr 0.1, θ0 = 1. step 1: g' = 2 + 0.5 = 2.5, m̂ = 2.5, v̂ = 6.25 → θ1 = 1 − 0.1 = 0.9
    // step 2: g' = −1 + 0.45 = −0.55; m = 0.225 − 0.055 = 0.17; v = 0.999·0.00625 + 0.001·0.3025 = 0.00654625
    //   m̂ = 0.17/0.19 = 0.894737, v̂ = 0.00654625/0.001999 = 3.274762, √v̂ = 1.809630
    //   θ2 = 0.9 − 0.1·0.494431 = 0.850557
    const got = runSteps(createOptimizer({ name: 'adam', lr: 0.1, weightDecay: 0.5 }), [1], [{ g: [2] }, { g: [-1] }]);
    expect(maxAbsDiff(got, [[0.9], [0.850557]])).toBeLessThan(TOL);
  });
});

describe('adamw', () => {
  it('decays θ by lr·λ·θ before the Adam step (PyTorch AdamW)', () => {
    // λ 0.1, lr 0.1, θ0 = 1. step 1: θ·(1 − 0.01) = 0.99, Adam step 0.1·1 → θ1 = 0.89
    // lr → 0.05, step 2 (g = −1): decay uses the new LR, 0.89·(1 − 0.05·0.1) = 0.88555
    //   Adam step as in the adam test: 0.05·0.266337 = 0.0133169;  θ2 = 0.88555 − 0.0133169 = 0.872233
    const got = runSteps(createOptimizer({ name: 'adamw', lr: 0.1, weightDecay: 0.1 }), [1], [{ g: [2] }, { g: [-1], lr: 0.05 }]);
    expect(maxAbsDiff(got, [[0.89], [0.872233]])).toBeLessThan(TOL);
  });

  it('defaults to weight decay 0.01', () => {
    // θ0 = 1, lr 0.1, g = 2: 1·(1 − 0.001) − 0.1 = 0.899
    const got = runSteps(createOptimizer({ name: 'adamw', lr: 0.1 }), [1], [{ g: [2] }]);
    expect(maxAbsDiff(got, [[0.899]])).toBeLessThan(TOL);
  });

  it('agrees with tfjs AdamOptimizer when there is no weight decay (a second implementation)', () => {
    const grads = [[0.3, -1.2, 2], [-0.7, 0.1, 0.4], [1.5, 1.5, -0.2], [0.01, -0.02, 0.03]];
    const script = grads.map((g) => ({ g }));
    const ours = runSteps(createOptimizer({ name: 'adam', lr: 0.01 }), [0.5, -0.5, 1], script);
    const theirs = runSteps(tf.train.adam(0.01, 0.9, 0.999, 1e-8), [0.5, -0.5, 1], script);
    expect(maxAbsDiff(ours, theirs)).toBeLessThan(1e-6);
  });
});
