import { rangeTest } from '../../../core/finder/range-test.js';
import { createModel } from '../../../engine/models.js';
import { Trainer } from '../../../engine/trainer/index.js';
import { startBackend } from './backend.js';
import { loadLabData } from './lab-data.js';
import type { RaceRequest, RangeTestRequest, WorkerMessage, WorkerRequest } from './protocol.js';
import { installSetImmediate } from './set-immediate.js';

installSetImmediate();

/** Where the lab is served from (the worker script sits at its root). */
const base = new URL('./', self.location.href);
const post = (m: WorkerMessage): void => (self as unknown as Worker).postMessage(m);

async function prepare(req: RangeTestRequest | RaceRequest) {
  post({ type: 'status', text: 'starting TensorFlow.js…' });
  const backend = await startBackend(req.backend, base);
  post({ type: 'backend', name: backend.name, note: backend.note });
  post({ type: 'status', text: `loading ${req.data}…` });
  const data = await loadLabData(base, req.data, req.trainSize);
  return data;
}

const modelFor = (req: RangeTestRequest | RaceRequest) =>
  createModel({ kind: req.model, inputShape: [28, 28, 1], numClasses: 10, hidden: [128], seed: req.seed });

/** The core range test, unchanged, on the engine's trainer: every point is posted as it comes. */
async function runRangeTest(req: RangeTestRequest): Promise<void> {
  const data = await prepare(req);
  const model = modelFor(req);
  const trainer = new Trainer({ model, optimizer: { name: req.optimizer }, schedule: req.startLr, data, batchSize: req.batchSize, seed: req.seed });
  post({ type: 'status', text: `range test: ${req.steps} steps from ${req.startLr} to ${req.endLr}` });
  const t0 = performance.now();
  const result = await rangeTest(trainer, {
    startLr: req.startLr, endLr: req.endLr, steps: req.steps,
    onPoint: (i, lr, loss, smoothed) => post({ type: 'point', i, lr, loss, smoothed }),
  });
  const { lrs, losses, smoothedLosses, stopReason, stopLr, steps } = result;
  post({ type: 'range-done', curve: { lrs, losses, smoothedLosses, stopReason, stopLr, steps }, stepsPerEpoch: trainer.stepsPerEpoch, seconds: (performance.now() - t0) / 1000 });
  trainer.dispose();
  model.dispose();
}

/**
 * Train every racer one epoch at a time, in turn, so they advance side by side; each racer's
 * clock counts only its own training time, so samples/s and loss-vs-seconds compare fairly.
 */
async function runRace(req: RaceRequest): Promise<void> {
  const data = await prepare(req);
  const racers = req.configs.map((c) => {
    const model = modelFor(req);
    // About 20 loss readbacks per epoch: enough for a live curve, few enough not to stall a GPU.
    const checkEvery = Math.max(1, Math.min(25, Math.ceil(Math.ceil(data.train.n / c.batchSize) / 20)));
    const trainer = new Trainer({ model, optimizer: { name: req.optimizer }, schedule: c.lr, data, batchSize: c.batchSize, seed: req.seed, checkEvery });
    return { model, trainer, checkEvery, seconds: 0, done: false, diverged: false };
  });
  for (let epoch = 0; epoch < req.epochs; epoch++) {
    for (const [index, r] of racers.entries()) {
      if (r.done) continue;
      post({ type: 'status', text: `epoch ${epoch + 1}/${req.epochs}: ${req.configs[index].name}` });
      const res = await r.trainer.run({
        epochs: 1,
        onStep: (s) => {
          if (s.loss !== null && (s.step % r.checkEvery === 0 || s.step === s.stepsInEpoch)) {
            post({ type: 'race-step', index, globalStep: s.globalStep, loss: s.loss, samplesPerSecond: s.samplesPerSecond });
          }
        },
      });
      if (res.diverged) {
        r.done = true;
        r.diverged = true;
        continue;
      }
      const row = res.epochs[0];
      r.seconds += row.seconds;
      post({ type: 'race-epoch', row: { index, epoch: row.epoch, lr: row.lr, trainLoss: row.trainLoss, trainAccuracy: row.trainAccuracy, valLoss: row.valLoss, valAccuracy: row.valAccuracy, seconds: r.seconds, samplesPerSecond: row.samplesPerSecond } });
    }
  }
  post({ type: 'race-done', diverged: racers.map((r) => r.diverged) });
  for (const r of racers) {
    r.trainer.dispose();
    r.model.dispose();
  }
}

self.onmessage = (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data;
  const job = req.type === 'range-test' ? runRangeTest(req) : runRace(req);
  job.catch((err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
};
