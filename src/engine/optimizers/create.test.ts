import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { isLrlabOptimizer } from './base.js';
import { createOptimizer } from './create.js';
import { getLearningRate } from './hyper.js';
import { OPTIMIZER_NAMES } from './options.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('createOptimizer', () => {
  it('builds every named optimizer as a tf.Optimizer with the given LR', () => {
    for (const name of OPTIMIZER_NAMES) {
      const opt = createOptimizer({ name, lr: 0.02 });
      expect(isLrlabOptimizer(opt), name).toBe(true);
      expect(typeof opt.applyGradients).toBe('function');
      expect(getLearningRate(opt)).toBe(0.02);
      expect(opt.getConfig()).toMatchObject({ name, lr: 0.02 });
      opt.dispose();
    }
  });

  it('is not fooled by tfjs optimizers (instanceof is duck-typed in tfjs)', () => {
    const adam = tf.train.adam(0.1);
    expect(isLrlabOptimizer(adam)).toBe(false);
    adam.dispose();
  });

  it('throws SpecError on bad options', () => {
    expect(() => createOptimizer({ name: 'lamb', lr: 0.1, momentum: 0.9 })).toThrow(/^momentum: does not apply/);
  });

  it('trains a tfjs-layers model through model.fit, and its slots are freed by dispose', async () => {
    // y = 2x − 1 on 16 points; a 1-unit dense layer learns it with AdamW.
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 1, inputShape: [1] })] });
    const opt = createOptimizer({ name: 'adamw', lr: 0.1, weightDecay: 1e-4 });
    model.compile({ optimizer: opt, loss: 'meanSquaredError' });
    const xs = tf.tidy(() => tf.reshape(tf.linspace(-1, 1, 16), [16, 1]));
    const ys = tf.tidy(() => tf.sub(tf.mul(xs, 2), 1));
    const before = tf.memory().numTensors;
    const h = await model.fit(xs, ys, { epochs: 30, batchSize: 8, verbose: 0, shuffle: false });
    const losses = h.history.loss as number[];
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] / 10);
    expect(opt.iterations).toBe(60);
    // The only new tensors are the optimizer's slots: m and v for the kernel and the bias.
    expect(tf.memory().numTensors - before).toBe(4);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    tf.dispose([xs, ys]);
  });
});
