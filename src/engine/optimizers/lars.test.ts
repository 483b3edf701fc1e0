import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from './create.js';
import { maxAbsDiff, runSteps } from './test-steps.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TOL = 1e-6;

describe('lars', () => {
  it('scales each step by η‖θ‖/(‖g‖ + λ‖θ‖), with momentum, through an LR and a momentum change', () => {
    // η 0.1, λ 0.1, μ 0.9, lr 1; θ0 = [3, 4] (‖θ‖ = 5)
    // step 1, g = [0.6, 0.8] (‖g‖ = 1): local = 0.1·5/(1 + 0.5) = 1/3
    //   g + λθ = [0.9, 1.2];  v = 1·(1/3)·[0.9, 1.2] = [0.3, 0.4];  θ1 = [2.7, 3.6]
    // lr → 0.5, step 2, g = [0, 2]: ‖θ1‖ = 4.5, local = 0.45/(2 + 0.45) = 0.183673
    //   g + λθ = [0.27, 2.36];  lr·local = 0.0918367;  new part = [0.0247959, 0.216735]
    //   v = 0.9·[0.3, 0.4] + new part = [0.294796, 0.576735];  θ2 = [2.405204, 3.023265]
    // μ → 0.5, step 3, g = [1, 0]: ‖θ2‖ = 3.863307, local = 0.386331/(1 + 0.386331) = 0.278671
    //   g + λθ = [1.240520, 0.302327];  lr·local = 0.139336;  new part = [0.172850, 0.042125]
    //   v = 0.5·[0.294796, 0.576735] + new part = [0.320247, 0.330492];  θ3 = [2.084957, 2.692773]
    const got = runSteps(createOptimizer({ name: 'lars', lr: 1, trustCoefficient: 0.1, weightDecay: 0.1 }), [3, 4], [
      { g: [0.6, 0.8] },
      { g: [0, 2], lr: 0.5 },
      { g: [1, 0], momentum: 0.5 },
    ]);
    expect(maxAbsDiff(got, [[2.7, 3.6], [2.405204, 3.023265], [2.084957, 2.692773]])).toBeLessThan(TOL);
  });

  it('skips the trust ratio when ‖θ‖ = 0 (a zero bias)', () => {
    // θ0 = [0, 0], μ 0, lr 0.1: local = 1, θ1 = −0.1·[1, 1]
    const got = runSteps(createOptimizer({ name: 'lars', lr: 0.1, momentum: 0, weightDecay: 0.1 }), [0, 0], [{ g: [1, 1] }]);
    expect(maxAbsDiff(got, [[-0.1, -0.1]])).toBeLessThan(TOL);
  });

  it('skips the trust ratio when ‖g‖ = 0, still applying weight decay', () => {
    // θ0 = [3, 4], g = 0, λ 0.1, lr 1, μ 0: local = 1, θ1 = [3, 4] − 0.1·[3, 4] = [2.7, 3.6]
    const got = runSteps(createOptimizer({ name: 'lars', lr: 1, momentum: 0, weightDecay: 0.1 }), [3, 4], [{ g: [0, 0] }]);
    expect(maxAbsDiff(got, [[2.7, 3.6]])).toBeLessThan(TOL);
  });

  it('uses trust coefficient 0.001 by default and no weight decay', () => {
    // θ0 = [3, 4], g = [6, 8] (‖g‖ = 10), lr 1, μ 0.9: local = 0.001·5/10 = 0.0005
    //   v = 0.0005·[6, 8] = [0.003, 0.004]; θ1 = [2.997, 3.996]
    const got = runSteps(createOptimizer({ name: 'lars', lr: 1 }), [3, 4], [{ g: [6, 8] }]);
    expect(maxAbsDiff(got, [[2.997, 3.996]])).toBeLessThan(TOL);
  });
});
