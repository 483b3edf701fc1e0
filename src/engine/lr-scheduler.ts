import * as tfl from '@tensorflow/tfjs-layers';
import { resolveSchedule, type ResolvedSchedule, type ScheduleLike } from '../core/schedules/resolve.js';
import type { ScheduleSpec } from '../core/schedules/spec.js';
import { SpecError } from '../core/spec-error.js';
import { checkedOptimizer, fitStepsPerEpoch } from './callback-checks.js';
import { getMomentum, setLearningRate, setMomentum } from './optimizers/index.js';

export interface LrSchedulerOptions {
  /**
   * `batch` (default): the schedule counts optimizer steps — step t is the t-th batch of the
   * training, as lrlab's schedules count them; it keeps counting across `fit` calls, and a `fit`
   * with `initialEpoch` > 0 continues at step `initialEpoch × steps per epoch`.
   * `epoch`: the schedule counts epochs, step = fit's epoch index (including `initialEpoch`);
   * a spec with `"unit": "epoch"` always counts epochs.
   */
  unit?: 'batch' | 'epoch';
  /**
   * First step of the count for `unit: 'batch'`, to resume by hand. When given, it wins over
   * `initialEpoch`: the count starts here and keeps counting across `fit` calls. Default: 0, or
   * `initialEpoch × steps per epoch` of a resumed `fit`.
   */
  initialStep?: number;
}

/** The scheduler running on each model, so a plateau callback on the same `fit` can scale it. */
const RUNNING = new WeakMap<object, LrScheduler>();

/** The LrScheduler driving `model`'s learning rate in the current `fit`, if any. */
export function schedulerOf(model: object): LrScheduler | undefined {
  return RUNNING.get(model);
}

/**
 * A tfjs callback for `model.fit` that sets the optimizer's learning rate (and momentum / Adam's
 * beta1 when the schedule cycles it) from a schedule before every batch or epoch, through
 * lrlab's `setLearningRate`, which works on every tfjs optimizer class (assigning
 * `optimizer.learningRate` does nothing for SGD and Momentum). It also adds `lr` to the epoch logs.
 *
 * Checked when training begins: a schedule that cycles momentum (`onecycle`, `cyclic`) needs an
 * optimizer with momentum or beta1 (tf.train.momentum, adam…); with tf.train.sgd, adagrad or
 * adadelta it stops with an error that says to add `"cycleMomentum": false` to the spec.
 *
 * @example
 * await model.fit(x, y, { epochs: 10, batchSize: 128,
 *   callbacks: [lrScheduler({ type: 'onecycle', maxLr: 0.1, totalSteps: 4690 })] });
 *
 * Note: tfjs only accepts an array of callback objects when the first one is a callback instance;
 * put this one first, or wrap plain `{onEpochEnd…}` objects in `new tf.CustomCallback(…)`.
 */
export class LrScheduler extends tfl.Callback {
  readonly unit: 'batch' | 'epoch';
  private readonly schedule: ResolvedSchedule;
  private readonly fixedStart: boolean;
  private step: number;
  /** The learning rate set most recently. */
  lastLr = NaN;
  /**
   * Multiplier on every learning rate the schedule gives (1 by default); `reduceLROnPlateau`
   * lowers it on a plateau, so the schedule goes on at the reduced level.
   */
  scale = 1;

  /** `schedule`: a number, a spec (e.g. `lrFind`'s `recommendedSchedule`), a function of the step, or `{lr, momentum}` functions. */
  constructor(schedule: ScheduleLike | ScheduleSpec, opts: LrSchedulerOptions = {}) {
    super();
    // Spec interfaces (such as the recommended warmup-cosine) carry no index signature, which
    // ScheduleLike's plain-object member needs; resolveSchedule validates every spec anyway.
    this.schedule = resolveSchedule(schedule as ScheduleLike);
    this.unit = this.schedule.perEpoch ? 'epoch' : opts.unit ?? 'batch';
    if (this.unit !== 'batch' && this.unit !== 'epoch') throw new SpecError('unit', 'must be batch or epoch');
    this.fixedStart = opts.initialStep !== undefined;
    this.step = opts.initialStep ?? 0;
    if (!Number.isInteger(this.step) || this.step < 0) throw new SpecError('initialStep', 'must be an integer >= 0');
  }

  /** Batches counted so far (the step the next batch uses). */
  get stepCount(): number {
    return this.step;
  }

  override async onTrainBegin(): Promise<void> {
    const opt = checkedOptimizer('lrScheduler', this, LrScheduler, this.model);
    if (this.schedule.momentum && getMomentum(opt) === null) {
      throw new SpecError('momentum', `the schedule cycles momentum, but optimizer ${opt.getClassName()} has none: add "cycleMomentum": false to the spec, or compile with tf.train.momentum(lr, 0.9) or tf.train.adam(lr)`);
    }
    const initialEpoch = Number(this.params?.initialEpoch ?? 0);
    if (this.unit === 'batch' && !this.fixedStart && initialEpoch > 0) {
      const spe = fitStepsPerEpoch(this.params);
      if (spe === null) throw new SpecError('initialStep', `is needed to resume at initialEpoch ${initialEpoch}: this fit does not say its steps per epoch`);
      this.step = initialEpoch * spe;
    }
    RUNNING.set(this.model, this);
  }

  override async onTrainEnd(): Promise<void> {
    if (RUNNING.get(this.model) === this) RUNNING.delete(this.model);
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    if (this.unit === 'epoch') this.apply(epoch);
  }

  override async onBatchBegin(): Promise<void> {
    if (this.unit === 'batch') this.apply(this.step);
  }

  override async onBatchEnd(): Promise<void> {
    this.step++;
  }

  override async onEpochEnd(_epoch: number, logs?: tfl.Logs): Promise<void> {
    if (logs) logs.lr = this.lastLr;
  }

  private apply(t: number): void {
    const opt = checkedOptimizer('lrScheduler', this, LrScheduler, this.model);
    const lr = this.schedule.lr(t) * this.scale;
    setLearningRate(opt, lr);
    this.lastLr = lr;
    if (this.schedule.momentum) setMomentum(opt, this.schedule.momentum(t));
  }
}

/** Factory for {@link LrScheduler}: `model.fit(x, y, {callbacks: [lrScheduler(spec, {unit: 'batch'})]})`. */
export function lrScheduler(schedule: ScheduleLike | ScheduleSpec, opts: LrSchedulerOptions = {}): LrScheduler {
  return new LrScheduler(schedule, opts);
}
