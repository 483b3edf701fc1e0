/**
 * The page of the engine-on-webgpu tests (bundled by `engine-page.ts`): the engine's browser
 * entry with the stock cpu and webgpu backends. `lrlabTrain` trains a few steps of one model and
 * optimizer on one backend and returns the step losses and the final weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
import {
  createModel, initBackend, lrFind, measureTrainerNoiseScale, OPTIMIZER_NAMES, Trainer, type ModelKind, type OptimizerName,
} from '../../src/engine/browser.js';
import type { DataSplit } from '../../src/data/types.js';

export interface TrainCase {
  backend: 'cpu' | 'webgpu';
  model: ModelKind;
  optimizer: OptimizerName;
  lr: number;
  steps: number;
}

/** n rows of a deterministic [12, 12, 1] data set (an LCG; the label is the brighter half; the cnn needs ≥ 10×10). */
function dataset(n: number, seed: number): DataSplit['train'] {
  let s = seed >>> 0;
  const next = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const x = new Float32Array(n * 144);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let left = 0, right = 0;
    for (let j = 0; j < 144; j++) {
      const v = next();
      x[i * 144 + j] = v;
      if (j % 12 < 6) left += v;
      else right += v;
    }
    y[i] = left > right ? 0 : 1;
  }
  return { x, y, n, featureShape: [12, 12, 1], numClasses: 2 };
}

async function lrlabTrain(c: TrainCase): Promise<{ backend: string; adapter: unknown; losses: number[]; weights: number[]; d: number | null }> {
  await initBackend(c.backend);
  const data: DataSplit = { name: 'test', train: dataset(16 * c.steps, 1), val: dataset(32, 2) };
  const model = createModel({ kind: c.model, inputShape: [12, 12, 1], numClasses: 2, hidden: [16], seed: 3 });
  const losses: number[] = [];
  // checkEvery 1: every step's loss comes back (this is a test; training reads every 25 steps).
  const trainer = new Trainer({ model, optimizer: { name: c.optimizer }, schedule: c.lr, data, batchSize: 16, seed: 4, checkEvery: 1 });
  const result = await trainer.run({ epochs: 1, onStep: (s) => { if (s.loss !== null) losses.push(s.loss); } });
  const weights: number[] = [];
  for (const w of model.getWeights()) weights.push(...(await w.data()));
  const config = trainer.config();
  trainer.dispose();
  model.dispose();
  return { backend: String(config.backend), adapter: config.adapter, losses, weights, d: result.epochs[0]?.d ?? null };
}

/** What `lrlabPaths` measures on one backend: the engine's other training paths. */
export interface PathsRun {
  /** lrFind's raw losses (a compiled LayersModel stepped by trainOnBatch). */
  findLosses: number[];
  /** measureTrainerNoiseScale's squared gradient norms, |G_small|² and |G_big|² per pair (no update). */
  gradNorms: number[];
  /** Epoch-2 training losses: straight on, and again after snapshot → epoch 2 → restore. */
  straight: number;
  replayed: number;
}

/**
 * The engine paths besides the Trainer's steps, each of which must work without a synchronous
 * read: lrFind (LayersModel + trainOnBatch), the noise-scale measurement, and snapshot/restore
 * (an epoch, a snapshot, an epoch, restore, the same epoch again).
 */
async function lrlabPaths(backend: 'cpu' | 'webgpu'): Promise<PathsRun> {
  await initBackend(backend);
  const data: DataSplit = { name: 'test', train: dataset(64, 1), val: dataset(32, 2) };
  const model = createModel({ kind: 'mlp', inputShape: [12, 12, 1], numClasses: 2, hidden: [16], seed: 3 });
  model.compile({ optimizer: tf.train.sgd(0.01), loss: (yt: tf.Tensor, yp: tf.Tensor) => tf.losses.softmaxCrossEntropy(yt, yp) });
  const x = tf.tensor(data.train.x, [64, 12, 12, 1]);
  const y = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(data.train.y, 'int32'), 2), 'float32'));
  const find = await lrFind(model, x, y, { batchSize: 16, steps: 12, startLr: 1e-3, endLr: 1, seed: 0 });
  tf.dispose([x, y]);
  model.dispose();

  const net = createModel({ kind: 'mlp', inputShape: [12, 12, 1], numClasses: 2, hidden: [16], seed: 3 });
  const trainer = new Trainer({ model: net, optimizer: { name: 'adam' }, schedule: 0.01, data, batchSize: 16, seed: 4 });
  const noise = await measureTrainerNoiseScale(trainer, { bSmall: 4, bBig: 16, steps: 3 });
  await trainer.run({ epochs: 1 });
  const snap = await trainer.snapshot();
  const straight = (await trainer.run({ epochs: 1 })).epochs[0].trainLoss;
  await trainer.restore(snap);
  const replayed = (await trainer.run({ epochs: 1 })).epochs[0].trainLoss;
  trainer.disposeSnapshot(snap);
  trainer.dispose();
  net.dispose();
  return { findLosses: find.losses, gradNorms: noise.samples.flatMap((p) => [p.gSmallSq, p.gBigSq]), straight, replayed };
}

Object.assign(globalThis, { lrlabTrain, lrlabPaths, lrlabOptimizers: OPTIMIZER_NAMES, lrlabTf: tf });
