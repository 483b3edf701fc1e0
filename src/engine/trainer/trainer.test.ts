import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createRng } from '../../core/random.js';
import type { DataSplit, Dataset } from '../../data/types.js';
import { createModel, type ModelKind } from '../models.js';
import { Trainer } from './trainer.js';
import type { TrainerOptions } from './types.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Three Gaussian blobs in 4-D, centres 3 apart: linearly separable with high probability. */
function blobs(n: number, seed: number): Dataset {
  const rng = createRng(seed);
  const d = 4;
  const x = new Float32Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    y[i] = c;
    for (let j = 0; j < d; j++) x[i * d + j] = (j === c ? 3 : 0) + 0.5 * rng.normal();
  }
  return { x, y, n, featureShape: [d], numClasses: 3 };
}

const split: DataSplit = { name: 'blobs', train: blobs(120, 1), val: blobs(60, 2) };

function makeTrainer(over: Partial<TrainerOptions> & { kind?: ModelKind } = {}): Trainer {
  const model = createModel({ kind: over.kind ?? 'mlp', inputShape: [4], numClasses: 3, hidden: [8], seed: 3 });
  return new Trainer({ model, optimizer: { name: 'sgd' }, schedule: 0.1, data: split, batchSize: 16, seed: 7, ...over });
}

function weights(t: Trainer): number[][] {
  return t.model.getWeights().map((w) => Array.from(w.dataSync()));
}

function stripTimes<T extends object>(rows: T[]): Partial<T>[] {
  return rows.map((r) => {
    const { seconds: _s, samplesPerSecond: _p, evalSeconds: _e, ...rest } = r as Record<string, unknown>;
    return rest as Partial<T>;
  });
}

describe('Trainer', () => {
  it('learns separable blobs: the loss falls and validation accuracy exceeds 90%', async () => {
    const t = makeTrainer();
    const r = await t.run({ epochs: 6 });
    expect(r.diverged).toBe(false);
    expect(r.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.epochs[5].trainLoss).toBeLessThan(r.epochs[0].trainLoss);
    expect(r.final?.valAccuracy).toBeGreaterThan(0.9);
    // ceil(120 / 16) = 8 steps per epoch, 120 samples
    expect(r.epochs[0].steps).toBe(8);
    expect(r.steps).toBe(48);
    expect(r.config).toMatchObject({ data: 'blobs', trainSize: 120, valSize: 60, seed: 7, backend: 'cpu', batchSize: 16 });
    t.model.dispose();
    t.dispose();
  });

  it('is bitwise reproducible with the same seed, and differs with another', async () => {
    const a = makeTrainer();
    const b = makeTrainer();
    const c = makeTrainer({ seed: 8 });
    const [ra, rb, rc] = [await a.run({ epochs: 2 }), await b.run({ epochs: 2 }), await c.run({ epochs: 2 })];
    expect(stripTimes(ra.epochs)).toEqual(stripTimes(rb.epochs));
    expect(weights(a)).toEqual(weights(b));
    expect(stripTimes(rc.epochs)).not.toEqual(stripTimes(ra.epochs));
    for (const t of [a, b, c]) { t.model.dispose(); t.dispose(); }
  });

  it('leaks no tensors: runs keep the count, dispose returns to the start', async () => {
    const model = createModel({ kind: 'mlp', inputShape: [4], numClasses: 3, hidden: [8], seed: 3 });
    const before = tf.memory().numTensors;
    const t = new Trainer({ model, optimizer: { name: 'adam' }, schedule: 0.01, data: split, batchSize: 16, seed: 7 });
    await t.run({ epochs: 1 });
    const afterOne = tf.memory().numTensors;
    await t.run({ epochs: 2 });
    await t.trainBatch();
    await t.evaluate();
    await t.gradientSquaredNorm(50);
    const s = await t.snapshot();
    await t.restore(s);
    t.disposeSnapshot(s);
    expect(tf.memory().numTensors).toBe(afterOne);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('one full-batch step equals w − lr·g with g worked out by hand for softmax regression', async () => {
    const t = makeTrainer({ kind: 'linear', batchSize: 120, normalize: 'none' });
    const [W, b] = weights(t); // W: 4×3 row-major, b: 3
    const { x, y, n } = split.train;
    // g_W = Xᵀ(softmax(XW + b) − Y)/n, g_b = mean(softmax − Y)
    const gW = new Float64Array(12);
    const gb = new Float64Array(3);
    for (let i = 0; i < n; i++) {
      const z = [0, 1, 2].map((c) => b[c] + [0, 1, 2, 3].reduce((s, j) => s + x[i * 4 + j] * W[j * 3 + c], 0));
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const sum = e[0] + e[1] + e[2];
      for (let c = 0; c < 3; c++) {
        const d = e[c] / sum - (y[i] === c ? 1 : 0);
        gb[c] += d / n;
        for (let j = 0; j < 4; j++) gW[j * 3 + c] += (x[i * 4 + j] * d) / n;
      }
    }
    await t.trainBatch();
    const [W1, b1] = weights(t);
    W1.forEach((v, k) => expect(v).toBeCloseTo(W[k] - 0.1 * gW[k], 5));
    b1.forEach((v, k) => expect(v).toBeCloseTo(b[k] - 0.1 * gb[k], 5));
    t.model.dispose();
    t.dispose();
  });

  it('heldOutLoss is the mean cross-entropy on the validation rows, computed by hand, and trains nothing', async () => {
    const t = makeTrainer({ kind: 'linear', normalize: 'none' });
    const ref = tf.tidy(() => {
      // 60 validation rows < 256: all of them. Mean of −log softmax(xW + b)[label], by hand.
      const xs = tf.tensor2d(split.val.x, [60, 4]);
      const [W, b] = t.model.getWeights();
      const logp = tf.logSoftmax(tf.add(tf.matMul(xs, W), b));
      const picked = tf.sum(tf.mul(logp, tf.oneHot(tf.tensor1d(split.val.y, 'int32'), 3)), 1);
      return -tf.mean(picked).dataSync()[0];
    });
    const before = weights(t);
    expect(await t.heldOutLoss()).toBeCloseTo(ref, 5);
    expect(weights(t)).toEqual(before);
    // The same rows every call: after a step it moves, and equals evaluate()'s loss over them.
    await t.trainBatch();
    const after = await t.heldOutLoss();
    expect(after).not.toBe(ref);
    expect(after).toBeCloseTo((await t.evaluate()).loss, 6);
    t.model.dispose();
    t.dispose();
  });

  it('gradientSquaredNorm(n) equals |g|² of the full-batch gradient (chunked or not)', async () => {
    const t = makeTrainer({ kind: 'linear', evalBatchSize: 50, normalize: 'none' });
    const ref = tf.tidy(() => {
      const xs = tf.tensor2d(split.train.x, [120, 4]);
      const ys = tf.oneHot(tf.tensor1d(split.train.y, 'int32'), 3);
      const [W, b] = t.model.getWeights();
      // an independent gradient: d/dz mean CE = (softmax(z) − y)/n, chained by hand
      const d = tf.div(tf.sub(tf.softmax(tf.add(tf.matMul(xs, W), b)), ys), 120);
      const gW = tf.matMul(xs, d, true, false);
      const gb = tf.sum(d, 0);
      return tf.add(tf.sum(tf.square(gW)), tf.sum(tf.square(gb))).dataSync()[0];
    });
    expect(await t.gradientSquaredNorm(120)).toBeCloseTo(ref, 6);
    const small = await t.gradientSquaredNorm(10);
    expect(small).toBeGreaterThan(0);
    await expect(t.gradientSquaredNorm(121)).rejects.toThrow('batchSize: must be <= the training set size 120');
    t.model.dispose();
    t.dispose();
  });

  it('a scheduled run trains exactly like setting each step\'s LR by hand', async () => {
    const schedule = (s: number): number => 0.2 / (1 + s);
    const a = makeTrainer({ schedule: { lr: schedule, momentum: null }, batchSize: 40 });
    const b = makeTrainer({ batchSize: 40 });
    await a.run({ epochs: 2 });
    for (let s = 0; s < 6; s++) {
      b.setLearningRate(schedule(s));
      await b.trainBatch();
    }
    expect(weights(a)).toEqual(weights(b));
    expect(a.learningRate).toBe(schedule(5));
    for (const t of [a, b]) { t.model.dispose(); t.dispose(); }
  });

  it('a spec with "unit": "epoch" is evaluated at the epoch index, as setting each epoch\'s LR by hand', async () => {
    const a = makeTrainer({ schedule: { type: 'step', lr: 0.1, stepSize: 1, gamma: 0.5, unit: 'epoch' } });
    const ra = await a.run({ epochs: 3 });
    // step decay: lr·γ^⌊e/1⌋ → 0.1, 0.05, 0.025
    expect(ra.epochs.map((e) => e.lr)).toEqual([0.1, 0.05, 0.025]);
    // The same LRs as a function of the step: ceil(120 / 16) = 8 steps per epoch.
    const b = makeTrainer({ schedule: (step: number) => [0.1, 0.05, 0.025][Math.floor(step / 8)] });
    const rb = await b.run({ epochs: 3 });
    expect(stripTimes(rb.epochs)).toEqual(stripTimes(ra.epochs));
    expect(ra.config.schedule).toEqual({ type: 'step', lr: 0.1, stepSize: 1, gamma: 0.5, unit: 'epoch' });
    for (const t of [a, b]) { t.model.dispose(); t.dispose(); }
  });

  it('"unit": "epoch" counts epochs whatever the steps per epoch: lr 1, 0.5, 0.25 in epochs 1, 2, 3', async () => {
    // γ = 0.5 every epoch: epoch index e (0-based) → 1·0.5^e. The batch schedule gives 12, 4 and
    // 1 steps in epochs 1, 2, 3 (120 rows in batches of 10, 30, 120), which must not matter.
    const spec = { type: 'step', lr: 1, stepSize: 1, gamma: 0.5, unit: 'epoch' };
    const seen: number[][] = [[], [], []];
    const t = makeTrainer({ kind: 'linear', schedule: spec, batchSchedule: (e) => [10, 30, 120][e] ?? 120 });
    const r = await t.run({ epochs: 3, onStep: (s) => seen[s.epoch - 1].push(t.learningRate) });
    expect(r.epochs.map((e) => [e.steps, e.lr])).toEqual([[12, 1], [4, 0.5], [1, 0.25]]);
    expect(seen).toEqual([Array(12).fill(1), Array(4).fill(0.5), [0.25]]);
    t.model.dispose();
    t.dispose();
  });

  it('owns the learning rate: the optimizer starts at the schedule\'s step-0 value; the result records the schedule', async () => {
    const t = makeTrainer({ schedule: { type: 'cosine', lr: 0.3, tMax: 100 } });
    expect(t.learningRate).toBe(0.3);
    const c = makeTrainer({ schedule: 0.03 });
    const r = await c.run({ epochs: 1 });
    expect(r.config.schedule).toEqual({ type: 'constant', lr: 0.03 });
    expect(r.config.optimizer).toEqual({ name: 'sgd' });
    expect(r.config).not.toHaveProperty('scheduleUnit');
    expect(r.epochs[0].lr).toBe(0.03);
    for (const x of [t, c]) { x.model.dispose(); x.dispose(); }
    const model = createModel({ kind: 'linear', inputShape: [4], numClasses: 3, seed: 0 });
    const before = tf.memory().numTensors;
    const old = { name: 'sgd', lr: 0.1 } as unknown as TrainerOptions['optimizer'];
    expect(() => new Trainer({ model, optimizer: old, schedule: 0.1, data: split, batchSize: 8, seed: 0 }))
      .toThrow(/^optimizer\.lr: is not an optimizer setting/);
    expect(() => new Trainer({ model, optimizer: { name: 'sgd' }, data: split, batchSize: 8, seed: 0 } as unknown as TrainerOptions))
      .toThrow(/^schedule: is required/);
    expect(() => new Trainer({ model, optimizer: { name: 'sgd' }, schedule: -1, data: split, batchSize: 8, seed: 0 }))
      .toThrow(/^schedule: must be a finite number >= 0/);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('stops cleanly on divergence at the first bad step', async () => {
    const t = makeTrainer({ schedule: 1e4, checkEvery: 4 });
    const r = await t.run({ epochs: 5 });
    expect(r.diverged).toBe(true);
    // replay with per-step readback and the documented rule: a NaN/Inf loss, or the debiased
    // EMA (0.9) of the losses above 10 × max(first loss, ln 3)
    const replay = makeTrainer({ schedule: 1e4 });
    const losses: number[] = [];
    for (let s = 0; s < 40; s++) losses.push(await replay.trainBatch());
    const ref = 10 * Math.max(losses[0], Math.log(3));
    let ema = 0;
    const bad = losses.findIndex((l, k) => {
      ema = 0.9 * ema + 0.1 * l;
      return !Number.isFinite(l) || ema / (1 - 0.9 ** (k + 1)) > ref;
    });
    expect(bad).toBeGreaterThan(0);
    expect(r.divergedAtStep).toBe(bad);
    expect(r.epochs.length).toBe(Math.floor(bad / 8));
    for (const x of [t, replay]) { x.model.dispose(); x.dispose(); }
  });

  it('divergeFactor Infinity stops only on NaN/Inf (the spike rule itself: divergence.test.ts)', async () => {
    const t = makeTrainer({ schedule: 1e4, divergeFactor: Infinity });
    const r = await t.run({ epochs: 3 });
    const replay = makeTrainer({ schedule: 1e4 });
    const losses: number[] = [];
    for (let s = 0; s < 24; s++) losses.push(await replay.trainBatch());
    const firstNaN = losses.findIndex((l) => !Number.isFinite(l));
    expect(r.divergedAtStep).toBe(firstNaN >= 0 ? firstNaN : null);
    expect(r.config.divergeFactor).toBeNull();
    for (const x of [t, replay]) { x.model.dispose(); x.dispose(); }
  });

  it('snapshot → k steps → restore → k steps repeats the same losses and weights', async () => {
    const t = makeTrainer({ optimizer: { name: 'momentum' }, schedule: 0.05 });
    await t.trainBatch();
    const s = await t.snapshot();
    const first: number[] = [];
    for (let i = 0; i < 10; i++) first.push(await t.trainBatch());
    const w1 = weights(t);
    await t.restore(s);
    const second: number[] = [];
    for (let i = 0; i < 10; i++) second.push(await t.trainBatch());
    expect(second).toEqual(first);
    expect(weights(t)).toEqual(w1);
    t.disposeSnapshot(s);
    t.model.dispose();
    t.dispose();
  });

  it('reduces the LR on a plateau of the validation loss (PyTorch rule)', async () => {
    // threshold 0.99 (rel): no later epoch beats best·0.01, so with patience 0 every epoch after
    // the first is bad → the LR is cut by 10× after epochs 2 and 3.
    const t = makeTrainer({ plateau: { patience: 0, threshold: 0.99 } });
    const r = await t.run({ epochs: 4 });
    const lrs = r.epochs.map((e) => e.lr);
    expect(lrs[0]).toBe(0.1);
    expect(lrs[1]).toBe(0.1);
    expect(lrs[2]).toBeCloseTo(0.01, 12);
    expect(lrs[3]).toBeCloseTo(0.001, 12);
    t.model.dispose();
    t.dispose();
  });

  it('follows a batch-size schedule epoch by epoch', async () => {
    const t = makeTrainer({ batchSchedule: (e) => [10, 30, 120][Math.min(e, 2)] });
    const r = await t.run({ epochs: 3 });
    expect(r.epochs.map((e) => [e.batchSize, e.steps])).toEqual([[10, 12], [30, 4], [120, 1]]);
    t.model.dispose();
    t.dispose();
  });

  it('stops at an abort, keeping the finished epochs', async () => {
    const t = makeTrainer();
    const ac = new AbortController();
    const r = await t.run({ epochs: 5, signal: ac.signal, onEpoch: (row) => { if (row.epoch === 2) ac.abort(); } });
    expect(r.aborted).toBe(true);
    expect(r.epochs.length).toBe(2);
    t.model.dispose();
    t.dispose();
  });

  it('normalize scalar trains exactly like raw training on rows standardised by hand', async () => {
    const all = split.train.x;
    const mean = all.reduce((a, v) => a + v, 0) / all.length;
    const std = Math.sqrt(all.reduce((a, v) => a + (v - mean) ** 2, 0) / all.length);
    const st = (ds: Dataset): Dataset => ({ ...ds, x: ds.x.map((v) => (v - mean) / std) });
    const a = makeTrainer();
    const model = createModel({ kind: 'mlp', inputShape: [4], numClasses: 3, hidden: [8], seed: 3 });
    const b = new Trainer({
      model, optimizer: { name: 'sgd' }, schedule: 0.1, batchSize: 16, seed: 7, normalize: 'none',
      data: { name: 'blobs', train: st(split.train), val: st(split.val) },
    });
    const [ra, rb] = [await a.run({ epochs: 2 }), await b.run({ epochs: 2 })];
    expect(stripTimes(ra.epochs)).toEqual(stripTimes(rb.epochs));
    expect(ra.config.normalize).toEqual({ mode: 'scalar', mean, std });
    for (const t of [a, b]) { t.model.dispose(); t.dispose(); }
  });

  it('rejects a model that does not fit the data, naming the field', () => {
    const model = createModel({ kind: 'mlp', inputShape: [5], numClasses: 3, seed: 0 });
    expect(() => new Trainer({ model, optimizer: { name: 'sgd' }, schedule: 0.1, data: split, batchSize: 8, seed: 0 }))
      .toThrow(/^model: expects inputs of shape \[5\]/);
    const wide = createModel({ kind: 'linear', inputShape: [4], numClasses: 4, seed: 0 });
    expect(() => new Trainer({ model: wide, optimizer: { name: 'sgd' }, schedule: 0.1, data: split, batchSize: 8, seed: 0 }))
      .toThrow(/^model: outputs 4 values per row but the data has 3 classes/);
    expect(() => makeTrainer({ batchSize: 0 })).toThrow(/^batchSize:/);
    const before = tf.memory().numTensors;
    const m2 = createModel({ kind: 'linear', inputShape: [4], numClasses: 3, seed: 0 });
    const withModel = tf.memory().numTensors;
    expect(() => new Trainer({ model: m2, optimizer: { name: 'adam' }, schedule: 0.1, data: split, batchSize: 121, seed: 0 }))
      .toThrow(/^batchSize: must be at most the 120 rows/);
    expect(tf.memory().numTensors).toBe(withModel);
    m2.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    wide.dispose();
  });
});
