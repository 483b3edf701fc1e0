import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
// tfjs-core's Node bundle registers no gradients; loading tfjs-layers registers all of them.
import '@tensorflow/tfjs-layers';
import { createRng } from '../../core/random.js';
import { resolveSchedule } from '../../core/schedules/resolve.js';
import { SpecError } from '../../core/spec-error.js';
import type { StepTrainer } from '../../core/trainer.js';
// The pure module, not data/index.js: the browser lab runs this trainer in a Web Worker.
import { BatchOrder } from '../../data/batch-order.js';
import { VERSION } from '../../version.js';
import { correctCount, softmaxCrossEntropy } from '../losses.js';
import { compileForward, type ForwardFn } from '../models.js';
import { adaptedStepSize, withEvalWeights } from '../optimizers/index.js';
import { disposeSnapshot, restoreTraining, snapshotTraining } from '../snapshot.js';
import { activeAdapter } from '../webgpu.js';
import { checkInt, modelInputShape, outputKind } from './checks.js';
import { disposeDeviceSet, featureStats, scalarStats, upload, type DeviceSet, type FeatureStats } from './device-data.js';
import { DivergenceCheck } from './divergence.js';
import { evaluateSet, type ModelView } from './evaluate.js';
import { gradientSquaredNorm } from './gradient-norms.js';
import { LearningRate } from './learning-rate.js';
import type { EpochRow, RunOptions, TrainerOptions, TrainerSnapshot, TrainResult } from './types.js';

/**
 * lrlab's training loop (not `model.fit`): per step it gathers the batch rows from data uploaded
 * once, sets the scheduled LR (and momentum), computes loss and gradients with `tf.variableGrads`
 * inside one tidy and applies them. Losses stay on the device and are read back every
 * `checkEvery` steps in one transfer; the divergence check runs on those values, so it costs no
 * extra synchronisation. It is also a {@link StepTrainer}, for the LR range test.
 *
 * The Trainer owns the learning rate: it builds `schedule` once and creates the optimizer with
 * the schedule's step-0 value; `run` follows the schedule (scaled by any plateau reductions).
 *
 * Same seed, model weights and data → bitwise identical losses, accuracies and weights.
 *
 * @example
 * const t = new Trainer({ model, optimizer: { name: 'sgd' }, schedule: 0.1, data, batchSize: 128, seed: 0 });
 * const result = await t.run({ epochs: 3 });
 * t.dispose();
 */
/**
 * Rows of the held-out batch of `heldOutLoss`. The same rows every call, so the recorded curve
 * has no batch-to-batch sampling noise whatever their number; 256 keeps the extra forward pass
 * cheap (at batch 64 it costs about a third of a training step per 64 rows: ≈ 1.3 steps).
 */
export const HELD_OUT_ROWS = 256;

export class Trainer implements StepTrainer<TrainerSnapshot> {
  readonly model: tfl.LayersModel;
  readonly optimizer: tf.Optimizer;
  private readonly opts: TrainerOptions;
  private readonly trainable: tf.Variable[];
  private readonly allWeights: tf.Variable[];
  private readonly view: ModelView;
  private readonly train: DeviceSet;
  private readonly val: DeviceSet;
  private readonly order: BatchOrder;
  private readonly rng;
  /** The schedule, the optimizer it drives and plateau reductions. */
  private readonly lr: LearningRate;
  private readonly divergeFactor: number;
  /** The schedule as the result records it (the resolved spec). */
  private readonly recordedSchedule: unknown;
  private readonly divergence: DivergenceCheck;
  private readonly checkEvery: number;
  private readonly evalBatchSize: number;
  private readonly norm: { mean: number; std: number } | FeatureStats | null;
  private readonly normMode: 'scalar' | 'feature' | 'none';
  /** The model's layers' ops called directly (same numbers, less overhead), when it has only known layers. */
  private readonly compiled: ForwardFn | null;
  private globalStep = 0;
  private epochsDone = 0;
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
    if (data.train.n < 1) throw new SpecError('data.train', 'must have at least one row');
    if (opts.optimizer === null || typeof opts.optimizer !== 'object') throw new SpecError('optimizer', 'must be {name, …hyper-parameters}');
    if ('lr' in opts.optimizer) throw new SpecError('optimizer.lr', 'is not an optimizer setting: the learning rate is `schedule`');
    if (opts.schedule === undefined) throw new SpecError('schedule', 'is required: a learning rate (number) or a schedule spec');

    this.model = model;
    this.compiled = compileForward(model);
    this.view = {
      // The compiled layers behave the same in training and inference (no dropout, no batch norm).
      forward: (x, training) => (this.compiled ? this.compiled(x) : (this.model.apply(x, { training }) as tf.Tensor)),
      inputShape: modelInputShape(model, data.train),
      output: outputKind(model, data.train.numClasses),
    };
    const schedule = resolveSchedule(opts.schedule);
    this.divergence = new DivergenceCheck(this.divergeFactor, Math.log(data.train.numClasses));
    this.trainable = model.trainableWeights.map((w) => w.read() as tf.Variable);
    this.allWeights = model.weights.map((w) => w.read() as tf.Variable);

    const firstBatch = opts.batchSchedule ? checkInt('batchSchedule(0)', opts.batchSchedule(0), 1) : opts.batchSize;
    this.order = new BatchOrder(data.train.n, firstBatch, opts.seed);
    // A distinct stream from the batch order's, so gradient-norm probes never shift the batches.
    this.rng = createRng((opts.seed ^ 0x5bd1e995) | 0);
    const normalize = opts.normalize ?? 'scalar';
    if (normalize !== 'scalar' && normalize !== 'feature' && normalize !== 'none') throw new SpecError('normalize', 'must be scalar, feature or none');
    this.normMode = normalize;
    this.norm = normalize === 'scalar' ? scalarStats(data.train.x)
      : normalize === 'feature' ? featureStats(data.train.x, data.train.featureShape.reduce((a, b) => a * b, 1)) : null;

    // Tensors last, once every option has been checked, so a SpecError leaks nothing.
    this.lr = new LearningRate(schedule, opts.optimizer, opts.plateau);
    this.optimizer = this.lr.optimizer;
    this.recordedSchedule = schedule.spec;
    this.train = upload(data.train, this.norm);
    this.val = upload(data.val, this.norm);
  }

  get stepsPerEpoch(): number {
    return this.order.stepsPerEpoch;
  }

  /** The learning rate the next step uses. */
  get learningRate(): number {
    return this.lr.current;
  }

  /** Set the LR of the next steps (the range test sweeps it); `run` sets it from the schedule again. */
  setLearningRate(lr: number): void {
    this.lr.set(lr);
  }

  setMomentum(m: number): void {
    this.lr.setMomentum(m);
  }

  /** One step on the next batch with the current LR; reads its loss back (the range test needs every one). */
  async trainBatch(): Promise<number> {
    const { loss, correct } = this.step();
    correct.dispose();
    const v = (await loss.data())[0];
    loss.dispose();
    this.divergence.noteLoss(v);
    return v;
  }

  /**
   * Mean loss and accuracy over the validation set, in forward passes of `evalBatchSize` rows, at
   * the weights the optimizer evaluates (schedule-free: its average x; the training weights are
   * back afterwards, bitwise).
   */
  async evaluate(): Promise<{ loss: number; accuracy: number }> {
    return withEvalWeights(this.optimizer, () => evaluateSet(this.val, this.view, this.evalBatchSize));
  }

  /**
   * Mean loss over the first min(HELD_OUT_ROWS = 256, n) validation rows, the same rows every call, without
   * training (the range test's `valLoss` mode); NaN without validation rows.
   */
  async heldOutLoss(): Promise<number> {
    const rows = Math.min(HELD_OUT_ROWS, this.val.n);
    const r = await withEvalWeights(this.optimizer, () => evaluateSet({ ...this.val, n: rows }, this.view, rows || 1));
    return r.loss;
  }

  /** The same over the training set (no update). */
  async evaluateTrain(): Promise<{ loss: number; accuracy: number }> {
    return withEvalWeights(this.optimizer, () => evaluateSet(this.train, this.view, this.evalBatchSize));
  }

  /** |g|² of the mean loss gradient over a fresh random batch of `batchSize` training rows — no update (see gradient-norms.ts). */
  async gradientSquaredNorm(batchSize: number): Promise<number> {
    return gradientSquaredNorm({ ...this.view, train: this.train, trainable: this.trainable, rng: this.rng, chunk: this.evalBatchSize }, batchSize);
  }

  async snapshot(): Promise<TrainerSnapshot> {
    return {
      training: snapshotTraining(this.allWeights, this.optimizer),
      order: this.order.state(),
      rng: this.rng.state(),
      globalStep: this.globalStep,
      epochsDone: this.epochsDone,
      ...this.lr.state(),
      divergence: this.divergence.state(),
    };
  }

  async restore(s: TrainerSnapshot): Promise<void> {
    restoreTraining(this.allWeights, this.optimizer, s.training);
    this.order.setState(s.order);
    this.rng.setState(s.rng);
    this.globalStep = s.globalStep;
    this.epochsDone = s.epochsDone;
    this.lr.setState(s);
    this.divergence.setState(s.divergence);
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
          if (divergedAtStep === null && this.divergence.push(loss)) divergedAtStep = batch[i].step;
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
        this.lr.follow(epoch, this.globalStep);
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
      const d = await adaptedStepSize(this.optimizer);
      const row: EpochRow = {
        epoch: this.epochsDone,
        lr: this.lr.current,
        ...(d !== null ? { d } : {}),
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
      this.lr.endEpoch(row);
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

  /** What the result records about this run: data, optimizer settings, schedule, seed, backend, versions. */
  config(): Record<string, unknown> {
    const { data, optimizer, batchSize, seed, plateau } = this.opts;
    return {
      ...this.opts.config,
      data: data.name,
      trainSize: data.train.n,
      valSize: data.val.n,
      optimizer,
      batchSize: this.opts.batchSchedule ? this.opts.batchSchedule(0) : batchSize,
      schedule: this.recordedSchedule,
      divergeFactor: Number.isFinite(this.divergeFactor) ? this.divergeFactor : null,
      plateau: plateau ?? null,
      normalize: this.norm ? { mode: this.normMode, ...this.norm } : 'none',
      seed,
      backend: tf.getBackend(),
      adapter: activeAdapter(),
      version: VERSION,
      tfjsVersion: tf.version_core,
    };
  }

  /** Free the uploaded data and the optimizer's state (the model stays the caller's). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeDeviceSet(this.train);
    disposeDeviceSet(this.val);
    this.optimizer.dispose();
  }

  /** One optimizer step; returns the batch's loss and number correct, still on the device. */
  private step(): { loss: tf.Scalar; correct: tf.Scalar; rows: number } {
    const rows = this.order.next();
    let correct: tf.Scalar | null = null;
    const { forward, inputShape, output } = this.view;
    const { value, grads } = tf.tidy(() => {
      const idx = tf.tensor1d(rows, 'int32');
      const xb = tf.reshape(tf.gather(this.train.x, idx), [rows.length, ...inputShape]);
      const yb = tf.gather(this.train.oneHot, idx);
      const labels = tf.gather(this.train.labels, idx);
      return tf.variableGrads(() => {
        const out = forward(xb, true);
        correct = tf.keep(correctCount(out, labels));
        return softmaxCrossEntropy(out, yb, output);
      }, this.trainable);
    });
    this.optimizer.applyGradients(grads);
    tf.dispose(Object.values(grads));
    this.globalStep++;
    return { loss: value, correct: correct as unknown as tf.Scalar, rows: rows.length };
  }
}

/** One macrotask turn: setImmediate in Node, setTimeout(0) where it does not exist (browsers). */
function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
  return new Promise<void>((resolve) => (g.setImmediate ? g.setImmediate(resolve) : setTimeout(resolve, 0)));
}
