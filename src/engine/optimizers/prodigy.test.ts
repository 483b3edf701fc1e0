import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from './create.js';
import { prodigyReference } from './test-lr-free-reference.js';
import { LR_FREE_THETA0, lrFreeScript, maxRelDiff } from './test-lr-free-script.js';
import { maxAbsDiff, runMulti } from './test-steps.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TOL = 2e-6;

describe('prodigy', () => {
  // lr 1, β1 0.9, β2 0.99 (β3 = √0.99 = 0.994987), ε 1e-8, d0 = 0.01, θ0 = x0 = [1, −1].
  // step 1, g = [2, 1]: dlr = d·lr = 0.01; ⟨g, x0 − x⟩ = 0 → r = 0
  //   m = d·0.1·g = [0.002, 0.001];  v = d²·0.01·g² = [4e-6, 1e-6], √v = [0.002, 0.001]
  //   s = (d/d0)·dlr·g = [0.02, 0.01], Σ|s| = 0.03;  d̂ = 0/0.03 = 0 → d stays 0.01
  //   θ1 = θ0 − 0.01·m/(√v + d·ε) = θ0 − 0.01·[1, 1] = [0.99, −1.01]
  // step 2, g = [1, 1]: ⟨g, x0 − θ1⟩ = 0.01 + 0.01 = 0.02; r = 0.994987·0 + 1·0.01·0.02 = 2e-4
  //   m = [0.0018 + 0.001, 0.0009 + 0.001] = [0.0028, 0.0019];  v = [3.96e-6 + 1e-6, 0.99e-6 + 1e-6] = [4.96e-6, 1.99e-6]
  //   s = 0.994987·[0.02, 0.01] + 0.01 = [0.0298997, 0.0199499], Σ|s| = 0.0498496
  //   d̂ = 2e-4/0.0498496 = 0.00401207 < 0.01 → d stays 0.01 (d never shrinks)
  //   θ2 = θ1 − 0.01·[0.0028/0.00222711, 0.0019/0.00141067] = [0.99 − 0.0125724, −1.01 − 0.0134688] = [0.9774276, −1.0234688]
  it('matches the algorithm worked by hand for two steps', async () => {
    const rows = await runMulti(createOptimizer({ name: 'prodigy', lr: 1, beta2: 0.99, d0: 0.01 }), [[1, -1]], [[[2, 1]], [[1, 1]]]);
    expect(maxAbsDiff(rows.map((r) => r.values), [[0.99, -1.01], [0.9774276, -1.0234688]])).toBeLessThan(TOL);
    expect(rows.map((r) => r.d)).toEqual([0.01, 0.01].map((d) => Math.fround(d)));
  });

  it('agrees with a float64 re-statement of the pseudo-code over 40 steps on two variables, d growing', async () => {
    const { grads, lrs } = lrFreeScript(40);
    const ours = await runMulti(createOptimizer({ name: 'prodigy', lr: 1, weightDecay: 0.01 }), LR_FREE_THETA0, grads, lrs);
    const ref = prodigyReference(LR_FREE_THETA0, grads, lrs, { beta1: 0.9, beta2: 0.999, eps: 1e-8, wd: 0.01, d0: 1e-6 });
    expect(ref[39].d).toBeGreaterThan(1e-3); // it adapted: a thousand times d0
    for (let k = 0; k < 40; k++) {
      expect(Math.abs((ours[k].d as number) - ref[k].d)).toBeLessThan(1e-4 * ref[k].d);
    }
    expect(maxRelDiff(ours.map((r) => r.values), ref.map((r) => r.values))).toBeLessThan(1e-4);
  });

  it('the lr multiplier scales the step; a step at lr 0 changes nothing', async () => {
    const step2 = async (lr: number) => (await runMulti(createOptimizer({ name: 'prodigy', lr: 1, beta2: 0.99, d0: 0.01 }), [[1, -1]], [[[2, 1]], [[1, 1]]], [1, lr]))[1];
    // lr 0.5 at step 2: dlr = 0.005, so θ2 = θ1 − 0.005·[1.257235, 1.346878] = [0.9837138, −1.0167344]
    expect(maxAbsDiff([(await step2(0.5)).values], [[0.9837138, -1.0167344]])).toBeLessThan(TOL);
    expect((await step2(0)).values).toEqual([Math.fround(0.99), Math.fround(-1.01)]);
  });
});
