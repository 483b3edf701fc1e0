import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LrlabOptimizer } from './base.js';
import { createOptimizer } from './create.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function setup() {
  const w = tf.tidy(() => tf.variable(tf.tensor1d([1, -2, 3])));
  const opt = createOptimizer({ name: 'adam', lr: 0.1 }) as LrlabOptimizer;
  const step = (g: number[]): void => tf.tidy(() => opt.applyGradients({ [w.name]: tf.tensor1d(g) }));
  return { w, opt, step };
}

describe('LrlabOptimizer state', () => {
  it('getWeights/setWeights round-trip in place, without new tensors', async () => {
    const { w, opt, step } = setup();
    step([1, 1, 1]);
    const saved = (await opt.getWeights()).map((x) => ({ name: x.name, tensor: tf.clone(x.tensor) }));
    expect(saved.map((x) => x.name)).toEqual(['iter', `${w.name}/m`, `${w.name}/v`]);
    const w1 = Array.from(w.dataSync());
    step([0.5, -1, 2]);
    const want = Array.from(w.dataSync());
    step([3, 3, 3]);
    const count = tf.memory().numTensors;
    await opt.setWeights(saved);
    expect(tf.memory().numTensors).toBe(count);
    expect(opt.iterations).toBe(1);
    w.assign(tf.tensor1d(w1));
    step([0.5, -1, 2]);
    expect(Array.from(w.dataSync())).toEqual(want);
    tf.dispose(saved.map((x) => x.tensor));
    opt.dispose();
    w.dispose();
  });

  it('refuses a state whose slot shapes differ, leaving the optimizer unchanged', async () => {
    const { w, opt, step } = setup();
    step([1, 1, 1]);
    const state = opt.captureState();
    const wrong = tf.keep(tf.zeros([2]));
    state.slots.get(w.name)!.get('v')!.dispose();
    state.slots.get(w.name)!.set('v', wrong);
    step([1, 2, 3]);
    const slotValues = async () => (await opt.getWeights()).slice(1).map((x) => Array.from(x.tensor.dataSync()));
    const before = await slotValues();
    expect(() => opt.restoreState(state)).toThrow(/slot .*\/v is \[3\], the state's \[2\]/);
    expect(opt.iterations).toBe(2);
    expect(await slotValues()).toEqual(before);
    for (const m of state.slots.values()) tf.dispose([...m.values()]);
    opt.dispose();
    w.dispose();
  });

  it('refuses a state of another class', () => {
    const sgd = createOptimizer({ name: 'sgd', lr: 0.1 }) as LrlabOptimizer;
    const { opt, w } = setup();
    expect(() => opt.restoreState(sgd.captureState())).toThrow(/state of lrlab.SGD given to lrlab.Adam/);
    opt.dispose();
    sgd.dispose();
    w.dispose();
  });
});
