import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend.js';
import { createModel } from '../engine/models.js';
import type { TrialConfig } from './config.js';
import { trialData } from './data-cache.js';
import { runTrial } from './run-trial.js';

// synthetic:blobs has 2000 rows by default: 1600 train / 400 val, so batch 32 → 50 steps per epoch.
const base: TrialConfig = {
  data: 'synthetic', model: 'mlp', hidden: [8], optimizer: { name: 'sgd' }, schedule: 0.1, batchSize: 32, epochs: 2, seed: 3,
};

beforeAll(async () => {
  await initBackend('wasm');
});

describe('runTrial', () => {
  it('trains and returns the train result JSON; the same config gives the same numbers', async () => {
    const a = await runTrial({ id: 'a', config: base });
    const b = await runTrial({ id: 'b', config: base });
    expect(a.status).toBe('ok');
    expect(a.id).toBe('a');
    expect(a.result?.epochs).toHaveLength(2);
    expect(a.result?.epochs.map((e: { steps: number }) => e.steps)).toEqual([50, 50]);
    const strip = (r: Record<string, any>) => r.epochs.map((e: Record<string, number>) => [e.trainLoss, e.trainAccuracy, e.valLoss, e.valAccuracy]);
    expect(strip(b.result!)).toEqual(strip(a.result!));
    expect(a.seconds).toBeGreaterThan(0);
  });

  it('recordStepLosses: one loss per step whose sample-weighted mean per epoch is the epoch train loss', async () => {
    const o = await runTrial({ id: 's', config: { ...base, recordStepLosses: true } });
    const losses = o.stepLosses as number[];
    expect(losses).toHaveLength(100);
    // Every batch has 32 rows (1600 = 50 × 32), so the epoch loss is the plain mean of its 50 step losses.
    for (const [e, row] of (o.result!.epochs as { trainLoss: number }[]).entries()) {
      const mean = losses.slice(50 * e, 50 * e + 50).reduce((s, v) => s + v, 0) / 50;
      expect(mean).toBeCloseTo(row.trainLoss, 5);
    }
  });

  it('evalEverySteps: evaluations at step 0 and every N steps; those at epoch ends equal the epoch rows', async () => {
    const o = await runTrial({ id: 'e', config: { ...base, evalEverySteps: 25 } });
    const evals = o.evals!;
    expect(evals.map((r) => r.step)).toEqual([0, 25, 50, 75, 100]);
    expect(evals.map((r) => r.samples)).toEqual([0, 800, 1600, 2400, 3200]);
    const epochs = o.result!.epochs as { valLoss: number; valAccuracy: number }[];
    // After step 50 the weights are those the epoch-1 evaluation saw (no update in between).
    expect(evals[2].valLoss).toBe(epochs[0].valLoss);
    expect(evals[2].valAccuracy).toBe(epochs[0].valAccuracy);
    expect(evals[4].valLoss).toBe(epochs[1].valLoss);
    // The clock starts after step 0's evaluation, and training time only grows; no loss before step 1.
    expect(evals[0].seconds).toBe(0);
    for (let i = 1; i < evals.length; i++) expect(evals[i].seconds).toBeGreaterThan(evals[i - 1].seconds);
    expect(Number.isNaN(evals[0].trainLoss)).toBe(true);
    expect(evals[1].trainLoss).toBeGreaterThan(0);
  });

  it('evaluateTrain: the final weights on the whole training set, as a plain-JS forward pass computes it', async () => {
    // With 0 epochs the final weights are the seeded initial ones, so the evaluation can be redone
    // by hand: standardise x with the training set's mean and std, h = relu(x·W1 + b1),
    // logits = h·W2 + b2, mean softmax cross-entropy and argmax accuracy over the 1600 rows.
    const config: TrialConfig = { ...base, epochs: 0, evaluateTrain: true };
    const o = await runTrial({ id: 't', config });
    expect(o.status).toBe('ok');
    const data = await trialData(config);
    const { x, y, n, featureShape } = data.train;
    const d = featureShape.reduce((a, b) => a * b, 1);
    let sum = 0;
    for (const v of x) sum += v;
    const mean = sum / x.length;
    let sq = 0;
    for (const v of x) sq += (v - mean) ** 2;
    const std = Math.sqrt(sq / x.length);
    const model = createModel({ kind: 'mlp', inputShape: featureShape, numClasses: data.train.numClasses, hidden: [8], seed: 3 });
    const [w1, b1, w2, b2] = model.getWeights().map((t) => Array.from(t.dataSync()));
    model.dispose();
    const k = data.train.numClasses;
    let loss = 0, correct = 0;
    for (let r = 0; r < n; r++) {
      const h = Array.from({ length: 8 }, (_, j) => {
        let a = b1[j];
        for (let i = 0; i < d; i++) a += ((x[r * d + i] - mean) / std) * w1[i * 8 + j];
        return Math.max(0, a);
      });
      const logits = Array.from({ length: k }, (_, c) => h.reduce((a, hj, j) => a + hj * w2[j * k + c], b2[c]));
      const m = Math.max(...logits);
      const lse = m + Math.log(logits.reduce((a, z) => a + Math.exp(z - m), 0));
      loss += lse - logits[y[r]];
      if (logits.indexOf(m) === y[r]) correct++;
    }
    expect(o.trainEval!.accuracy).toBeCloseTo(correct / n, 6);
    expect(o.trainEval!.loss).toBeCloseTo(loss / n, 4);
    // Not asked for: no evaluation.
    expect((await runTrial({ id: 'u', config: base })).trainEval).toBeUndefined();
    // A bad value is an error result naming the field.
    const bad = await runTrial({ id: 'v', config: { ...base, evaluateTrain: 'yes' as unknown as boolean } });
    expect(bad.status).toBe('error');
    expect(bad.error).toMatch(/^config\.evaluateTrain: must be true or false/);
  });

  it('maxSteps stops early: only complete epochs are rows, step losses cover every step', async () => {
    const o = await runTrial({ id: 'm', config: { ...base, maxSteps: 70, recordStepLosses: true } });
    expect(o.status).toBe('ok');
    expect(o.result!.steps).toBe(70);
    expect(o.result!.epochs).toHaveLength(1);
    expect(o.stepLosses).toHaveLength(70);
  });

  it('reports progress as the fraction of steps done, reaching 1 at the last step', async () => {
    const fractions: number[] = [];
    await runTrial({ id: 'p', config: { ...base, batchSize: 64, epochs: 2 } }, { onProgress: (f) => fractions.push(f), progressEveryMs: 0 });
    // 1600 / 64 = 25 steps per epoch, 50 in all: one report per step, k / 50.
    expect(fractions).toEqual(Array.from({ length: 50 }, (_, k) => (k + 1) / 50));
  });

  it('a diverging run is a result with status diverged', async () => {
    const o = await runTrial({ id: 'd', config: { ...base, schedule: 1e4 } });
    expect(o.status).toBe('diverged');
    expect(o.result!.diverged).toBe(true);
    expect(typeof o.result!.divergedAtStep).toBe('number');
  });

  it('a thrown error is a result with status error and the message', async () => {
    const bad = await runTrial({ id: 'x', config: { ...base, optimizer: { name: 'nope' as 'sgd' } } });
    expect(bad.status).toBe('error');
    expect(bad.result).toBeNull();
    expect(bad.error).toMatch(/name/);
    const noData = await runTrial({ id: 'y', config: { ...base, data: 'no-such-set' } });
    expect(noData.error).toMatch(/--data/);
    const badSteps = await runTrial({ id: 'z', config: { ...base, evalEverySteps: 0 } });
    expect(badSteps.error).toMatch(/config\.evalEverySteps/);
  });

  it('leaves no tensors behind, whatever the outcome', async () => {
    await runTrial({ id: 'warm', config: base });
    const before = tf.memory().numTensors;
    await runTrial({ id: 'ok', config: { ...base, evalEverySteps: 30, recordStepLosses: true } });
    await runTrial({ id: 'div', config: { ...base, schedule: 1e4 } });
    await runTrial({ id: 'err', config: { ...base, optimizer: { name: 'sgd', momentum: -1 } } });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('caches the data per (data, sizes, seed), and dataSeed overrides the seed for it', async () => {
    const a = await trialData(base);
    expect(await trialData({ ...base, optimizer: { name: 'adam' }, schedule: 1 })).toBe(a);
    expect(await trialData({ ...base, seed: 4, dataSeed: 3 })).toBe(a);
    expect(await trialData({ ...base, seed: 4 })).not.toBe(a);
  });
});
