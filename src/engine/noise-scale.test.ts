import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createRng } from '../core/random.js';
import { createNoiseScaleEstimator } from '../core/batch/index.js';
import type { DataSplit, Dataset } from '../data/types.js';
import { createModel } from './models.js';
import { defaultBatchPair, measureTrainerNoiseScale, noiseScaleDuringTraining } from './noise-scale.js';
import { Trainer } from './trainer/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const D = 3, K = 3;

/** Overlapping Gaussian blobs in 3-D: the gradient stays noisy at any weights. */
function blobs(n: number, seed: number): Dataset {
  const rng = createRng(seed);
  const x = new Float32Array(n * D);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % K;
    for (let j = 0; j < D; j++) x[i * D + j] = (j === y[i] ? 1 : 0) + rng.normal();
  }
  return { x, y, n, featureShape: [D], numClasses: K };
}

function linearTrainer(data: DataSplit, batchSize = 8): Trainer {
  const model = createModel({ kind: 'linear', inputShape: [D], numClasses: K, seed: 5 });
  return new Trainer({ model, optimizer: { name: 'sgd' }, schedule: 0.1, data, batchSize, seed: 11, normalize: 'none' });
}

/**
 * Per-example gradients of softmax cross-entropy for logits = x·W + b, in closed form:
 * ∂l/∂W = x (p − y)ᵀ, ∂l/∂b = p − y, p = softmax(x·W + b). Flattened as [W row-major, b].
 */
function perExampleGradients(t: Trainer, ds: Dataset): number[][] {
  const [w, b] = t.model.getWeights().map((v) => Array.from(v.dataSync()));
  const out: number[][] = [];
  for (let i = 0; i < ds.n; i++) {
    const xi = Array.from(ds.x.subarray(i * D, (i + 1) * D));
    const z = Array.from({ length: K }, (_, k) => b[k] + xi.reduce((a, xj, j) => a + xj * w[j * K + k], 0));
    const zmax = Math.max(...z);
    const e = z.map((v) => Math.exp(v - zmax));
    const sum = e.reduce((a, v) => a + v, 0);
    const r = e.map((v, k) => v / sum - (k === ds.y[i] ? 1 : 0));
    const g: number[] = [];
    for (let j = 0; j < D; j++) for (let k = 0; k < K; k++) g.push(xi[j] * r[k]);
    out.push([...g, ...r]);
  }
  return out;
}

const sq = (v: number[]): number => v.reduce((a, x) => a + x * x, 0);
const meanOf = (gs: number[][]): number[] => gs[0].map((_, j) => gs.reduce((a, g) => a + g[j], 0) / gs.length);

describe('defaultBatchPair', () => {
  it('uses 64/1024 on MNIST-sized sets and shrinks both for small ones', () => {
    expect(defaultBatchPair(60000)).toEqual({ bSmall: 64, bBig: 1024 });
    // bBig = floor(400/2) = 200, bSmall = min(64, floor(200/4) = 50)
    expect(defaultBatchPair(400)).toEqual({ bSmall: 50, bBig: 200 });
    expect(() => defaultBatchPair(3)).toThrow('datasetSize');
  });
});

describe('Trainer.gradientSquaredNorm on a linear model', () => {
  const split: DataSplit = { name: 'blobs', train: blobs(64, 1), val: blobs(16, 2) };

  it('over the whole training set equals |∇L|² computed in closed form', async () => {
    const t = linearTrainer(split);
    const exact = sq(meanOf(perExampleGradients(t, split.train)));
    const measured = await t.gradientSquaredNorm(64);
    expect(measured).toBeGreaterThan(0);
    expect(Math.abs(measured - exact) / exact).toBeLessThan(1e-4);
    // Chunked accumulation (evalBatchSize < batch) gives the same mean gradient.
    const chunked = new Trainer({
      model: t.model, optimizer: { name: 'sgd' }, schedule: 0.1, data: split, batchSize: 8, seed: 11, normalize: 'none', evalBatchSize: 10,
    });
    expect(Math.abs(await chunked.gradientSquaredNorm(64) - exact) / exact).toBeLessThan(1e-4);
    chunked.dispose();
    t.model.dispose();
    t.dispose();
  });

  it('of one row is the squared norm of one per-example gradient', async () => {
    const t = linearTrainer(split);
    const norms = perExampleGradients(t, split.train).map(sq);
    for (let k = 0; k < 5; k++) {
      const v = await t.gradientSquaredNorm(1);
      const nearest = Math.min(...norms.map((x) => Math.abs(x - v) / x));
      expect(nearest).toBeLessThan(1e-4);
    }
    t.model.dispose();
    t.dispose();
  });
});

describe('measureTrainerNoiseScale', () => {
  it('recovers the exact B_simple = tr(Σ)/|G|² of a linear model within its interval (finite-population corrected)', async () => {
    const split: DataSplit = { name: 'blobs', train: blobs(48, 3), val: blobs(16, 4) };
    const t = linearTrainer(split);
    const gs = perExampleGradients(t, split.train);
    const G = meanOf(gs);
    // Σ over the n examples with 1/n (the population the trainer samples from without replacement).
    const traceSigma = gs.reduce((a, g) => a + sq(g.map((v, j) => v - G[j])), 0) / gs.length;
    const exact = traceSigma / sq(G);
    const m = await measureTrainerNoiseScale(t, { bSmall: 8, bBig: 40, steps: 200 });
    expect(m.status).toBe('ok');
    expect(m.samples).toHaveLength(200);
    expect(m.lower).toBeLessThanOrEqual(exact);
    expect(m.upper).toBeGreaterThanOrEqual(exact);
    // The interval is informative, not [0, ∞).
    expect(m.upper / m.lower).toBeLessThan(3);
    // The test has power: the same samples without the finite-population correction (bBig is
    // 40 of 48 rows) overestimate tr(Σ)/|G|² and their interval misses the exact value.
    const naive = createNoiseScaleEstimator({ bSmall: 8, bBig: 40 });
    for (const s of m.samples) naive.add(s.gSmallSq, s.gBigSq);
    expect(naive.estimate().lower).toBeGreaterThan(exact);
    t.model.dispose();
    t.dispose();
  });
});

describe('noiseScaleDuringTraining', () => {
  const split: DataSplit = { name: 'blobs', train: blobs(64, 5), val: blobs(16, 6) };

  it('measures at the requested steps and leaves training exactly as without measuring', async () => {
    const a = linearTrainer(split);
    const curve = await noiseScaleDuringTraining(a, { at: [0, 3, 10], steps: 3, finalSteps: 4, bSmall: 4, bBig: 16 });
    expect(curve.points.map((p) => p.step)).toEqual([0, 3, 10]);
    // 64 rows / batch 8 = 8 steps per epoch
    expect(curve.points.map((p) => p.epoch)).toEqual([0, 3 / 8, 10 / 8]);
    expect(curve.points.map((p) => p.samples.length)).toEqual([3, 3, 4]);
    expect(curve.points[0].trainLoss).toBeNull();
    expect(curve.aborted).toBe(false);

    const b = linearTrainer(split);
    const stop = new AbortController();
    await b.run({ epochs: 2, signal: stop.signal, onStep: (s) => { if (s.globalStep >= 10) stop.abort(); } });
    const wa = a.model.getWeights().map((w) => Array.from(w.dataSync()));
    const wb = b.model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(wa).toEqual(wb);
    for (const t of [a, b]) { t.model.dispose(); t.dispose(); }
  });

  it('rejects steps that do not increase', async () => {
    const t = linearTrainer(split);
    await expect(noiseScaleDuringTraining(t, { at: [0, 5, 5] })).rejects.toThrow('at[2]');
    await expect(noiseScaleDuringTraining(t, { at: [] })).rejects.toThrow('at');
    t.model.dispose();
    t.dispose();
  });
});
