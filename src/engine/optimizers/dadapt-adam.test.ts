import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from './create.js';
import { dadaptAdamReference } from './test-lr-free-reference.js';
import { LR_FREE_THETA0, lrFreeScript, maxRelDiff } from './test-lr-free-script.js';
import { maxAbsDiff, runMulti } from './test-steps.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TOL = 2e-6;

describe('dadapt-adam', () => {
  // lr 1, β1 0.9, β2 0.99 (√β2 = 0.994987, 1 − √β2 = 0.00501256), ε 1e-8, d0 = 0.01, θ0 = [1, −1].
  // step 1, g = [2, 1]: dlr = 0.01; a = dlr·⟨g, s/(√v + ε)⟩ = 0 (s = 0)
  //   m = 0.01·0.1·g = [0.002, 0.001];  v = 0.01·g² = [0.04, 0.01];  s = 0.01·0.00501256·g = [1.002513e-4, 5.01256e-5]
  //   r = 0 → d̂ = 0, d stays 0.01;  θ1 = θ0 − m/(√v + ε) = [1 − 0.002/0.2, −1 − 0.001/0.1] = [0.99, −1.01]
  // step 2, g = [1, 1]: a = 0.01·(1.002513e-4/0.2 + 5.01256e-5/0.1) = 0.01·1.0025126e-3 = 1.0025126e-5
  //   m = [0.0028, 0.0019];  v = [0.99·0.04 + 0.01, 0.99·0.01 + 0.01] = [0.0496, 0.0199]
  //   s = 0.994987·[1.002513e-4, 5.01256e-5] + 5.01256e-5 = [1.498744e-4, 1.0e-4], Σ|s| = 2.498744e-4
  //   r = 0.00501256·1.0025126e-5 = 5.025156e-8;  d̂ = r/(0.00501256·2.498744e-4) = 0.0401207 > 0.01 → d = 0.0401207
  //   θ2 = θ1 − m/(√v + ε) = [0.99 − 0.0028/0.222711, −1.01 − 0.0019/0.141067] = [0.9774276, −1.0234688]
  it('matches the algorithm worked by hand for two steps, d growing at the second', async () => {
    const rows = await runMulti(createOptimizer({ name: 'dadapt-adam', lr: 1, beta2: 0.99, d0: 0.01 }), [[1, -1]], [[[2, 1]], [[1, 1]]]);
    expect(maxAbsDiff(rows.map((r) => r.values), [[0.99, -1.01], [0.9774276, -1.0234688]])).toBeLessThan(TOL);
    expect(rows[0].d).toBe(Math.fround(0.01));
    expect(Math.abs((rows[1].d as number) - 0.0401207)).toBeLessThan(1e-6);
  });

  // 16 steps: on this linear script d keeps growing (past 100 by step 20), and the weights' swings
  // then make float32 rounding, not the method, the difference with the float64 version.
  it('agrees with a float64 re-statement of the pseudo-code over 16 steps on two variables', async () => {
    const { grads, lrs } = lrFreeScript(16);
    const ours = await runMulti(createOptimizer({ name: 'dadapt-adam', lr: 1, weightDecay: 0.01 }), LR_FREE_THETA0, grads, lrs);
    const ref = dadaptAdamReference(LR_FREE_THETA0, grads, lrs, { beta1: 0.9, beta2: 0.999, eps: 1e-8, wd: 0.01, d0: 1e-6 });
    expect(ref[15].d).toBeGreaterThan(1e-3);
    for (let k = 0; k < 16; k++) expect(Math.abs((ours[k].d as number) - ref[k].d)).toBeLessThan(1e-4 * ref[k].d);
    expect(maxRelDiff(ours.map((r) => r.values), ref.map((r) => r.values))).toBeLessThan(1e-4);
  });

  it('the lr multiplier scales the step; a step at lr 0 changes nothing', async () => {
    const step2 = async (lr: number) => (await runMulti(createOptimizer({ name: 'dadapt-adam', lr: 1, beta2: 0.99, d0: 0.01 }), [[1, -1]], [[[2, 1]], [[1, 1]]], [1, lr]))[1];
    // lr 0.5 at step 2: dlr = 0.005, m = [0.0018 + 0.0005, 0.0009 + 0.0005] = [0.0023, 0.0014]
    //   θ2 = [0.99 − 0.0023/0.222711, −1.01 − 0.0014/0.141067] = [0.9796727, −1.0199244]
    expect(maxAbsDiff([(await step2(0.5)).values], [[0.9796727, -1.0199244]])).toBeLessThan(TOL);
    expect((await step2(0)).values).toEqual([Math.fround(0.99), Math.fround(-1.01)]);
  });
});
