import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from './create.js';
import { OPTIMIZER_NAMES } from './options.js';
import { runSteps } from './test-steps.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const float = fc.float({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true });
const vec = fc.array(float, { minLength: 1, maxLength: 5 });
const grads = (n: number) => fc.array(fc.array(float, { minLength: n, maxLength: n }), { minLength: 1, maxLength: 4 });
const problem = vec.chain((theta) => fc.record({ theta: fc.constant(theta), gs: grads(theta.length) }));
const same = (a: number[][], b: number[][]): void => expect(JSON.stringify(a)).toBe(JSON.stringify(b));

describe('optimizer properties', () => {
  it('a step at lr 0 leaves θ exactly unchanged, for every optimizer', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OPTIMIZER_NAMES), problem, (name, { theta, gs }) => {
        const rows = runSteps(createOptimizer({ name, lr: 0 }), theta, gs.map((g) => ({ g })));
        const start = Array.from(new Float32Array(theta));
        for (const r of rows) same([r], [start]);
      }),
      { numRuns: 40 },
    );
  });

  it('adamw with weight decay 0 is adam, bit for bit', () => {
    fc.assert(
      fc.property(problem, ({ theta, gs }) => {
        const script = gs.map((g) => ({ g }));
        same(
          runSteps(createOptimizer({ name: 'adamw', lr: 0.01, weightDecay: 0 }), theta, script),
          runSteps(createOptimizer({ name: 'adam', lr: 0.01 }), theta, script),
        );
      }),
      { numRuns: 25 },
    );
  });

  it('momentum with μ set to 0 before the first step is plain sgd, bit for bit', () => {
    fc.assert(
      fc.property(problem, ({ theta, gs }) => {
        const script = gs.map((g, i) => ({ g, momentum: i === 0 ? 0 : undefined }));
        same(
          runSteps(createOptimizer({ name: 'momentum', lr: 0.1 }), theta, script),
          runSteps(createOptimizer({ name: 'sgd', lr: 0.1 }), theta, script.map(({ g }) => ({ g }))),
        );
      }),
      { numRuns: 25 },
    );
  });

  it('sgd moves θ by exactly −lr·g (to float32 rounding)', () => {
    fc.assert(
      fc.property(problem, fc.double({ min: 0, max: 10, noNaN: true }), ({ theta, gs }, lr) => {
        const rows = runSteps(createOptimizer({ name: 'sgd', lr }), theta, [{ g: gs[0] }]);
        rows[0].forEach((x, j) => expect(x).toBeCloseTo(theta[j] - lr * gs[0][j], 4));
      }),
      { numRuns: 25 },
    );
  });

  it("lamb's step has norm lr·‖θ‖ whenever both norms are non-zero (trust ratio)", () => {
    // θ ← θ − lr·(‖θ‖/‖u‖)·u, so ‖Δθ‖ = lr·‖θ‖ exactly, whatever the gradient.
    fc.assert(
      fc.property(problem, ({ theta, gs }) => {
        const n = (v: number[]) => Math.hypot(...v);
        fc.pre(n(theta) > 0.1 && n(gs[0]) > 0.1);
        const rows = runSteps(createOptimizer({ name: 'lamb', lr: 0.01, weightDecay: 0.1 }), theta, [{ g: gs[0] }]);
        const step = rows[0].map((x, j) => x - theta[j]);
        expect(n(step)).toBeCloseTo(0.01 * n(Array.from(new Float32Array(theta))), 5);
      }),
      { numRuns: 25 },
    );
  });
});
