import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../core/random.js';
import { initBackend } from './backend.js';
import { createOptimizer, getLearningRate } from './optimizers/index.js';
import { lrScheduler } from './lr-scheduler.js';
import { lrFind, lrFindDataset, type BatchDataset } from './lr-find.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const N = 96, D = 6, K = 3;

/** A learnable 3-class problem: the class is the argmax of three fixed linear projections. */
function data(seed = 1): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const rng = createRng(seed);
  const xs = new Float32Array(N * D).map(() => rng.next() * 2 - 1);
  const labels = Array.from({ length: N }, (_, i) => {
    const r = xs.subarray(i * D, i * D + D);
    const s = [r[0] + r[1], r[2] - r[3], r[4] + 0.5 * r[5]];
    return s.indexOf(Math.max(...s));
  });
  return { x: tf.tensor2d(xs, [N, D]), y: tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), K), 'float32')) as tf.Tensor2D };
}

function model(optimizer: tf.Optimizer | string, seed = 3): tfl.LayersModel {
  const m = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [D], units: 8, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed }) }),
      tfl.layers.dense({ units: K, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
  m.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

/** Every weight and every optimizer variable as raw bytes, plus the LR and step count. */
async function state(m: tfl.LayersModel): Promise<{ weights: Buffer[]; opt: [string, Buffer][]; lr: number; iterations: number }> {
  const bytes = (t: tf.Tensor): Buffer => Buffer.from((t.dataSync() as Float32Array).slice().buffer);
  let opt: [string, Buffer][];
  if (m.optimizer.getClassName() === 'Adamax') {
    // tfjs 4.22's Adamax has no getWeights(); its state fields, as named in tfjs-core's adamax_optimizer.ts.
    const f = m.optimizer as unknown as Record<string, any>;
    const slots = ['accumulatedFirstMoment', 'accumulatedWeightedInfNorm'].flatMap((k) =>
      (f[k] as { originalName: string; variable: tf.Variable }[]).map((e): [string, Buffer] => [`${k}/${e.originalName}`, bytes(e.variable)]));
    opt = [...slots, ['iteration', bytes(f.iteration)], ['accBeta1', bytes(f.accBeta1)]];
  } else {
    opt = (await m.optimizer.getWeights()).map((w): [string, Buffer] => [w.name, bytes(w.tensor)]);
  }
  return { weights: m.weights.map((w) => bytes(w.read())), opt, lr: getLearningRate(m.optimizer), iterations: m.optimizer.iterations };
}

const quick = { steps: 20, startLr: 1e-4, endLr: 1, batchSize: 16 };

describe('lrFind restores the model and optimizer bitwise', () => {
  const cases: [string, () => tf.Optimizer][] = [
    ['sgd', () => tf.train.sgd(0.05)],
    ['momentum', () => tf.train.momentum(0.05, 0.9)],
    ['adam', () => tf.train.adam(0.01)],
    ['rmsprop', () => tf.train.rmsprop(0.01, 0.9, 0.5)],
    ['adamax', () => tf.train.adamax(0.01)],
    ['adagrad', () => tf.train.adagrad(0.05)],
    ['adadelta', () => tf.train.adadelta(1)],
    ["lrlab's adamw", () => createOptimizer({ name: 'adamw', lr: 0.01, weightDecay: 0.01 })],
    ["lrlab's nesterov", () => createOptimizer({ name: 'nesterov', lr: 0.05 })],
  ];
  for (const [name, make] of cases) {
    it(`${name}: weights, optimizer slots, iterations and LR are unchanged; no tensor leaks`, async () => {
      const { x, y } = data();
      const m = model(make());
      // Train a little first so the optimizer has state (Adam moments, momentum buffers) to keep.
      await m.fit(x, y, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0 });
      const before = await state(m);
      const tensors = tf.memory().numTensors;
      const r = await lrFind(m, x, y, quick);
      expect(tf.memory().numTensors).toBe(tensors);
      const after = await state(m);
      expect(after.lr).toBe(before.lr);
      expect(after.iterations).toBe(before.iterations);
      expect(after.weights.length).toBe(before.weights.length);
      after.weights.forEach((w, i) => expect(w.equals(before.weights[i])).toBe(true));
      expect(after.opt.map(([n]) => n)).toEqual(before.opt.map(([n]) => n));
      after.opt.forEach(([, w], i) => expect(w.equals(before.opt[i][1])).toBe(true));
      // The test really trained: the loss changed along the sweep.
      expect(r.lrs.length).toBeGreaterThan(5);
      expect(new Set(r.losses).size).toBeGreaterThan(1);
      m.dispose(); x.dispose(); y.dispose();
    });
  }

  it('adam compiled by name with no prior training: no moments are left behind and training continues as without lrFind', async () => {
    const { x, y } = data();
    const a = model('adam'), b = model('adam');
    await lrFind(a, x, y, quick);
    // tfjs's Adam always lists its step count 'iter'; moment slots would follow it.
    expect((await a.optimizer.getWeights()).map((w) => w.name)).toEqual(['iter']);
    await a.fit(x, y, { epochs: 2, batchSize: 32, shuffle: false, verbose: 0 });
    await b.fit(x, y, { epochs: 2, batchSize: 32, shuffle: false, verbose: 0 });
    const [sa, sb] = [await state(a), await state(b)];
    sa.weights.forEach((w, i) => expect(w.equals(sb.weights[i])).toBe(true));
    sa.opt.forEach(([, w], i) => expect(w.equals(sb.opt[i][1])).toBe(true));
    a.dispose(); b.dispose(); x.dispose(); y.dispose();
  });

  it('with an lrScheduler callback: the scheduled LR is kept and fit continues exactly as without lrFind', async () => {
    const { x, y } = data();
    // Step decay every 2 batches: 0.1, 0.05, 0.025, … — the LR after fit is not the compiled one.
    const spec = { type: 'step', lr: 0.1, stepSize: 2, gamma: 0.5 };
    const [a, b] = [model(tf.train.momentum(0.1, 0.9)), model(tf.train.momentum(0.1, 0.9))];
    const [ca, cb] = [lrScheduler(spec), lrScheduler(spec)];
    await a.fit(x, y, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0, callbacks: [ca] });
    await b.fit(x, y, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0, callbacks: [cb] });
    // 3 batches ran: steps 0, 1, 2 → the last LR set was 0.1 · 0.5^⌊2/2⌋ = 0.05.
    expect(getLearningRate(a.optimizer)).toBe(0.05);
    const r = await lrFind(a, x, y, quick);
    expect(r.config.optimizerLr).toBe(0.05);
    expect(getLearningRate(a.optimizer)).toBe(0.05);
    await a.fit(x, y, { epochs: 2, batchSize: 32, shuffle: false, verbose: 0, callbacks: [ca] });
    await b.fit(x, y, { epochs: 2, batchSize: 32, shuffle: false, verbose: 0, callbacks: [cb] });
    const [sa, sb] = [await state(a), await state(b)];
    expect(sa.lr).toBe(sb.lr);
    sa.weights.forEach((w, i) => expect(w.equals(sb.weights[i])).toBe(true));
    a.dispose(); b.dispose(); x.dispose(); y.dispose();
  });
});

describe('lrFind results', () => {
  it('has the find JSON shape, with suggestions inside the swept range and a schedule for the budget', async () => {
    const { x, y } = data();
    const m = model(tf.train.momentum(0.01, 0.9));
    const r = await lrFind(m, x, y, { startLr: 1e-4, endLr: 10, steps: 40, batchSize: 16, epochsBudget: 5 });
    expect(Object.keys(r)).toEqual([
      'config', 'lrs', 'losses', 'smoothedLosses', 'stopReason', 'stopLr', 'suggestions', 'suggested', 'agreement', 'verdict', 'confidence', 'interval',
      'scheduleConfidence', 'clr', 'recommendedSchedule', 'scheduleRule',
    ]);
    expect(r.config).toMatchObject({ backend: 'cpu', seed: 0, batchSize: 16, rows: N, steps: 40, optimizer: 'Momentum' });
    expect(typeof r.config.version).toBe('string');
    // exp sweep, point i: 1e-4 · (1e5)^(i/39); point 0 is 1e-4 exactly.
    expect(r.lrs[0]).toBe(1e-4);
    r.lrs.forEach((lr, i) => expect(lr).toBeCloseTo(1e-4 * Math.pow(1e5, i / 39), 12));
    expect(r.suggested).not.toBeNull();
    const s = r.suggested as { lr: number };
    expect(s.lr).toBeGreaterThanOrEqual(1e-4);
    expect(s.lr).toBeLessThanOrEqual(10);
    // The bootstrap interval lies inside the swept range; the confidence is the verdict's.
    if (r.verdict.status !== 'unusable') {
      expect(r.interval!.lo).toBeGreaterThanOrEqual(1e-4);
      expect(r.interval!.hi).toBeLessThanOrEqual(10);
      expect(r.interval!.lo).toBeLessThanOrEqual(r.interval!.hi);
      expect(r.confidence!.probability).toBe((r.confidence!.within + 1) / (r.confidence!.of + 2));
    }
    // onecycle over 5 epochs of ⌈96/16⌉ = 6 steps = 30 steps, peaking at 3 × the suggestion.
    expect(r.recommendedSchedule).toMatchObject({ type: 'onecycle', maxLr: 3 * s.lr, totalSteps: 30 });
    expect(r.clr?.maxLr).toBe(s.lr);
    expect(r.clr?.baseLr).toBe(s.lr / 3);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    m.dispose(); x.dispose(); y.dispose();
  });

  it('batchRule: true scales an SGD/Momentum suggestion to the batch (× batchSize/64); off by default', async () => {
    const { x, y } = data();
    for (const make of [() => tf.train.sgd(0.01), () => tf.train.momentum(0.01, 0.9)]) {
      const m = model(make());
      const opts = { startLr: 1e-4, endLr: 10, steps: 40, batchSize: 16, epochsBudget: 5 };
      const raw = await lrFind(m, x, y, opts);
      const scaled = await lrFind(m, x, y, { ...opts, batchRule: true });
      expect(scaled.suggestions).toEqual(raw.suggestions);
      expect(raw.suggested).not.toBeNull();
      expect(raw.suggested!.rule).not.toMatch(/batch/);
      // Batch 16 is a quarter of the reference 64 (scaling down has no cap).
      expect(scaled.suggested!.lr).toBeCloseTo(raw.suggested!.lr / 4, 12);
      expect(scaled.suggested!.rule).toBe(`${raw.suggested!.rule} × 16/64 (batch)`);
      // No benchmark confidence is stated for the batch rule (it was measured without it).
      if (raw.verdict.status !== 'unusable') expect(raw.confidence).not.toBeNull();
      expect(scaled.confidence).toBeNull();
      expect(scaled.scheduleConfidence).toBeNull();
      m.dispose();
    }
    const [sgd, adam] = [model('sgd'), model(tf.train.adam(0.01))];
    await expect(lrFind(sgd, x, y, { batchRule: 'no' as never })).rejects.toThrow(/^batchRule: must be true or false/);
    await expect(lrFind(adam, x, y, { batchRule: true })).rejects.toThrow(/^batchRule: applies to SGD and Momentum optimizers, not Adam/);
    sgd.dispose(); adam.dispose(); x.dispose(); y.dispose();
  });

  it('on tf.train.sgd the recommended one-cycle does not cycle momentum, and fit runs it', async () => {
    const { x, y } = data();
    const m = model(tf.train.sgd(0.01));
    const r = await lrFind(m, x, y, { startLr: 1e-4, endLr: 10, steps: 40, batchSize: 16, epochsBudget: 2 });
    // 2 epochs of ⌈96/16⌉ = 6 steps = 12 steps.
    expect(r.recommendedSchedule).toMatchObject({ type: 'onecycle', totalSteps: 12, cycleMomentum: false });
    const sched = lrScheduler(r.recommendedSchedule as NonNullable<typeof r.recommendedSchedule>);
    await m.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, callbacks: [sched] });
    expect(sched.stepCount).toBe(12);
    m.dispose(); x.dispose(); y.dispose();
  });

  it('a huge start LR: the sweep diverges at once, verdict unusable, model restored', async () => {
    const { x, y } = data();
    const m = model(tf.train.sgd(0.01));
    const before = await state(m);
    const r = await lrFind(m, x, y, { startLr: 1e4, endLr: 1e8, steps: 20, batchSize: 16 });
    // The first loss is computed before any update, so it is recorded; the 1e4 step then blows
    // the loss up (to NaN or the clipped −log(1e-7) ≈ 16.1, above 4 × the first), and the sweep stops.
    expect(r.stopReason).not.toBe('completed');
    expect(r.lrs.length).toBeLessThan(5);
    expect(r.verdict.status).toBe('unusable');
    expect(r.verdict.reason).toMatch(/^diverged at once/);
    const after = await state(m);
    after.weights.forEach((w, i) => expect(w.equals(before.weights[i])).toBe(true));
    m.dispose(); x.dispose(); y.dispose();
  });

  it('every point NaN: still a result with verdict unusable and no schedule', async () => {
    const { x, y } = data();
    const m = model(tf.train.sgd(0.01));
    const before = await state(m);
    // Infinite inputs: Inf − Inf inside the first dense layer makes every loss NaN.
    const inf = tf.mul(x, Infinity);
    const r = await lrFind(m, inf, y, { startLr: 1e-3, endLr: 1, steps: 10, batchSize: 16 });
    expect(r.lrs).toEqual([]);
    expect(r.stopReason).toBe('nan');
    expect(r.stopLr).toBe(1e-3);
    expect(r.verdict.status).toBe('unusable');
    expect(r.suggested).toBeNull();
    expect(r.recommendedSchedule).toBeNull();
    expect(r.scheduleRule).toMatch(/^none/);
    const after = await state(m);
    after.weights.forEach((w, i) => expect(w.equals(before.weights[i])).toBe(true));
    m.dispose(); inf.dispose(); x.dispose(); y.dispose();
  });

  it('repeats report each rule with its spread over the runs', async () => {
    const { x, y } = data();
    const m = model(tf.train.momentum(0.01, 0.9));
    const r = await lrFind(m, x, y, { startLr: 1e-3, endLr: 10, steps: 30, batchSize: 16, repeats: 3 });
    expect(r.runs).toHaveLength(3);
    for (const rule of ['steepest', 'minimum', 'valley', 'slide'] as const) {
      const s = r.suggestions[rule];
      if (!s) continue;
      // Geometric mean and geometric std of the runs' LRs, computed here from their logs.
      const logs = s.lrs.map(Math.log);
      const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
      expect(Math.log(s.lr)).toBeCloseTo(mean, 10);
      if (logs.length > 1) {
        const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (logs.length - 1));
        expect(s.gsd).not.toBeNull();
        // Sample or population std — either way within these bounds.
        expect(Math.log(s.gsd as number)).toBeLessThanOrEqual(sd + 1e-9);
        expect(Math.log(s.gsd as number)).toBeGreaterThanOrEqual(sd * Math.sqrt((logs.length - 1) / logs.length) - 1e-9);
      }
    }
    // Runs used other batch orders: their curves differ.
    expect(r.runs?.[1].losses).not.toEqual(r.runs?.[0].losses);
    m.dispose(); x.dispose(); y.dispose();
  });

  it('lrFindDataset runs on a dataset of {xs, ys} batches and restores the model', async () => {
    const { x, y } = data();
    const m = model(tf.train.adam(0.01));
    await m.fit(x, y, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0 });
    const before = await state(m);
    // A minimal tf.data-like dataset: 6 batches of 16 rows, each iterator starting over.
    const ds: BatchDataset = {
      size: 6,
      async iterator() {
        let i = 0;
        return {
          async next() {
            if (i >= 6) return { done: true, value: undefined } as IteratorResult<never>;
            const [a, b] = [tf.slice(x, [16 * i, 0], [16, D]), tf.slice(y, [16 * i, 0], [16, K])];
            i++;
            return { done: false, value: { xs: a, ys: b } };
          },
        };
      },
    };
    const tensors = tf.memory().numTensors;
    const r = await lrFindDataset(m, ds, { steps: 15, startLr: 1e-4, endLr: 1, epochsBudget: 4 });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(r.lrs.length).toBeGreaterThan(5);
    expect(r.recommendedSchedule === null || (r.recommendedSchedule as { totalSteps?: number }).totalSteps === 24).toBe(true);
    // tfjs's Adam gets the adaptive factor by default, and not when the caller says adaptive: false.
    expect(r.config.adaptive).toBe(true);
    const raw = await lrFindDataset(m, ds, { steps: 15, startLr: 1e-4, endLr: 1, epochsBudget: 4, adaptive: false });
    expect(raw.config.adaptive).toBe(false);
    expect(raw.suggestions).toEqual(r.suggestions);
    if (r.suggested && raw.suggested) expect(r.suggested.lr).toBeCloseTo(raw.suggested.lr / 4, 12);
    const after = await state(m);
    after.weights.forEach((w, i) => expect(w.equals(before.weights[i])).toBe(true));
    after.opt.forEach(([, w], i) => expect(w.equals(before.opt[i][1])).toBe(true));
    expect(after.iterations).toBe(before.iterations);
    m.dispose(); x.dispose(); y.dispose();
  });

  it('rejects an uncompiled model and bad options, naming the field', async () => {
    const { x, y } = data();
    const raw = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [D], units: K })] });
    await expect(lrFind(raw, x, y)).rejects.toThrow(/^model: must be compiled/);
    const m = model('sgd');
    await expect(lrFind(m, x, y, { endLr: 1e-8 })).rejects.toThrow(/^endLr: must be greater than startLr/);
    await expect(lrFind(m, x, y, { steps: 5 })).rejects.toThrow(/^steps: must be an integer >= 10/);
    await expect(lrFind(m, x, y, { batchSize: 0 })).rejects.toThrow(/^batchSize:/);
    await expect(lrFind(m, x, tf.zeros([3, K]))).rejects.toThrow(/^y: must have 96 rows/);
    await expect(lrFind(m, x, y, { valLoss: true })).rejects.toThrow(/^validationData: is needed for valLoss: true/);
    await expect(lrFind(m, x, y, { valLoss: true, validationData: [x] as never })).rejects.toThrow(/^validationData: must be \[x, y\]/);
    raw.dispose(); m.dispose(); x.dispose(); y.dispose();
  });

  it('valLoss: each point is model.evaluate on the held-out rows after the step; the model is restored', async () => {
    const { x, y } = data();
    const held = data(9);
    const m = model(tf.train.momentum(0.01, 0.9));
    const before = m.getWeights().map((w) => Array.from(w.dataSync()));
    const r = await lrFind(m, x, y, { ...quick, smooth: 0, valLoss: true, validationData: [held.x, held.y] });
    expect(r.config.valLoss).toBe(true);
    expect(m.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    const plain = await lrFind(m, x, y, { ...quick, smooth: 0 });
    expect(r.lrs).toEqual(plain.lrs.slice(0, r.lrs.length));
    const ev = m.evaluate(held.x, held.y);
    const heldLoss0 = (Array.isArray(ev) ? ev[0] : ev).dataSync()[0];
    tf.dispose(ev);
    // Before any step the held-out loss is heldLoss0; after one tiny-LR step it barely moves,
    // while the batch loss of plain mode is another set of rows.
    expect(Math.abs(r.losses[0] - heldLoss0)).toBeLessThan(1e-2);
    expect(r.losses[0]).not.toBe(plain.losses[0]);
    m.dispose(); x.dispose(); y.dispose(); held.x.dispose(); held.y.dispose();
  });
});
