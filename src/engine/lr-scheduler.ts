import * as tfl from '@tensorflow/tfjs-layers';
import { resolveSchedule, type ResolvedSchedule, type ScheduleLike } from '../core/schedules/resolve.js';
import { SpecError } from '../core/spec-error.js';
import { setLearningRate, setMomentum } from './optimizers/index.js';

export interface LrSchedulerOptions {
  /**
   * `batch` (default): the schedule counts optimizer steps — step t is the t-th batch since this
   * callback was created (it keeps counting across `fit` calls), as lrlab's schedules count them.
   * `epoch`: the schedule counts epochs, step = fit's epoch index (including `initialEpoch`);
   * a spec with `"unit": "epoch"` always counts epochs.
   */
  unit?: 'batch' | 'epoch';
  /** First step of the count for `unit: 'batch'` (to resume). Default 0. */
  initialStep?: number;
}

/**
 * A tfjs callback for `model.fit` that sets the optimizer's learning rate (and momentum / Adam's
 * beta1 when the schedule cycles it) from a schedule before every batch or epoch, through
 * lrlab's `setLearningRate`, which works on every tfjs optimizer class (assigning
 * `optimizer.learningRate` does nothing for SGD and Momentum). It also adds `lr` to the epoch logs.
 *
 * @example
 * await model.fit(x, y, { epochs: 10, batchSize: 128,
 *   callbacks: [lrScheduler({ type: 'onecycle', maxLr: 0.1, totalSteps: 4690 })] });
 *
 * Note: tfjs only accepts an array of callback objects when the first one is a callback instance;
 * wrap plain `{onEpochEnd…}` objects in `new tf.CustomCallback(…)` to mix them with this one.
 */
export class LrScheduler extends tfl.Callback {
  readonly unit: 'batch' | 'epoch';
  private readonly schedule: ResolvedSchedule;
  private step: number;
  /** The learning rate set most recently. */
  lastLr = NaN;

  constructor(schedule: ScheduleLike, opts: LrSchedulerOptions = {}) {
    super();
    this.schedule = resolveSchedule(schedule);
    this.unit = this.schedule.perEpoch ? 'epoch' : opts.unit ?? 'batch';
    if (this.unit !== 'batch' && this.unit !== 'epoch') throw new SpecError('unit', 'must be batch or epoch');
    this.step = opts.initialStep ?? 0;
    if (!Number.isInteger(this.step) || this.step < 0) throw new SpecError('initialStep', 'must be an integer >= 0');
  }

  /** Batches counted so far (the step the next batch uses). */
  get stepCount(): number {
    return this.step;
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
    const opt = this.model.optimizer;
    if (!opt) throw new Error('lrScheduler: the model has no optimizer (compile it first)');
    const lr = this.schedule.lr(t);
    setLearningRate(opt, lr);
    this.lastLr = lr;
    if (this.schedule.momentum) setMomentum(opt, this.schedule.momentum(t));
  }
}

/** Factory for {@link LrScheduler}: `model.fit(x, y, {callbacks: [lrScheduler(spec, {unit: 'batch'})]})`. */
export function lrScheduler(schedule: ScheduleLike, opts: LrSchedulerOptions = {}): LrScheduler {
  return new LrScheduler(schedule, opts);
}
