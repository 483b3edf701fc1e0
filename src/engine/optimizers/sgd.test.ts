import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from './create.js';
import { maxAbsDiff, runSteps } from './test-steps.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TOL = 1e-6;

describe('sgd', () => {
  it('adds L2 weight decay to the gradient and uses a changed LR on the very next step', () => {
    // θ0 = [1, −2], λ = 0.5, lr 0.1
    // step 1: g' = [0.5, 1] + 0.5·[1, −2] = [1, 0];   θ1 = [1 − 0.1, −2] = [0.9, −2]
    // lr → 0.2, step 2: g' = [1, −1] + 0.5·[0.9, −2] = [1.45, −2];  θ2 = [0.9 − 0.29, −2 + 0.4] = [0.61, −1.6]
    const got = runSteps(createOptimizer({ name: 'sgd', lr: 0.1, weightDecay: 0.5 }), [1, -2], [
      { g: [0.5, 1] },
      { g: [1, -1], lr: 0.2 },
    ]);
    expect(maxAbsDiff(got, [[0.9, -2], [0.61, -1.6]])).toBeLessThan(TOL);
  });

  it('starts a momentum buffer at the gradient of the step where momentum becomes > 0 (PyTorch)', () => {
    // lr 1, μ 0: θ1 = 0 − 1 = −1 (no buffer kept)
    // μ → 0.9: b = 0.9·0 + 1 = 1, θ2 = −2;  then b = 0.9·1 + 1 = 1.9, θ3 = −3.9
    // (a buffer kept through the μ = 0 step would hold 1 and give θ2 = −2.9.)
    const got = runSteps(createOptimizer({ name: 'sgd', lr: 1 }), [0], [
      { g: [1] },
      { g: [1], momentum: 0.9 },
      { g: [1] },
    ]);
    expect(maxAbsDiff(got, [[-1], [-2], [-3.9]])).toBeLessThan(TOL);
  });
});

describe('momentum', () => {
  it('follows b ← μb + g, θ ← θ − lr·b, through an LR change and a momentum change', () => {
    // θ0 = [1, 2], lr 0.1, μ 0.9
    // step 1: b = [1, −1];                         θ1 = [1 − 0.1, 2 + 0.1] = [0.9, 2.1]
    // lr → 0.5, step 2: b = 0.9·[1, −1] + [2, 0] = [2.9, −0.9];   θ2 = [0.9 − 1.45, 2.1 + 0.45] = [−0.55, 2.55]
    // μ → 0.5, step 3: b = 0.5·[2.9, −0.9] + [0, 1] = [1.45, 0.55];  θ3 = [−0.55 − 0.725, 2.55 − 0.275] = [−1.275, 2.275]
    const got = runSteps(createOptimizer({ name: 'momentum', lr: 0.1 }), [1, 2], [
      { g: [1, -1] },
      { g: [2, 0], lr: 0.5 },
      { g: [0, 1], momentum: 0.5 },
    ]);
    expect(maxAbsDiff(got, [[0.9, 2.1], [-0.55, 2.55], [-1.275, 2.275]])).toBeLessThan(TOL);
  });

  it('applies weight decay before the buffer', () => {
    // θ0 = [2], λ 0.25, lr 0.1, μ 0.9: g' = 1 + 0.5 = 1.5, b = 1.5, θ1 = 2 − 0.15 = 1.85
    // g' = 1 + 0.25·1.85 = 1.4625, b = 0.9·1.5 + 1.4625 = 2.8125, θ2 = 1.85 − 0.28125 = 1.56875
    const got = runSteps(createOptimizer({ name: 'momentum', lr: 0.1, weightDecay: 0.25 }), [2], [{ g: [1] }, { g: [1] }]);
    expect(maxAbsDiff(got, [[1.85], [1.56875]])).toBeLessThan(TOL);
  });
});

describe('nesterov', () => {
  it("follows PyTorch's b ← μb + g, θ ← θ − lr·(g + μ·b)", () => {
    // θ0 = 1, lr 0.1, μ 0.9
    // step 1: b = 1, step = 1 + 0.9·1 = 1.9,          θ1 = 1 − 0.19 = 0.81
    // lr → 0.2, step 2: b = 0.9 + 2 = 2.9, step = 2 + 0.9·2.9 = 4.61, θ2 = 0.81 − 0.922 = −0.112
    // μ → 0.5, step 3 (g = 0): b = 1.45, step = 0 + 0.5·1.45 = 0.725, θ3 = −0.112 − 0.145 = −0.257
    const got = runSteps(createOptimizer({ name: 'nesterov', lr: 0.1 }), [1], [
      { g: [1] },
      { g: [2], lr: 0.2 },
      { g: [0], momentum: 0.5 },
    ]);
    expect(maxAbsDiff(got, [[0.81], [-0.112], [-0.257]])).toBeLessThan(TOL);
  });
});
