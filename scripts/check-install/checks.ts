// Assertions for scripts/check-install.sh, run inside a fresh app that installed the packed
// lrlab next to its own tfjs: each check prints one `ok …` line or throws.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';

function check(cond: boolean, what: string): void {
  if (!cond) throw new Error(`FAILED: ${what}`);
  console.log(`ok ${what}`);
}

await tf.setBackend('cpu');
const lrlab = await import('lrlab');
check(tf.getBackend() === 'cpu' && tf.findBackendFactory('wasm') === null, 'importing lrlab leaves the backend (cpu) alone and registers no wasm');

// lrFind → its recommended schedule → fit with lrScheduler on tf.train.sgd.
const x = tf.randomNormal([512, 10], 0, 1, 'float32', 1);
const w = tf.randomNormal([10, 3], 0, 1, 'float32', 2);
const y = tf.oneHot(tf.argMax(tf.matMul(x, w), 1) as tf.Tensor1D, 3);
const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [10], units: 3, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) })] });
model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
const found = await lrFind(model);
async function lrFind(m: tfl.LayersModel) {
  return lrlab.lrFind(m, x, y, { batchSize: 32, startLr: 1e-4, endLr: 10, epochsBudget: 4 });
}
const spec = found.recommendedSchedule;
check(spec !== null && spec.type === 'onecycle' && spec.cycleMomentum === false, `lrFind on SGD recommends one-cycle without momentum cycling (verdict ${found.verdict.status}, lr ${found.suggested?.lr.toPrecision(3)})`);
if (spec === null) throw new Error('unreachable');

class FirstLr extends tfl.Callback {
  lrs: number[] = [];
  override async onBatchBegin(batch: number): Promise<void> {
    if (batch === 0) this.lrs.push(lrlab.getLearningRate(this.model.optimizer));
  }
}
const probe = new FirstLr();
await model.fit(x, y, { batchSize: 32, epochs: 2, verbose: 0, callbacks: [lrlab.lrScheduler(spec), probe] });
check(probe.lrs.length === 2, 'fit with lrScheduler(recommended) on tf.train.sgd ran 2 epochs');

// Resume with a fresh scheduler: 512 rows / 32 = 16 steps an epoch, so epoch 2 starts at step 32.
const resumed = new FirstLr();
await model.fit(x, y, { batchSize: 32, epochs: 3, initialEpoch: 2, verbose: 0, callbacks: [lrlab.lrScheduler(spec), resumed] });
const want = lrlab.fromSpec(spec).lr(32);
check(resumed.lrs[0] === want && want !== lrlab.fromSpec(spec).lr(0), `fit({initialEpoch: 2}) continues the schedule at step 32 (lr ${want.toPrecision(4)})`);

// Plateau: y = w·x, MAE to 1000 from w = 0 with LR 1e-3 — the loss falls 0.002 an epoch, below
// the relative threshold 1e-4·1000, so epochs 1, 2, 3 are bad and patience 2 cuts after epoch 3.
const flat = tfl.sequential({ layers: [tfl.layers.dense({ units: 1, inputShape: [1], useBias: false, kernelInitializer: 'zeros' })] });
flat.compile({ optimizer: tf.train.sgd(1e-3), loss: 'meanAbsoluteError' });
const h = await flat.fit(tf.ones([6, 1]), tf.fill([6, 1], 1000), {
  epochs: 5, batchSize: 3, verbose: 0, callbacks: [lrlab.reduceLROnPlateau({ monitor: 'loss', patience: 2, factor: 0.5 })],
});
const lrs = h.history.lr as number[];
check(lrs.join() === [1e-3, 1e-3, 1e-3, 5e-4, 5e-4].join(), `reduceLROnPlateau cuts the LR after patience 2 + 1 bad epochs (${lrs.join(', ')})`);
