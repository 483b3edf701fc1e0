import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createRng } from '../../core/random.js';
import type { DataSplit, Dataset } from '../../data/types.js';
import { createModel } from '../models.js';
import { adaptedStepSize, isLrlabOptimizer } from '../optimizers/index.js';
import { Trainer } from './trainer.js';
import type { EpochRow, TrainerOptions } from './types.js';

// The Trainer with the schedule-free and learning-rate-free optimizers: evaluation at x, d per epoch.

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Three Gaussian blobs in 4-D, centres 3 apart. */
function blobs(n: number, seed: number): Dataset {
  const rng = createRng(seed);
  const x = new Float32Array(n * 4);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 3;
    for (let j = 0; j < 4; j++) x[i * 4 + j] = (j === y[i] ? 3 : 0) + 0.5 * rng.normal();
  }
  return { x, y, n, featureShape: [4], numClasses: 3 };
}

const split: DataSplit = { name: 'blobs', train: blobs(120, 1), val: blobs(60, 2) };

function makeTrainer(over: Partial<TrainerOptions> = {}): Trainer {
  const model = createModel({ kind: 'mlp', inputShape: [4], numClasses: 3, hidden: [8], seed: 3 });
  return new Trainer({ model, optimizer: { name: 'schedulefree-sgd' }, schedule: 0.5, data: split, batchSize: 16, seed: 7, ...over });
}

const weights = (m: Trainer['model']): number[][] => m.getWeights().map((w) => Array.from(w.dataSync()));
const stripTimes = (rows: EpochRow[]) => rows.map(({ seconds: _s, samplesPerSecond: _p, evalSeconds: _e, ...rest }) => rest);

describe('Trainer with schedule-free optimizers', () => {
  it('evaluates at the average x and leaves the training weights y bitwise as they were', async () => {
    const t = makeTrainer();
    await t.run({ epochs: 2 });
    const y = weights(t.model);
    const before = tf.memory().numTensors;
    const atX = await t.evaluate();
    expect(weights(t.model)).toEqual(y);
    expect(tf.memory().numTensors).toBe(before);

    // An independent evaluation: the same model with x copied in by hand, through a plain-SGD trainer.
    const opt = t.optimizer;
    if (!isLrlabOptimizer(opt)) throw new Error('expected an lrlab optimizer');
    const state = opt.captureState();
    const plain = new Trainer({ model: t.model, optimizer: { name: 'sgd' }, schedule: 0.1, data: split, batchSize: 16, seed: 7 });
    const atY = await plain.evaluate();
    const vars = t.model.weights.map((w) => w.read() as tf.Variable);
    for (const v of vars) v.assign(state.slots.get(v.name)?.get('x') as tf.Tensor);
    const byHand = await plain.evaluate();
    expect(atX).toEqual(byHand);
    expect(atX.loss).not.toBe(atY.loss);
    for (const m of state.slots.values()) for (const s of m.values()) s.dispose();
    plain.dispose();
    t.model.dispose();
    t.dispose();
  });

  it('snapshot → an epoch → restore → the same epoch is bitwise identical (z, x and Σγ² included)', async () => {
    const t = makeTrainer({ optimizer: { name: 'schedulefree-adamw' }, schedule: 0.01 });
    await t.run({ epochs: 1 });
    const s = await t.snapshot();
    const first = await t.run({ epochs: 1 });
    await t.restore(s);
    const second = await t.run({ epochs: 1 });
    expect(stripTimes(second.epochs)).toEqual(stripTimes(first.epochs));
    t.disposeSnapshot(s);
    t.model.dispose();
    t.dispose();
  });
});

describe('Trainer with learning-rate-free optimizers', () => {
  it('reports the adapted d in each epoch row for prodigy, dadapt-sgd and dadapt-adam only', async () => {
    for (const name of ['prodigy', 'dadapt-sgd', 'dadapt-adam'] as const) {
      const t = makeTrainer({ optimizer: { name }, schedule: 1 });
      const r = await t.run({ epochs: 2 });
      expect(r.diverged).toBe(false);
      const ds = r.epochs.map((e) => e.d as number);
      expect(ds[1]).toBe(await adaptedStepSize(t.optimizer));
      // d starts at d0 = 1e-6 and never shrinks; on this problem it has grown by the end of epoch 1.
      expect(ds[0]).toBeGreaterThan(1e-6);
      expect(ds[1]).toBeGreaterThanOrEqual(ds[0]);
      t.model.dispose();
      t.dispose();
    }
    const sgd = makeTrainer({ optimizer: { name: 'sgd' }, schedule: 0.1 });
    const r = await sgd.run({ epochs: 1 });
    expect('d' in r.epochs[0]).toBe(false);
    sgd.model.dispose();
    sgd.dispose();
  });
});
