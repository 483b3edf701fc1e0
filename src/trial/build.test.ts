import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadData } from '../data/index.js';
import { initBackend } from '../engine/backend.js';
import { saveModelToDisk } from '../engine/model-io.js';
import { createModel } from '../engine/models.js';
import { Trainer } from '../engine/trainer/index.js';
import { buildTrial } from './build.js';
import type { TrialConfig } from './config.js';

// synthetic:blobs, 1600 train / 400 val rows by default.
const base: TrialConfig = { data: 'synthetic', model: 'mlp', hidden: [8], optimizer: { name: 'sgd' }, schedule: 0.1, batchSize: 64, epochs: 1, seed: 3 };
const numbers = (r: { epochs: { lr: number; trainLoss: number; valLoss: number; valAccuracy: number }[] }) =>
  r.epochs.map((e) => [e.lr, e.trainLoss, e.valLoss, e.valAccuracy]);

beforeAll(async () => {
  await initBackend('wasm');
});

describe('buildTrial', () => {
  it('trains as the same data, model and Trainer built by hand; the result config names the model', async () => {
    const t = await buildTrial(base, { trainer: { config: { flag: 'x' } } });
    const r = await t.trainer.run({ epochs: 2 });
    t.dispose();
    const data = await loadData({ data: 'synthetic', seed: 3 });
    const model = createModel({ kind: 'mlp', inputShape: data.train.featureShape, numClasses: data.train.numClasses, hidden: [8], seed: 3 });
    const hand = new Trainer({ model, optimizer: { name: 'sgd' }, schedule: 0.1, data, batchSize: 64, seed: 3 });
    const h = await hand.run({ epochs: 2 });
    hand.dispose();
    model.dispose();
    expect(numbers(r)).toEqual(numbers(h));
    expect(r.config).toMatchObject({ model: 'mlp', hidden: [8], flag: 'x', optimizer: { name: 'sgd' }, schedule: { type: 'constant', lr: 0.1 } });
  });

  it('passes the batch schedule, the plateau and the divergence factor to the Trainer', async () => {
    // threshold 0.99 (rel) with patience 0: every epoch after the first is bad → LR ÷ 10 after epochs 2 and 3.
    const t = await buildTrial({
      ...base, plateau: { patience: 0, threshold: 0.99 }, divergeFactor: 50,
      batchSchedule: { type: 'multistep', batchSize: 100, milestones: [1, 2], factor: 2 },
    });
    const r = await t.trainer.run({ epochs: 4 });
    t.dispose();
    // 1600 rows in batches of 100, 200, 400, 400 → 16, 8, 4, 4 steps.
    expect(r.epochs.map((e) => [e.batchSize, e.steps])).toEqual([[100, 16], [200, 8], [400, 4], [400, 4]]);
    expect(t.batchSizeAt?.(2)).toBe(400);
    expect(r.epochs.map((e) => e.lr).slice(0, 2)).toEqual([0.1, 0.1]);
    expect(r.epochs[2].lr).toBeCloseTo(0.01, 12);
    expect(r.epochs[3].lr).toBeCloseTo(0.001, 12);
    expect(r.config.divergeFactor).toBe(50);
  });

  it('loads a model.json by its folder or its file, and trains on a given split', async () => {
    const data = await loadData({ data: 'synthetic', seed: 3 });
    const saved = createModel({ kind: 'linear', inputShape: data.train.featureShape, numClasses: data.train.numClasses, seed: 9 });
    const dir = mkdtempSync(join(tmpdir(), 'lrlab-build-'));
    await saveModelToDisk(saved, dir);
    const want = saved.getWeights().map((w) => Array.from(w.dataSync()));
    saved.dispose();
    for (const path of [dir, `${dir}/`, join(dir, 'model.json')]) {
      const t = await buildTrial({ ...base, model: path }, { data });
      expect(t.data).toBe(data);
      expect(t.model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(want);
      t.dispose();
    }
  });

  it('a bad config fails naming the field, before loading anything; a failing Trainer leaves no tensors', async () => {
    await expect(buildTrial({ ...base, data: 'no-such-set', epochs: -1 })).rejects.toThrow('config.epochs: must be an integer >= 0');
    await buildTrial(base).then((t) => t.dispose()); // data cached
    const before = tf.memory().numTensors;
    await expect(buildTrial({ ...base, optimizer: { name: 'sgd', momentum: -1 } })).rejects.toThrow(/momentum/);
    await expect(buildTrial({ ...base, schedule: { type: 'cosine', lr: 0.1 } })).rejects.toThrow(/tMax/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
