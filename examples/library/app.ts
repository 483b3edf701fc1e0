// The README's library section, runnable: `npm i lrlab @tensorflow/tfjs-core @tensorflow/tfjs-layers`,
// then compile with `tsc --strict --skipLibCheck` (tfjs' own .d.ts files do not pass a strict check).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend, lrFind, lrScheduler, reduceLROnPlateau } from 'lrlab';

await initBackend(); // wasm in Node; importing lrlab alone leaves your backend as it was

// A learnable toy problem: the class is which of 3 fixed directions a point leans to most.
const x = tf.randomNormal([1024, 20], 0, 1, 'float32', 1);
const w = tf.randomNormal([20, 3], 0, 1, 'float32', 2);
const y = tf.oneHot(tf.argMax(tf.matMul(x, w), 1) as tf.Tensor1D, 3);

// Seeded initialisers, so every run finds the same curve.
const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
const model = tfl.sequential({
  layers: [
    tfl.layers.dense({ inputShape: [20], units: 32, activation: 'relu', kernelInitializer: init(3) }),
    tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(4) }),
  ],
});
model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

// The LR range test; afterwards weights and optimizer are exactly as before.
const found = await lrFind(model, x, y, { batchSize: 32, startLr: 1e-4, endLr: 10, epochsBudget: 6 });
console.log('suggested lr', found.suggested?.lr, 'verdict', found.verdict.status);
// Its 80% bootstrap interval, and how often this verdict landed within 0.5 pp on lrlab's benchmark
// (as a constant LR, and as the recommended one-cycle).
console.log('interval', found.interval?.lo, found.interval?.hi, 'confidence', found.confidence?.probability, found.scheduleConfidence?.probability);
if (found.recommendedSchedule === null) throw new Error(`no schedule: ${found.scheduleRule}`);
// One-cycle over the budget, peaking at 3 × the suggestion; for tf.train.sgd (no momentum) it
// does not cycle momentum.
const schedule = found.recommendedSchedule;

// lrScheduler first in the list (tfjs needs its first callback to be a tf.Callback).
await model.fit(x, y, { batchSize: 32, epochs: 3, verbose: 0, callbacks: [lrScheduler(schedule)] });
// Resuming: a fresh scheduler continues at initialEpoch × steps per epoch (3 × 32 = batch 96).
const history = await model.fit(x, y, { batchSize: 32, epochs: 6, initialEpoch: 3, verbose: 0, callbacks: [lrScheduler(schedule)] });
console.log('final accuracy', history.history.acc.at(-1), 'lr', history.history.lr.at(-1));

// Or no schedule, only a cut when the validation loss stalls (Keras / PyTorch ReduceLROnPlateau).
await model.fit(x, y, {
  batchSize: 32, epochs: 5, validationSplit: 0.2, verbose: 0,
  callbacks: [reduceLROnPlateau({ monitor: 'val_loss', factor: 0.5, patience: 2 })],
});
