import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { getLearningRate } from './optimizers/index.js';
import { lrScheduler } from './lr-scheduler.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * A one-weight model y = w·x with x = 1 and target 1000, trained on mean absolute error: while
 * w < 1000 the gradient is the constant −1, so
 *   SGD:  w ← w + lr                     (step = lr·1)
 *   Adam: m̂ = −1, v̂ = 1 every step → w ← w + lr·1/(1 + ε), ε = 1e-7
 * and each step's weight change reveals the learning rate that step really used.
 */
function probeModel(optimizer: tf.Optimizer): tfl.LayersModel {
  const m = tfl.sequential({
    layers: [tfl.layers.dense({ units: 1, inputShape: [1], useBias: false, kernelInitializer: 'zeros' })],
  });
  m.compile({ optimizer, loss: 'meanAbsoluteError' });
  return m;
}

class Probe extends tfl.Callback {
  lrsSeen: number[] = [];
  deltas: number[] = [];
  private w = 0;
  override async onBatchBegin(): Promise<void> {
    this.lrsSeen.push(getLearningRate(this.model.optimizer));
    this.w = this.model.getWeights()[0].dataSync()[0];
  }
  override async onBatchEnd(): Promise<void> {
    this.deltas.push(this.model.getWeights()[0].dataSync()[0] - this.w);
  }
}

async function fitWith(optimizer: tf.Optimizer, cb: tfl.Callback, epochs = 2): Promise<Probe> {
  const model = probeModel(optimizer);
  const probe = new Probe();
  // 7 rows, batch 3 → batches of 3, 3, 1 per epoch
  const x = tf.ones([7, 1]);
  const y = tf.fill([7, 1], 1000);
  await model.fit(x, y, { epochs, batchSize: 3, shuffle: false, verbose: 0, callbacks: [cb, probe] });
  tf.dispose([x, y]);
  model.dispose();
  return probe;
}

const schedule = (t: number): number => 0.01 * (t + 1);

describe('lrScheduler', () => {
  it('model.fit with SGD applies exactly the schedule\'s LR at every batch', async () => {
    const probe = await fitWith(tf.train.sgd(123), lrScheduler(schedule));
    const expected = [0, 1, 2, 3, 4, 5].map(schedule);
    expect(probe.lrsSeen).toEqual(expected);
    // w ← w + lr·1: each batch moves w by its LR (float32 rounding of w ≈ 1e-7·|w|)
    probe.deltas.forEach((d, i) => expect(d).toBeCloseTo(expected[i], 5));
  });

  it('model.fit with Adam applies exactly the schedule\'s LR at every batch', async () => {
    const probe = await fitWith(tf.train.adam(123), lrScheduler(schedule));
    const expected = [0, 1, 2, 3, 4, 5].map(schedule);
    expect(probe.lrsSeen).toEqual(expected);
    // constant gradient −1 → Adam's step is lr·1/(1 + 1e-7)
    probe.deltas.forEach((d, i) => expect(d).toBeCloseTo(expected[i] / (1 + 1e-7), 5));
  });

  it('unit epoch sets the LR from the epoch index, constant within an epoch', async () => {
    const probe = await fitWith(tf.train.sgd(1), lrScheduler(schedule, { unit: 'epoch' }), 3);
    expect(probe.lrsSeen).toEqual([0.01, 0.01, 0.01, 0.02, 0.02, 0.02, 0.03, 0.03, 0.03]);
  });

  it('takes a spec, keeps counting steps across fit calls, and adds lr to the epoch logs', async () => {
    // cosine, lr 0.1, tMax 4: ηₜ = 0.05·(1 + cos(πt/4)) → 0.1, 0.08536, 0.05, 0.01464, 0
    const cb = lrScheduler({ type: 'cosine', lr: 0.1, tMax: 4 });
    const model = probeModel(tf.train.sgd(1));
    const x = tf.ones([4, 1]);
    const y = tf.fill([4, 1], 1000);
    const probe = new Probe();
    const h1 = await model.fit(x, y, { epochs: 1, batchSize: 2, verbose: 0, callbacks: [cb, probe] });
    await model.fit(x, y, { epochs: 1, batchSize: 2, verbose: 0, callbacks: [cb, probe] });
    const cos = (t: number): number => 0.05 * (1 + Math.cos((Math.PI * t) / 4));
    probe.lrsSeen.forEach((lr, t) => expect(lr).toBeCloseTo(cos(t), 7));
    expect(cb.stepCount).toBe(4);
    expect(h1.history.lr[0]).toBeCloseTo(cos(1), 7);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('rejects a bad spec naming the field', () => {
    expect(() => lrScheduler({ type: 'cosine', lr: 0.1 })).toThrow(/tMax/);
    expect(() => lrScheduler(schedule, { unit: 'step' as 'batch' })).toThrow('unit: must be batch or epoch');
  });
});

describe('lrScheduler: resume, momentum check, callback order', () => {
  const data = (): [tf.Tensor, tf.Tensor] => [tf.ones([7, 1]), tf.fill([7, 1], 1000)];

  it('a fit with initialEpoch continues the batch count at initialEpoch × steps per epoch', async () => {
    // 7 rows, batch 3 → 3 steps per epoch; initialEpoch 2 → steps 6, 7, 8: lr = 0.01·(t + 1)
    const model = probeModel(tf.train.sgd(1));
    const probe = new Probe();
    const cb = lrScheduler(schedule);
    const [x, y] = data();
    await model.fit(x, y, { epochs: 3, initialEpoch: 2, batchSize: 3, shuffle: false, verbose: 0, callbacks: [cb, probe] });
    expect(probe.lrsSeen).toEqual([0.07, 0.08, 0.09]);
    expect(cb.stepCount).toBe(9);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('initialStep wins over initialEpoch', async () => {
    const model = probeModel(tf.train.sgd(1));
    const probe = new Probe();
    const [x, y] = data();
    await model.fit(x, y, { epochs: 3, initialEpoch: 2, batchSize: 3, shuffle: false, verbose: 0, callbacks: [lrScheduler(schedule, { initialStep: 1 }), probe] });
    expect(probe.lrsSeen).toEqual([0.02, 0.03, 0.04]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('a momentum-cycling schedule on plain SGD stops at the start of fit and says what to set', async () => {
    const spec = { type: 'onecycle', maxLr: 0.1, totalSteps: 10 } as const;
    const model = probeModel(tf.train.sgd(1));
    const probe = new Probe();
    const [x, y] = data();
    await expect(model.fit(x, y, { epochs: 1, batchSize: 3, verbose: 0, callbacks: [lrScheduler(spec), probe] }))
      .rejects.toThrow('momentum: the schedule cycles momentum, but optimizer SGD has none: add "cycleMomentum": false to the spec');
    // No batch ran, so no LR was set.
    expect(probe.lrsSeen).toEqual([]);
    // The same schedule without momentum cycling trains: onecycle starts at maxLr / divFactor = 0.1 / 25 = 0.004.
    await model.fit(x, y, { epochs: 1, batchSize: 3, shuffle: false, verbose: 0, callbacks: [lrScheduler({ ...spec, cycleMomentum: false }), probe] });
    expect(probe.lrsSeen[0]).toBeCloseTo(0.004, 12);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('after a plain object in the callbacks list, it explains instead of failing inside tfjs', async () => {
    const model = probeModel(tf.train.sgd(1));
    const [x, y] = data();
    const plain = { onEpochEnd: async (): Promise<void> => {} };
    await expect(model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [plain, lrScheduler(schedule)] as unknown as tfl.Callback[] }))
      .rejects.toThrow(/lrScheduler: tfjs did not take this callback for a tf.Callback: either a plain \{onEpochEnd…\} object comes first/);
    tf.dispose([x, y]);
    model.dispose();
  });
});
