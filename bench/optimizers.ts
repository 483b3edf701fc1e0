/**
 * Cost of one optimizer step (applyGradients) on the MLP 784-256-10's variables, lrlab's
 * optimizers against tfjs's own classes, and of snapshot + restore. Medians of alternating runs.
 *
 *     npx tsx bench/optimizers.ts [--backend wasm|cpu] [--steps 200] [--reps 5]
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type BackendName } from '../src/engine/backend.js';
import { createOptimizer, OPTIMIZER_NAMES } from '../src/engine/optimizers/index.js';
import { disposeSnapshot, restoreTraining, snapshotTraining } from '../src/engine/snapshot.js';
import { flag } from './args.js';

const backend = await initBackend(flag('backend', 'wasm') as BackendName);
const steps = Number(flag('steps', '200'));
const reps = Number(flag('reps', '5'));

const shapes = [[784, 256], [256], [256, 10], [10]];
const vars = shapes.map((s, i) => tf.tidy(() => tf.variable(tf.randomUniform(s, -0.05, 0.05, 'float32', i + 1), true)));
const grads = shapes.map((s, i) => tf.randomNormal(s, 0, 0.01, 'float32', i + 11));
const gradMap: tf.NamedTensorMap = Object.fromEntries(vars.map((v, i) => [v.name, grads[i]]));

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeSteps(opt: tf.Optimizer): Promise<number> {
  opt.applyGradients(gradMap); // create slots outside the timing
  await vars[0].data();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) opt.applyGradients(gradMap);
  await vars[0].data(); // wait for the queued work
  return ((performance.now() - t0) / steps) * 1000;
}

const candidates: [string, () => tf.Optimizer][] = [
  ...OPTIMIZER_NAMES.map((name): [string, () => tf.Optimizer] => [`lrlab ${name}`, () => createOptimizer({ name, lr: 1e-3 })]),
  ['tfjs sgd', () => tf.train.sgd(1e-3)],
  ['tfjs momentum', () => tf.train.momentum(1e-3, 0.9)],
  ['tfjs nesterov', () => tf.train.momentum(1e-3, 0.9, true)],
  ['tfjs adam', () => tf.train.adam(1e-3, 0.9, 0.999, 1e-8)],
  ['tfjs rmsprop', () => tf.train.rmsprop(1e-3, 0.9, 0, 1e-8)],
];

const times = new Map<string, number[]>(candidates.map(([n]) => [n, []]));
for (let r = 0; r < reps; r++) {
  for (const [name, make] of candidates) {
    const opt = make();
    times.get(name)!.push(await timeSteps(opt));
    opt.dispose();
  }
}

console.log(`backend ${backend}, MLP 784-256-10 variables (${vars.reduce((n, v) => n + v.size, 0)} floats), ${steps} steps × ${reps} reps`);
console.log('optimizer           µs/step (median)');
for (const [name, ts] of times) console.log(`${name.padEnd(20)}${median(ts).toFixed(0).padStart(8)}`);

// Snapshot + restore for the range test: cost and leak check.
const adam = createOptimizer({ name: 'adam', lr: 1e-3 });
adam.applyGradients(gradMap);
const before = tf.memory().numTensors;
const snapUs: number[] = [];
const restoreUs: number[] = [];
for (let r = 0; r < 50; r++) {
  let t0 = performance.now();
  const s = snapshotTraining(vars, adam);
  snapUs.push((performance.now() - t0) * 1000);
  adam.applyGradients(gradMap);
  t0 = performance.now();
  restoreTraining(vars, adam, s);
  restoreUs.push((performance.now() - t0) * 1000);
  disposeSnapshot(s);
}
console.log(`adam snapshot ${median(snapUs).toFixed(0)} µs, restore ${median(restoreUs).toFixed(0)} µs (median of 50); tensors ${before} → ${tf.memory().numTensors}`);
