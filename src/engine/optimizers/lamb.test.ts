import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from './create.js';
import { maxAbsDiff, runSteps } from './test-steps.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TOL = 2e-6;

describe('lamb', () => {
  it('matches hand-computed steps, through an LR change and a beta1 change', () => {
    // β1 0.9, β2 0.999, ε 1e-8, λ 0.1, lr 0.1; θ0 = [3, 4] (‖θ‖ = 5)
    // step 1, g = [2, −2]: m̂ = [2, −2], v̂ = [4, 4], r = [1, −1]; u = r + 0.1θ = [1.3, −0.6]
    //   ‖u‖ = √2.05 = 1.431782; ratio = 5/1.431782 = 3.492151
    //   θ1 = [3 − 0.1·3.492151·1.3, 4 + 0.1·3.492151·0.6] = [2.546020, 4.209529]
    // step 2, g = [1, 0]: m = [0.28, −0.18], v = [0.004996, 0.003996]
    //   m̂ = m/0.19 = [1.473684, −0.947368], v̂ = v/0.001999 = [2.499250, 1.998999]
    //   r = [0.932180, −0.670058]; u = r + 0.1·θ1 = [1.186782, −0.249105]
    //   ‖θ1‖ = 4.919589, ‖u‖ = 1.212643, ratio = 4.056913
    //   θ2 = θ1 − 0.1·4.056913·u = [2.064553, 4.310589]
    // lr → 0.2, β1 → 0.5, step 3, g = [−1, 1]: m = 0.5·m + 0.5·g = [−0.36, 0.41]
    //   v = [0.005991004, 0.004992004]; 1 − 0.5³ = 0.875, 1 − 0.999³ = 0.002997001
    //   m̂ = [−0.411429, 0.468571], v̂ = [1.999000, 1.665666], r = [−0.290997, 0.363063]
    //   u = r + 0.1·θ2 = [−0.084541, 0.794122]; ‖θ2‖ = 4.779493, ‖u‖ = 0.798609, ratio = 5.984772
    //   θ3 = θ2 − 0.2·5.984772·u = [2.165746, 3.360061]
    const got = runSteps(createOptimizer({ name: 'lamb', lr: 0.1, weightDecay: 0.1 }), [3, 4], [
      { g: [2, -2] },
      { g: [1, 0] },
      { g: [-1, 1], lr: 0.2, momentum: 0.5 },
    ]);
    expect(maxAbsDiff(got, [[2.54602, 4.209529], [2.064553, 4.310589], [2.165746, 3.360061]])).toBeLessThan(TOL);
  });

  it('uses ratio 1 when ‖θ‖ = 0', () => {
    // θ0 = [0, 0], λ 0, lr 0.1, g = [3, −4]: r = [1, −1], ratio 1 → θ1 = [−0.1, 0.1]
    const got = runSteps(createOptimizer({ name: 'lamb', lr: 0.1 }), [0, 0], [{ g: [3, -4] }]);
    expect(maxAbsDiff(got, [[-0.1, 0.1]])).toBeLessThan(TOL);
  });

  it('uses ratio 1 when ‖u‖ = 0 (zero gradient, no decay): θ stays', () => {
    const got = runSteps(createOptimizer({ name: 'lamb', lr: 0.1 }), [3, 4], [{ g: [0, 0] }]);
    expect(maxAbsDiff(got, [[3, 4]])).toBeLessThan(TOL);
  });
});
