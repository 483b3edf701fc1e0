import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
// tfjs-core's Node bundle registers no gradients; loading tfjs-layers registers all of them.
import '@tensorflow/tfjs-layers';
import { ReduceLROnPlateau, type PlateauOptions, type PlateauState } from '../core/plateau.js';
import { createRng } from '../core/random.js';
import { SpecError } from '../core/spec-error.js';
import type { StepTrainer } from '../core/trainer.js';
// The pure module, not data/index.js: the browser lab runs this trainer in a Web Worker.
import { BatchOrder } from '../data/batch-order.js';
import type { DataSplit, Dataset } from '../data/types.js';
import { VERSION } from '../version.js';
import { resolveSchedule, type ResolvedSchedule, type ScheduleLike } from './lr-scheduler.js';
import { correctCount, softmaxCrossEntropy, type OutputKind } from './losses.js';
import { compileForward, type ForwardFn } from './models.js';
import { createOptimizer, getMomentum, setLearningRate, setMomentum, type OptimizerOptions } from './optimizers/index.js';
import { disposeSnapshot, restoreTraining, snapshotTraining, type TrainingSnapshot } from './snapshot.js';

/** A learning rate for the whole run, a schedule spec (DESIGN.md's JSON), or a built schedule. */
export type ScheduleInput = number | ScheduleLike;

export interface TrainerOptions {
  /** A Layers model whose output is logits (lrlab's models) or softmax probabilities (detected from the last layer). */
  model: tfl.LayersModel;
  /** Optimizer; its `lr` is the learning rate unless `schedule` is given. */
  optimizer: OptimizerOptions;
  data: DataSplit;
  /** Rows per step (the last batch of an epoch may be smaller). */
  batchSize: number;
  /** Seeds the batch order and the trainer's own sampling (gradient-norm batches). */
  seed: number;
  /** Learning-rate schedule; default: constant `optimizer.lr`. */
  schedule?: ScheduleInput;
  /** What the schedule counts: optimizer `step`s (default) or completed `epoch`s (forced by a spec's `"unit": "epoch"`). */
  unit?: 'step' | 'epoch';
  /** Batch size of epoch e (0-based); overrides `batchSize` where given. */
  batchSchedule?: (epoch: number) => number;
  /**
   * Stop as diverged when the smoothed loss exceeds this × the reference loss; always on a NaN/±Inf
   * loss. Smoothed: debiased EMA of the step losses, `s_k = 0.9·s_{k−1} + 0.1·l_k`, `ŝ_k = s_k/(1 − 0.9^k)`
   * (one noisy small batch must not end a run). Reference: max(first step's loss, ln C) for C
   * classes (a lucky first batch must not either). Default 10; Infinity keeps only the NaN/Inf stop.
   */
  divergeFactor?: number;
  /** Reduce the LR on a plateau of the validation metric, checked once per epoch (see core/plateau.ts). */
  plateau?: PlateauOptions & { monitor?: 'valLoss' | 'valAccuracy' };
  /** Steps between readbacks of the per-step losses (divergence check, progress). Default 25. */
  checkEvery?: number;
  /** Rows per forward pass when evaluating. Default 1000. */
  evalBatchSize?: number;
  /**
   * Input standardisation applied to train and validation rows when they are uploaded:
   * `scalar` (default) `x' = (x − μ)/σ` with one μ, σ over all training features (as PyTorch's
   * MNIST `Normalize((0.1307,), (0.3081,))`; it makes SGD markedly faster on [0, 1] pixels);
   * `none` leaves rows as they are.
   */
  normalize?: 'scalar' | 'none';
  /** Extra fields for the result's `config` (model kind, CLI flags…). */
  config?: Record<string, unknown>;
}

/** One epoch's row of the `train` result (DESIGN.md). */
export interface EpochRow {
  /** Epochs completed, 1-based. */
  epoch: number;
  /** Learning rate of the epoch's last step. */
  lr: number;
  /** Sample-weighted mean of the epoch's per-step losses (weights changing during the epoch, as Keras reports it). */
  trainLoss: number;
  trainAccuracy: number;
  valLoss: number;
  valAccuracy: number;
  /** Training time of the epoch (evaluation excluded), seconds. */
  seconds: number;
  /** Training samples per second over the epoch. */
  samplesPerSecond: number;
  /** Evaluation time, seconds. */
  evalSeconds: number;
  batchSize: number;
  steps: number;
}

export interface TrainResult {
  config: Record<string, unknown>;
  epochs: EpochRow[];
  /** The last completed epoch's row (null if none completed). */
  final: EpochRow | null;
  diverged: boolean;
  /** Global step (0-based) whose loss was NaN/Inf or whose smoothed loss passed divergeFactor × the reference (see TrainerOptions). */
  divergedAtStep: number | null;
  /** True when stopped by the abort signal. */
  aborted: boolean;
  /** Optimizer steps taken by this trainer so far. */
  steps: number;
}

export interface StepInfo {
  epoch: number;
  /** Step within the epoch, 1-based (steps done). */
  step: number;
  stepsInEpoch: number;
  globalStep: number;
  /** The most recent loss read back (every `checkEvery` steps), or null before the first readback. */
  loss: number | null;
  samplesPerSecond: number;
}

export interface RunOptions {
  /** Epochs to train in this call. */
  epochs: number;
  onEpoch?: (row: EpochRow) => void | Promise<void>;
  onStep?: (info: StepInfo) => void;
  signal?: AbortSignal;
}

export interface TrainerSnapshot {
  training: TrainingSnapshot;
  order: ReturnType<BatchOrder['state']>;
  rng: [number, number, number, number];
  globalStep: number;
  epochsDone: number;
  lr: number;
  momentum: number | null;
  lrScale: number;
  firstLoss: number | null;
  lossEma: [number, number];
  plateau: PlateauState | null;
}

interface DeviceSet {
  x: tf.Tensor2D;
  oneHot: tf.Tensor2D;
  labels: tf.Tensor1D;
  n: number;
}

/**
 * lrlab's training loop (not `model.fit`): per step it gathers the batch rows from data uploaded
 * once, sets the scheduled LR (and momentum), computes loss and gradients with `tf.variableGrads`
 * inside one tidy and applies them. Losses stay on the device and are read back every
 * `checkEvery` steps in one transfer; the divergence check runs on those values, so it costs no
 * extra synchronisation. It is also a {@link StepTrainer}, for the LR range test.
 *
 * Same seed, model weights and data → bitwise identical losses, accuracies and weights.
 *
 * @example
 * const t = new Trainer({ model, optimizer: { name: 'sgd', lr: 0.1 }, data, batchSize: 128, seed: 0 });
 * const result = await t.run({ epochs: 3 });
 * t.dispose();
 */
export class Trainer implements StepTrainer<TrainerSnapshot> {
  readonly model: tfl.LayersModel;
  readonly optimizer: tf.Optimizer;
  private readonly opts: TrainerOptions;
  private readonly trainable: tf.Variable[];
  private readonly allWeights: tf.Variable[];
  private readonly inputShape: number[];
  private readonly output: OutputKind;
  private readonly train: DeviceSet;
  private readonly val: DeviceSet;
  private readonly order: BatchOrder;
  private readonly rng;
  private readonly schedule: ResolvedSchedule;
  private readonly unit: 'step' | 'epoch';
  private readonly divergeFactor: number;
  private readonly checkEvery: number;
  private readonly evalBatchSize: number;
  private readonly plateau: ReduceLROnPlateau | null;
  private readonly norm: { mean: number; std: number } | null;
  /** The model's layers' ops called directly (same numbers, less overhead), when it has only known layers. */
  private readonly compiled: ForwardFn | null;
  private globalStep = 0;
  private epochsDone = 0;
  private lr: number;
  private momentum: number | null;
  private lrScale = 1;
  private firstLoss: number | null = null;
  /** EMA of the losses seen by the divergence check, and how many. */
  private lossEma: [number, number] = [0, 0];
  private disposed = false;

  constructor(opts: TrainerOptions) {
    this.opts = opts;
    const { model, data } = opts;
    checkInt('batchSize', opts.batchSize, 1);
    checkInt('seed', opts.seed, -(2 ** 31));
    this.divergeFactor = opts.divergeFactor ?? 10;
    if (!(this.divergeFactor > 1)) throw new SpecError('divergeFactor', 'must be > 1 (Infinity turns the check off)');
    this.checkEvery = checkInt('checkEvery', opts.checkEvery ?? 25, 1);
    this.evalBatchSize = checkInt('evalBatchSize', opts.evalBatchSize ?? 1000, 1);
    if (opts.unit !== undefined && opts.unit !== 'step' && opts.unit !== 'epoch') throw new SpecError('unit', 'must be step or epoch');
    if (data.train.n < 1) throw new SpecError('data.train', 'must have at least one row');

    this.model = model;
    this.compiled = compileForward(model);
    this.inputShape = modelInputShape(model, data.train);
    this.output = outputKind(model, data.train.numClasses);
    this.schedule = buildSchedule(opts.schedule, opts.optimizer.lr);
    this.unit = this.schedule.perEpoch ? 'epoch' : opts.unit ?? 'step';
    this.trainable = model.trainableWeights.map((w) => w.read() as tf.Variable);
    this.allWeights = model.weights.map((w) => w.read() as tf.Variable);

    this.plateau = opts.plateau ? new ReduceLROnPlateau({
      ...opts.plateau,
      mode: opts.plateau.mode ?? (opts.plateau.monitor === 'valAccuracy' ? 'max' : 'min'),
    }) : null;

    const firstBatch = opts.batchSchedule ? checkInt('batchSchedule(0)', opts.batchSchedule(0), 1) : opts.batchSize;
    this.order = new BatchOrder(data.train.n, firstBatch, opts.seed);
    // A distinct stream from the batch order's, so gradient-norm probes never shift the batches.
    this.rng = createRng((opts.seed ^ 0x5bd1e995) | 0);
    const normalize = opts.normalize ?? 'scalar';
    if (normalize !== 'scalar' && normalize !== 'none') throw new SpecError('normalize', 'must be scalar or none');
    this.norm = normalize === 'scalar' ? scalarStats(data.train.x) : null;

    // Tensors last, once every option has been checked, so a SpecError leaks nothing.
    this.lr = this.schedule.lr(0);
    this.optimizer = createOptimizer({ ...opts.optimizer, lr: this.lr });
    this.momentum = getMomentum(this.optimizer);
    if (this.schedule.momentum !== null) {
      if (this.momentum === null) {
        this.optimizer.dispose();
        throw new SpecError('schedule.cycleMomentum', `optimizer ${opts.optimizer.name} has no momentum to cycle; set cycleMomentum: false`);
      }
      this.applyMomentum(this.schedule.momentum(0));
    }
    this.train = upload(data.train, this.norm);
    this.val = upload(data.val, this.norm);
  }

  get stepsPerEpoch(): number {
    return this.order.stepsPerEpoch;
  }

  /** The learning rate the next step uses. */
  get learningRate(): number {
    return this.lr;
  }

  setLearningRate(lr: number): void {
    if (lr === this.lr) return;
    setLearningRate(this.optimizer, lr);
    this.lr = lr;
  }

  setMomentum(m: number): void {
    this.applyMomentum(m);
  }

  /** One step on the next batch with the current LR; reads its loss back (the range test needs every one). */
  async trainBatch(): Promise<number> {
    const { loss, correct } = this.step();
    correct.dispose();
    const v = (await loss.data())[0];
    loss.dispose();
    if (this.firstLoss === null) this.firstLoss = v;
    return v;
  }

  /** Mean loss and accuracy over the validation set, in forward passes of `evalBatchSize` rows. */
  async evaluate(): Promise<{ loss: number; accuracy: number }> {
    return this.evaluateSet(this.val);
  }

  /** The same over the training set (no update). */
  async evaluateTrain(): Promise<{ loss: number; accuracy: number }> {
    return this.evaluateSet(this.train);
  }

  /**
   * |g|² of the mean loss gradient over a fresh batch of `batchSize` training rows drawn without
   * replacement by the trainer's seeded generator — no update. Big batches are summed in chunks
   * of `evalBatchSize` rows (g = Σ_c (b_c/b)·g_c). For the gradient noise scale (McCandlish et al. 2018).
   */
  async gradientSquaredNorm(batchSize: number): Promise<number> {
    checkInt('batchSize', batchSize, 1);
    const n = this.train.n;
    if (batchSize > n) throw new SpecError('batchSize', `must be <= the training set size ${n}`);
    const pool = new Int32Array(n);
    for (let i = 0; i < n; i++) pool[i] = i;
    for (let i = 0; i < batchSize; i++) {
      const j = i + this.rng.int(n - i);
      const t = pool[i]; pool[i] = pool[j]; pool[j] = t;
    }
    let acc: tf.Tensor[] | null = null;
    for (let off = 0; off < batchSize; off += this.evalBatchSize) {
      const rows = pool.subarray(off, Math.min(batchSize, off + this.evalBatchSize));
      const weight = rows.length / batchSize;
      const prev: tf.Tensor[] | null = acc;
      acc = tf.tidy(() => {
        const idx = tf.tensor1d(rows, 'int32');
        const xb = tf.reshape(tf.gather(this.train.x, idx), [rows.length, ...this.inputShape]);
        const yb = tf.gather(this.train.oneHot, idx);
        const { grads } = tf.variableGrads(() => softmaxCrossEntropy(this.forward(xb, true), yb, this.output), this.trainable);
        return this.trainable.map((v, i) => {
          const g = grads[v.name] ? tf.mul(grads[v.name], weight) : tf.zerosLike(v);
          return prev ? tf.add(prev[i], g) : g;
        });
      });
      if (prev) tf.dispose(prev);
    }
    const sq = tf.tidy(() => tf.addN((acc as tf.Tensor[]).map((g) => tf.sum(tf.square(g)))));
    tf.dispose(acc as tf.Tensor[]);
    const v = (await sq.data())[0];
    sq.dispose();
    return v;
  }

  async snapshot(): Promise<TrainerSnapshot> {
    return {
      training: snapshotTraining(this.allWeights, this.optimizer),
      order: this.order.state(),
      rng: this.rng.state(),
      globalStep: this.globalStep,
      epochsDone: this.epochsDone,
      lr: this.lr,
      momentum: this.momentum,
      lrScale: this.lrScale,
      firstLoss: this.firstLoss,
      lossEma: [...this.lossEma],
      plateau: this.plateau ? this.plateau.state() : null,
    };
  }

  async restore(s: TrainerSnapshot): Promise<void> {
    restoreTraining(this.allWeights, this.optimizer, s.training);
    this.order.setState(s.order);
    this.rng.setState(s.rng);
    this.globalStep = s.globalStep;
    this.epochsDone = s.epochsDone;
    setLearningRate(this.optimizer, s.lr);
    this.lr = s.lr;
    if (s.momentum !== null) this.applyMomentum(s.momentum);
    this.lrScale = s.lrScale;
    this.firstLoss = s.firstLoss;
    this.lossEma = [...s.lossEma];
    if (this.plateau && s.plateau) this.plateau.setState(s.plateau);
  }

  disposeSnapshot(s: TrainerSnapshot): void {
    disposeSnapshot(s.training);
  }

  /**
   * Train `epochs` more epochs with the schedule. Per epoch: train loss/accuracy (running, over the
   * epoch's batches), validation loss/accuracy, time, samples/s, LR. Stops cleanly on divergence
   * or abort; the rows of finished epochs are kept.
   */
  async run(ro: RunOptions): Promise<TrainResult> {
    checkInt('epochs', ro.epochs, 0);
    const rows: EpochRow[] = [];
    let divergedAtStep: number | null = null;
    let aborted = false;
    const target = this.epochsDone + ro.epochs;
    while (this.epochsDone < target && divergedAtStep === null && !aborted) {
      const epoch = this.epochsDone;
      // Usually a whole epoch; less if trainBatch() left the order mid-epoch.
      const stepsInEpoch = this.order.stepsPerEpoch - this.order.stepInEpoch;
      const batchSize = this.order.batchSize;
      let lossSum = 0, correctSum = 0, samples = 0, steps = 0;
      let lastLoss: number | null = null;
      let rowsSeen = 0;
      let pending: { loss: tf.Scalar; correct: tf.Scalar; rows: number; step: number }[] = [];
      const start = performance.now();

      const drain = async (): Promise<void> => {
        if (pending.length === 0) return;
        const batch = pending;
        pending = [];
        const stacked = tf.tidy(() => tf.stack([...batch.map((p) => p.loss), ...batch.map((p) => p.correct)]));
        for (const p of batch) tf.dispose([p.loss, p.correct]);
        const v = await stacked.data();
        stacked.dispose();
        for (let i = 0; i < batch.length; i++) {
          const loss = v[i];
          if (divergedAtStep === null && this.isDivergent(loss)) divergedAtStep = batch[i].step;
          lossSum += loss * batch[i].rows;
          correctSum += v[batch.length + i];
          samples += batch[i].rows;
          lastLoss = loss;
        }
        // Let timers and signal handlers run (Ctrl-C, progress redraws): the loop is otherwise synchronous.
        await yieldToEventLoop();
      };

      while (steps < stepsInEpoch) {
        if (ro.signal?.aborted) { aborted = true; break; }
        const base = this.unit === 'step' ? this.globalStep : epoch;
        this.setLearningRate(this.schedule.lr(base) * this.lrScale);
        if (this.schedule.momentum) this.applyMomentum(this.schedule.momentum(base));
        const stepIndex = this.globalStep;
        const { loss, correct, rows: n } = this.step();
        pending.push({ loss, correct, rows: n, step: stepIndex });
        steps++;
        rowsSeen += n;
        if (pending.length >= this.checkEvery || steps === stepsInEpoch) await drain();
        if (divergedAtStep !== null) break;
        ro.onStep?.({
          epoch: epoch + 1, step: steps, stepsInEpoch, globalStep: this.globalStep, loss: lastLoss,
          samplesPerSecond: rowsSeen / ((performance.now() - start) / 1000),
        });
      }
      await drain();
      const seconds = (performance.now() - start) / 1000;
      if (divergedAtStep !== null || aborted) break;

      const evalStart = performance.now();
      const valMetrics = await this.evaluate();
      this.epochsDone++;
      if (this.opts.batchSchedule) this.order.setBatchSize(checkInt(`batchSchedule(${this.epochsDone})`, this.opts.batchSchedule(this.epochsDone), 1));
      const row: EpochRow = {
        epoch: this.epochsDone,
        lr: this.lr,
        trainLoss: lossSum / samples,
        trainAccuracy: correctSum / samples,
        valLoss: valMetrics.loss,
        valAccuracy: valMetrics.accuracy,
        seconds,
        samplesPerSecond: samples / seconds,
        evalSeconds: (performance.now() - evalStart) / 1000,
        batchSize,
        steps,
      };
      if (this.plateau) {
        const metric = this.opts.plateau?.monitor === 'valAccuracy' ? row.valAccuracy : row.valLoss;
        const next = this.plateau.step(metric, this.lr);
        if (next !== this.lr) this.lrScale *= next / this.lr;
      }
      rows.push(row);
      await ro.onEpoch?.(row);
    }
    return {
      config: this.config(),
      epochs: rows,
      final: rows.length > 0 ? rows[rows.length - 1] : null,
      diverged: divergedAtStep !== null,
      divergedAtStep,
      aborted,
      steps: this.globalStep,
    };
  }

  /** What the result records about this run: data, optimizer, schedule, seed, backend, versions. */
  config(): Record<string, unknown> {
    const { data, optimizer, batchSize, seed, plateau } = this.opts;
    return {
      ...this.opts.config,
      data: data.name,
      trainSize: data.train.n,
      valSize: data.val.n,
      optimizer,
      batchSize: this.opts.batchSchedule ? this.opts.batchSchedule(0) : batchSize,
      schedule: this.schedule.spec,
      scheduleUnit: this.unit,
      divergeFactor: Number.isFinite(this.divergeFactor) ? this.divergeFactor : null,
      plateau: plateau ?? null,
      normalize: this.norm ? { mode: 'scalar', ...this.norm } : 'none',
      seed,
      backend: tf.getBackend(),
      version: VERSION,
      tfjsVersion: tf.version_core,
    };
  }

  /** Free the uploaded data and the optimizer's state (the model stays the caller's). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    tf.dispose([this.train.x, this.train.oneHot, this.train.labels, this.val.x, this.val.oneHot, this.val.labels]);
    this.optimizer.dispose();
  }

  /** Feed one step's loss to the divergence check (see `divergeFactor`); true when it fires. */
  private isDivergent(loss: number): boolean {
    if (!Number.isFinite(loss)) return true;
    if (this.firstLoss === null) this.firstLoss = loss;
    const [ema, k] = this.lossEma;
    const next = 0.9 * ema + 0.1 * loss;
    this.lossEma = [next, k + 1];
    const smoothed = next / (1 - 0.9 ** (k + 1));
    return smoothed > this.divergeFactor * Math.max(this.firstLoss, Math.log(this.opts.data.train.numClasses));
  }

  private applyMomentum(m: number): void {
    if (m === this.momentum) return;
    setMomentum(this.optimizer, m);
    this.momentum = m;
  }

  private forward(x: tf.Tensor, training: boolean): tf.Tensor {
    // The compiled layers behave the same in training and inference (no dropout, no batch norm).
    return this.compiled ? this.compiled(x) : (this.model.apply(x, { training }) as tf.Tensor);
  }

  /** One optimizer step; returns the batch's loss and number correct, still on the device. */
  private step(): { loss: tf.Scalar; correct: tf.Scalar; rows: number } {
    const rows = this.order.next();
    let correct: tf.Scalar | null = null;
    const { value, grads } = tf.tidy(() => {
      const idx = tf.tensor1d(rows, 'int32');
      const xb = tf.reshape(tf.gather(this.train.x, idx), [rows.length, ...this.inputShape]);
      const yb = tf.gather(this.train.oneHot, idx);
      const labels = tf.gather(this.train.labels, idx);
      return tf.variableGrads(() => {
        const out = this.forward(xb, true);
        correct = tf.keep(correctCount(out, labels));
        return softmaxCrossEntropy(out, yb, this.output);
      }, this.trainable);
    });
    this.optimizer.applyGradients(grads);
    tf.dispose(Object.values(grads));
    this.globalStep++;
    return { loss: value, correct: correct as unknown as tf.Scalar, rows: rows.length };
  }

  private async evaluateSet(set: DeviceSet): Promise<{ loss: number; accuracy: number }> {
    if (set.n === 0) return { loss: NaN, accuracy: NaN };
    let sums: tf.Tensor | null = null;
    const d = set.x.shape[1];
    for (let off = 0; off < set.n; off += this.evalBatchSize) {
      const b = Math.min(this.evalBatchSize, set.n - off);
      const prev: tf.Tensor | null = sums;
      sums = tf.tidy(() => {
        const xb = tf.reshape(tf.slice(set.x, [off, 0], [b, d]), [b, ...this.inputShape]);
        const out = this.forward(xb, false);
        const loss = tf.mul(softmaxCrossEntropy(out, tf.slice(set.oneHot, [off, 0], [b, -1]), this.output), b);
        const part = tf.stack([loss, correctCount(out, tf.slice(set.labels, [off], [b]))]);
        return prev ? tf.add(prev, part) : part;
      });
      prev?.dispose();
    }
    const v = await (sums as tf.Tensor).data();
    (sums as tf.Tensor).dispose();
    return { loss: v[0] / set.n, accuracy: v[1] / set.n };
  }
}

/** One macrotask turn: setImmediate in Node, setTimeout(0) where it does not exist (browsers). */
function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
  return new Promise<void>((resolve) => (g.setImmediate ? g.setImmediate(resolve) : setTimeout(resolve, 0)));
}

/** Mean and standard deviation over every feature value (σ = 1 when all values are equal). */
function scalarStats(x: Float32Array): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i];
  const mean = x.length > 0 ? sum / x.length : 0;
  let sq = 0;
  for (let i = 0; i < x.length; i++) sq += (x[i] - mean) ** 2;
  const std = x.length > 0 ? Math.sqrt(sq / x.length) : 1;
  return { mean, std: std > 0 ? std : 1 };
}

function upload(ds: Dataset, norm: { mean: number; std: number } | null): DeviceSet {
  const d = ds.featureShape.reduce((a, b) => a * b, 1);
  let x = ds.x;
  if (norm) {
    // On the JS side, so the temporary copy is garbage-collected (the wasm heap never shrinks).
    x = new Float32Array(ds.x.length);
    for (let i = 0; i < x.length; i++) x[i] = (ds.x[i] - norm.mean) / norm.std;
  }
  return tf.tidy(() => {
    const labels = tf.tensor1d(ds.y, 'int32');
    return {
      x: tf.tensor2d(x, [ds.n, d]),
      oneHot: tf.cast(tf.oneHot(labels, ds.numClasses), 'float32') as tf.Tensor2D,
      labels,
      n: ds.n,
    };
  });
}

/** The model's per-example input shape, checked against the data's feature size. */
function modelInputShape(model: tfl.LayersModel, ds: Dataset): number[] {
  const shape = model.inputs[0].shape.slice(1);
  const features = ds.featureShape.reduce((a, b) => a * b, 1);
  const resolved = shape.every((s) => s !== null) ? (shape as number[]) : ds.featureShape;
  const size = resolved.reduce((a, b) => a * b, 1);
  if (size !== features) {
    throw new SpecError('model', `expects inputs of shape [${shape.join(', ')}] (${size} values) but the data has ${features} features per row`);
  }
  return resolved;
}

/** Logits or probabilities, from the last layer's activation; the width must equal the number of classes. */
function outputKind(model: tfl.LayersModel, numClasses: number): OutputKind {
  const width = model.outputs[0].shape[model.outputs[0].shape.length - 1];
  if (width !== numClasses) throw new SpecError('model', `outputs ${width} values per row but the data has ${numClasses} classes`);
  const last = model.layers[model.layers.length - 1];
  const act = (last.getConfig() as { activation?: unknown }).activation;
  return act === 'softmax' || last.getClassName() === 'Softmax' ? 'probabilities' : 'logits';
}

function buildSchedule(s: ScheduleInput | undefined, lr: number): ResolvedSchedule {
  if (s === undefined || typeof s === 'number') {
    const v = s ?? lr;
    if (!Number.isFinite(v) || v < 0) throw new SpecError(s === undefined ? 'optimizer.lr' : 'schedule', 'must be a finite number >= 0');
    return { lr: () => v, momentum: null, spec: { type: 'constant', lr: v }, perEpoch: false };
  }
  return resolveSchedule(s);
}

function checkInt(path: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new SpecError(path, `must be an integer >= ${min}`);
  return v;
}
