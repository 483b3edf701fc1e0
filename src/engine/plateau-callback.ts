import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ReduceLROnPlateau, type PlateauOptions } from '../core/plateau.js';
import { SpecError } from '../core/spec-error.js';
import { checkedOptimizer } from './callback-checks.js';
import { schedulerOf } from './lr-scheduler.js';
import { getLearningRate, setLearningRate } from './optimizers/index.js';

/** Options of {@link reduceLROnPlateau}: core's {@link PlateauOptions} plus what to watch. */
export interface PlateauCallbackOptions extends Omit<PlateauOptions, 'mode'> {
  /** The epoch-log entry to watch, as tfjs names it (`val_loss`, `loss`, `val_acc`…). Default `val_loss`. */
  monitor?: string;
  /**
   * `min`: smaller is better; `max`: larger is better; `auto` (default, Keras' rule): `max` when
   * the monitored name contains `acc`, else `min`.
   */
  mode?: 'min' | 'max' | 'auto';
}

/**
 * A tfjs callback for `model.fit` that lowers the learning rate when a metric stops improving:
 * Keras' `ReduceLROnPlateau` callback with PyTorch's rule, on lrlab's pure controller
 * (`core/plateau.ts`, the same one the Trainer and the CLI's `--plateau-*` use). At each
 * epoch's end it reads `logs[monitor]`; after more than `patience` epochs without an improvement
 * beyond `threshold` it multiplies the LR by `factor` (never below `minLr`), then waits
 * `cooldown` epochs before counting again. It adds `lr` to the epoch logs.
 *
 * With an `lrScheduler` on the same `fit`, a cut scales that schedule (every later value is
 * multiplied by the cut, so the schedule goes on at the lower level) instead of being undone by
 * it at the next batch; `minLr` bounds the LR at the moment of the cut. Alone, it sets the
 * optimizer's LR directly (through lrlab's `setLearningRate`, which works for every tfjs optimizer).
 *
 * Defaults (PyTorch's): monitor val_loss, mode auto, factor 0.1, patience 10, threshold 1e-4
 * (rel), cooldown 0, minLr 0, eps 1e-8. A monitored value missing from the logs is an error that
 * lists the ones present (e.g. no validation data for `val_loss`).
 *
 * @example
 * await model.fit(x, y, { epochs: 50, validationSplit: 0.2,
 *   callbacks: [reduceLROnPlateau({ monitor: 'val_loss', factor: 0.5, patience: 3 })] });
 */
export class PlateauCallback extends tfl.Callback {
  readonly monitor: string;
  readonly controller: ReduceLROnPlateau;
  /** The learning rate after the most recent epoch (NaN before the first). */
  lastLr = NaN;

  constructor(opts: PlateauCallbackOptions = {}) {
    super();
    const { monitor = 'val_loss', mode = 'auto', ...rest } = opts;
    if (typeof monitor !== 'string' || monitor === '') throw new SpecError('monitor', 'must be the name of an epoch-log entry, e.g. val_loss');
    if (mode !== 'auto' && mode !== 'min' && mode !== 'max') throw new SpecError('mode', 'must be one of min|max|auto');
    this.monitor = monitor;
    this.controller = new ReduceLROnPlateau({ ...rest, mode: mode === 'auto' ? (monitor.includes('acc') ? 'max' : 'min') : mode });
  }

  override async onTrainBegin(): Promise<void> {
    checkedOptimizer('reduceLROnPlateau', this, PlateauCallback, this.model);
  }

  override async onEpochEnd(_epoch: number, logs?: tfl.Logs): Promise<void> {
    const opt = checkedOptimizer('reduceLROnPlateau', this, PlateauCallback, this.model);
    const value = await logValue(logs?.[this.monitor]);
    if (value === undefined) {
      const have = Object.keys(logs ?? {}).join(', ') || 'none';
      throw new SpecError('monitor', `'${this.monitor}' is not in the epoch logs (present: ${have}); give fit validation data for val_* entries`);
    }
    const lr = getLearningRate(opt);
    const next = this.controller.step(value, lr);
    if (next !== lr) {
      const scheduler = schedulerOf(this.model);
      if (scheduler) scheduler.scale *= next / lr;
      else setLearningRate(opt, next);
    }
    this.lastLr = next;
    if (logs) logs.lr = next;
  }
}

/** A log entry as a number: tfjs hands tf.Callback hooks its metrics as scalar tensors. */
async function logValue(v: unknown): Promise<number | undefined> {
  if (typeof v === 'number') return v;
  if (v instanceof tf.Tensor && v.size === 1) return (await v.data())[0];
  return undefined;
}

/** Factory for {@link PlateauCallback}: `callbacks: [reduceLROnPlateau({ patience: 3 })]`. */
export function reduceLROnPlateau(opts: PlateauCallbackOptions = {}): PlateauCallback {
  return new PlateauCallback(opts);
}
