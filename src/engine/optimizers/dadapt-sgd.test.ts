import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from './create.js';
import { dadaptSgdReference } from './test-lr-free-reference.js';
import { LR_FREE_THETA0, lrFreeScript, maxRelDiff } from './test-lr-free-script.js';
import { maxAbsDiff, runMulti } from './test-steps.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TOL = 2e-6;
const G = [[3, 4]];

describe('dadapt-sgd', () => {
  // lr 1, μ 0, d0 = 0.1, θ0 = x0 = [3, −4], the same gradient g = [3, 4] every step: G = ‖g‖ = 5.
  // step 1: dlr = 0.1/5 = 0.02; r = 0 + 0.02·⟨g, 0⟩ = 0; s = [0.06, 0.08], ‖s‖ = 0.1; d̂ = 0 → d = 0.1
  //   θ1 = x0 − s = [2.94, −4.08]
  // step 2: dlr = 0.02; r = 0.02·(3·0.06 + 4·0.08) = 0.01; s = [0.12, 0.16], ‖s‖ = 0.2; d̂ = 2·0.01/0.2 = 0.1 → d = 0.1
  //   θ2 = [2.88, −4.16]
  // step 3: dlr = 0.02; r = 0.01 + 0.02·(0.36 + 0.64) = 0.03; s = [0.18, 0.24], ‖s‖ = 0.3; d̂ = 0.06/0.3 = 0.2 → d = 0.2
  //   θ3 = [2.82, −4.24]
  // step 4: dlr = 0.2/5 = 0.04; r = 0.03 + 0.04·(0.54 + 0.96) = 0.09; s = [0.3, 0.4], ‖s‖ = 0.5; d̂ = 0.18/0.5 = 0.36 → d = 0.36
  //   θ4 = [2.7, −4.4]
  it('matches dual averaging with the D-Adaptation estimate worked by hand for four steps', async () => {
    const rows = await runMulti(createOptimizer({ name: 'dadapt-sgd', lr: 1, d0: 0.1 }), [[3, -4]], [G, G, G, G]);
    expect(maxAbsDiff(rows.map((r) => r.values), [[2.94, -4.08], [2.88, -4.16], [2.82, -4.24], [2.7, -4.4]])).toBeLessThan(TOL);
    expect(maxAbsDiff([rows.map((r) => r.d as number)], [[0.1, 0.1, 0.2, 0.36]])).toBeLessThan(1e-6);
  });

  it('momentum averages the iterate toward x0 − s: x ← x + (1 − μ)·(z − x)', async () => {
    // μ 0.5, step 1: z = [2.94, −4.08], θ1 = [3, −4] + 0.5·[−0.06, −0.08] = [2.97, −4.04]
    const rows = await runMulti(createOptimizer({ name: 'dadapt-sgd', lr: 1, d0: 0.1, momentum: 0.5 }), [[3, -4]], [G]);
    expect(maxAbsDiff([rows[0].values], [[2.97, -4.04]])).toBeLessThan(TOL);
  });

  it('agrees with a float64 re-statement of the pseudo-code over 40 steps on two variables', async () => {
    const { grads, lrs } = lrFreeScript(40);
    const ours = await runMulti(createOptimizer({ name: 'dadapt-sgd', lr: 1, weightDecay: 0.01, momentum: 0.3 }), LR_FREE_THETA0, grads, lrs);
    const ref = dadaptSgdReference(LR_FREE_THETA0, grads, lrs, { momentum: 0.3, wd: 0.01, d0: 1e-6 });
    expect(ref[39].d).toBeGreaterThan(1e-3);
    for (let k = 0; k < 40; k++) expect(Math.abs((ours[k].d as number) - ref[k].d)).toBeLessThan(1e-4 * ref[k].d);
    expect(maxRelDiff(ours.map((r) => r.values), ref.map((r) => r.values))).toBeLessThan(1e-4);
  });

  it('the lr multiplier scales the step; a step at lr 0 changes nothing', async () => {
    // lr 0.5 at step 2: dlr = 0.01, s = [0.09, 0.12] → θ2 = [2.91, −4.12]
    const step2 = async (lr: number) => (await runMulti(createOptimizer({ name: 'dadapt-sgd', lr: 1, d0: 0.1 }), [[3, -4]], [G, G], [1, lr]))[1];
    expect(maxAbsDiff([(await step2(0.5)).values], [[2.91, -4.12]])).toBeLessThan(TOL);
    expect((await step2(0)).values).toEqual([Math.fround(2.94), Math.fround(-4.08)]);
  });
});
