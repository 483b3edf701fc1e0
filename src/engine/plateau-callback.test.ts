import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { getLearningRate } from './optimizers/index.js';
import { lrScheduler } from './lr-scheduler.js';
import { reduceLROnPlateau } from './plateau-callback.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * y = w·x, x = 1, target 1000, mean absolute error, w starting at 0: every step lowers the loss
 * by exactly its LR (gradient −1). With LR 1e-3 and 3 steps an epoch the loss falls by 0.003 an
 * epoch, far below PyTorch's relative threshold (1e-4 · ~1000 = 0.1), so after the first epoch
 * (which sets `best`) every epoch is a bad one.
 */
function flatModel(): tfl.LayersModel {
  const m = tfl.sequential({ layers: [tfl.layers.dense({ units: 1, inputShape: [1], useBias: false, kernelInitializer: 'zeros' })] });
  m.compile({ optimizer: tf.train.sgd(1e-3), loss: 'meanAbsoluteError' });
  return m;
}

/** The LR each epoch's first batch runs with (put last, after the callbacks that set it). */
class EpochLr extends tfl.Callback {
  lrs: number[] = [];
  override async onBatchBegin(batch: number): Promise<void> {
    if (batch === 0) this.lrs.push(getLearningRate(this.model.optimizer));
  }
}

async function fit(callbacks: tfl.Callback[], epochs: number): Promise<{ lrs: number[]; logged: number[] }> {
  const model = flatModel();
  const probe = new EpochLr();
  const x = tf.ones([7, 1]);
  const y = tf.fill([7, 1], 1000);
  const h = await model.fit(x, y, { epochs, batchSize: 3, shuffle: false, verbose: 0, callbacks: [...callbacks, probe] });
  tf.dispose([x, y]);
  model.dispose();
  return { lrs: probe.lrs, logged: h.history.lr as number[] };
}

describe('reduceLROnPlateau', () => {
  it('cuts the LR by factor after more than patience epochs without improvement', async () => {
    // patience 2: epoch 0 sets best, epochs 1, 2 are bad (2 = patience, no cut), epoch 3 is bad
    // number 3 > 2 → 1e-3 · 0.5 = 5e-4 from epoch 4; counting restarts, so epochs 4, 5, 6 are
    // bad again and epoch 6 cuts to 2.5e-4, used from epoch 7.
    const { lrs, logged } = await fit([reduceLROnPlateau({ monitor: 'loss', patience: 2, factor: 0.5 })], 8);
    expect(lrs).toEqual([1e-3, 1e-3, 1e-3, 1e-3, 5e-4, 5e-4, 5e-4, 2.5e-4]);
    expect(logged).toEqual([1e-3, 1e-3, 1e-3, 5e-4, 5e-4, 5e-4, 2.5e-4, 2.5e-4]);
  });

  it('cooldown and minLr: bad epochs during cooldown do not count; the LR stops at minLr', async () => {
    // patience 0, cooldown 1, factor 0.1, minLr 2e-4: epoch 1 is bad (1 > 0) → 1e-4 is below
    // minLr, so 2e-4; epoch 2 is in cooldown (not counted); epoch 3 is bad → max(2e-5, 2e-4) =
    // 2e-4, no change (lr − newLr = 0 ≤ eps).
    const { lrs } = await fit([reduceLROnPlateau({ monitor: 'loss', patience: 0, cooldown: 1, factor: 0.1, minLr: 2e-4 })], 5);
    expect(lrs).toEqual([1e-3, 1e-3, 2e-4, 2e-4, 2e-4]);
  });

  it('with lrScheduler on the same fit, a cut scales the schedule instead of being undone', async () => {
    // schedule: lr_t = 1e-3 every step (a function of the step); patience 1, factor 0.5: epoch 2
    // is the second bad one → scale 0.5, so epochs 3, 4 run at 5e-4 and epoch 4 (bad again
    // twice after the reset) cuts to 2.5e-4 for epoch 5. Without the scaling the scheduler would
    // set 1e-3 again at every batch.
    const sched = lrScheduler(() => 1e-3);
    const { lrs } = await fit([sched, reduceLROnPlateau({ monitor: 'loss', patience: 1, factor: 0.5 })], 6);
    expect(lrs).toEqual([1e-3, 1e-3, 1e-3, 5e-4, 5e-4, 2.5e-4]);
    expect(sched.scale).toBe(0.25);
  });

  it('mode auto watches accuracies upwards; a missing entry names what the logs have', async () => {
    expect(reduceLROnPlateau({ monitor: 'val_acc' }).controller.mode).toBe('max');
    expect(reduceLROnPlateau().controller.mode).toBe('min');
    await expect(fit([reduceLROnPlateau()], 1)).rejects.toThrow("monitor: 'val_loss' is not in the epoch logs (present: loss)");
    expect(() => reduceLROnPlateau({ factor: 2 })).toThrow('factor: must be a number in (0, 1)');
    expect(() => reduceLROnPlateau({ mode: 'up' as 'min' })).toThrow('mode: must be one of min|max|auto');
  });
});
