import { createRng } from '../random.js';
import { requireNumber } from '../spec-error.js';
import type { GradientNormSource } from './measure-noise-scale.js';

/**
 * A gradient source whose true gradient G and per-example covariance Σ = L·Lᵀ are known in
 * closed form, for testing noise-scale estimators and demos without a model.
 *
 * Per-example gradients are g_i = G + L·z_i with z_i ~ N(0, I) from a seeded `createRng`, so
 * |G|² = Σ_j G_j², tr(Σ) = ‖L‖_F² (sum of squared entries) and B_simple = tr(Σ)/|G|².
 * `gradSqNorm(B)` draws B fresh examples and returns the squared norm of their mean, whose
 * expectation is |G|² + tr(Σ)/B.
 */
export interface SyntheticGradients extends GradientNormSource {
  readonly gradSqNormTrue: number;
  readonly traceSigmaTrue: number;
  readonly bSimpleTrue: number;
}

/**
 * Build a `SyntheticGradients` from G (length d) and any square factor L (d rows of d).
 * Example: `syntheticGradients({ g: [1, 0], l: [[4, 0], [0, 4]], seed: 1 })` has |G|² = 1,
 * tr(Σ) = 32, B_simple = 32.
 */
export function syntheticGradients(options: { g: ReadonlyArray<number>; l: ReadonlyArray<ReadonlyArray<number>>; seed: number }): SyntheticGradients {
  const { g, l } = options;
  const d = g.length;
  const rng = createRng(options.seed);
  const gradSqNormTrue = g.reduce((a, x) => a + x * x, 0);
  const traceSigmaTrue = l.reduce((a, row) => a + row.reduce((b, x) => b + x * x, 0), 0);
  const zBar = new Float64Array(d);
  return {
    gradSqNormTrue,
    traceSigmaTrue,
    bSimpleTrue: traceSigmaTrue / gradSqNormTrue,
    gradSqNorm(batchSize: number): Promise<number> {
      requireNumber('batchSize', batchSize, 'must be a positive integer', (v) => Number.isInteger(v) && v >= 1);
      // The mean of B examples is G + L·z̄ with z̄ the mean of the B noise vectors (L is linear).
      zBar.fill(0);
      for (let i = 0; i < batchSize; i++) for (let j = 0; j < d; j++) zBar[j] += rng.normal();
      let sq = 0;
      for (let j = 0; j < d; j++) {
        let x = g[j];
        for (let k = 0; k < d; k++) x += l[j][k] * zBar[k] / batchSize;
        sq += x * x;
      }
      return Promise.resolve(sq);
    },
  };
}
