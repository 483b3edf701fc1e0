import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { buildTrial } from '../../trial/build.js';
import type { TrialConfig } from '../../trial/config.js';
import { restoreTrainerFromBytes, trainerStateToBytes } from './serialize.js';

// synthetic blobs: 1600 training rows; batch 50 → 32 steps an epoch, so a 3-epoch run is quick.
const base: TrialConfig = {
  data: 'synthetic', model: 'mlp', hidden: [8], optimizer: { name: 'adam' }, schedule: 0.01, batchSize: 50, epochs: 3, seed: 5,
};

beforeAll(async () => {
  await initBackend('wasm');
});

/** Every number of an epoch row except wall-clock timings. */
const numbers = (rows: { epoch: number; lr: number; trainLoss: number; trainAccuracy: number; valLoss: number; valAccuracy: number }[]) =>
  rows.map((r) => [r.epoch, r.lr, r.trainLoss, r.trainAccuracy, r.valLoss, r.valAccuracy]);

async function weights(model: { weights: { read(): tf.Tensor }[] }): Promise<number[][]> {
  return Promise.all(model.weights.map(async (w) => Array.from(await w.read().data())));
}

describe('trainer state bytes', () => {
  for (const [label, config] of [
    ['adam (slots, bias-correction counters)', base],
    ['sgd with momentum and a per-step cosine schedule', { ...base, optimizer: { name: 'sgd', momentum: 0.9 }, schedule: { type: 'cosine', lr: 0.1, tMax: 96, etaMin: 0.001 } }],
  ] as const) {
    it(`${label}: 1 epoch, to bytes, restored in a fresh trainer, 2 more = a straight 3-epoch run, bitwise`, async () => {
      const straight = await buildTrial(config as TrialConfig);
      const full = await straight.trainer.run({ epochs: 3 });
      const wantWeights = await weights(straight.model);
      straight.dispose();

      const first = await buildTrial(config as TrialConfig);
      const head = await first.trainer.run({ epochs: 1 });
      const bytes = await trainerStateToBytes(first.trainer, first.model);
      first.dispose();

      // A fresh trainer built later in this thread: its variables have other names than the saved ones.
      const second = await buildTrial(config as TrialConfig);
      await restoreTrainerFromBytes(second.trainer, second.model, bytes);
      const tail = await second.trainer.run({ epochs: 2 });
      const gotWeights = await weights(second.model);
      second.dispose();

      expect(numbers([...head.epochs, ...tail.epochs])).toEqual(numbers(full.epochs));
      expect(gotWeights).toEqual(wantWeights);
      expect(tail.steps).toBe(full.steps);
    });
  }

  it('refuses bytes that are not a state, and a state of another architecture', async () => {
    const a = await buildTrial(base);
    const b = await buildTrial({ ...base, hidden: [8, 8] });
    try {
      await a.trainer.run({ epochs: 1 });
      const bytes = await trainerStateToBytes(a.trainer, a.model);
      await expect(restoreTrainerFromBytes(b.trainer, b.model, new Uint8Array(16))).rejects.toThrow('not an lrlab trainer state');
      await expect(restoreTrainerFromBytes(b.trainer, b.model, bytes)).rejects.toThrow('the model has 6 variables, the state 4');
    } finally {
      a.dispose();
      b.dispose();
    }
  });
});
