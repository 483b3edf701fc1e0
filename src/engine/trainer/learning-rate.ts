import type * as tf from '@tensorflow/tfjs-core';
import { ReduceLROnPlateau, type PlateauState } from '../../core/plateau.js';
import type { ResolvedSchedule } from '../../core/schedules/resolve.js';
import { SpecError } from '../../core/spec-error.js';
import { createOptimizer, getMomentum, setLearningRate, setMomentum } from '../optimizers/index.js';
import type { OptimizerSettings, TrainerOptions } from './types.js';

/** What a trainer snapshot keeps of the learning rate. */
export interface LearningRateState {
  lr: number;
  momentum: number | null;
  lrScale: number;
  plateau: PlateauState | null;
}

/**
 * The one owner of a trainer's learning rate: the schedule, built once, the optimizer it drives
 * (created with the schedule's step-0 value), and the plateau reductions, kept as a scale on the
 * schedule. Nothing else sets the optimizer's LR or momentum.
 */
export class LearningRate {
  readonly optimizer: tf.Optimizer;
  private lr: number;
  private momentum: number | null;
  private lrScale = 1;
  private readonly plateau: ReduceLROnPlateau | null;
  private readonly monitor: 'valLoss' | 'valAccuracy';

  /** Checks the plateau options before creating the optimizer, so a SpecError leaks no tensor. */
  constructor(private readonly schedule: ResolvedSchedule, settings: OptimizerSettings, plateau: TrainerOptions['plateau']) {
    this.monitor = plateau?.monitor ?? 'valLoss';
    this.plateau = plateau ? new ReduceLROnPlateau({
      ...plateau,
      mode: plateau.mode ?? (plateau.monitor === 'valAccuracy' ? 'max' : 'min'),
    }) : null;
    this.lr = schedule.lr(0);
    this.optimizer = createOptimizer({ ...settings, lr: this.lr });
    this.momentum = getMomentum(this.optimizer);
    if (schedule.momentum !== null) {
      if (this.momentum === null) {
        this.optimizer.dispose();
        throw new SpecError('schedule.cycleMomentum', `optimizer ${settings.name} has no momentum to cycle; set cycleMomentum: false`);
      }
      this.setMomentum(schedule.momentum(0));
    }
  }

  /** The learning rate the next step uses. */
  get current(): number {
    return this.lr;
  }

  set(lr: number): void {
    if (lr === this.lr) return;
    setLearningRate(this.optimizer, lr);
    this.lr = lr;
  }

  setMomentum(m: number): void {
    if (m === this.momentum) return;
    setMomentum(this.optimizer, m);
    this.momentum = m;
  }

  /** Before a step of `run`: the schedule's values at the step (or at the epoch, for a per-epoch schedule). */
  follow(epoch: number, globalStep: number): void {
    const at = this.schedule.perEpoch ? epoch : globalStep;
    this.set(this.schedule.lr(at) * this.lrScale);
    if (this.schedule.momentum) this.setMomentum(this.schedule.momentum(at));
  }

  /** After an epoch's evaluation: a plateau of the monitored metric scales the schedule down. */
  endEpoch(metrics: { valLoss: number; valAccuracy: number }): void {
    if (!this.plateau) return;
    const next = this.plateau.step(this.monitor === 'valAccuracy' ? metrics.valAccuracy : metrics.valLoss, this.lr);
    if (next !== this.lr) this.lrScale *= next / this.lr;
  }

  state(): LearningRateState {
    return { lr: this.lr, momentum: this.momentum, lrScale: this.lrScale, plateau: this.plateau ? this.plateau.state() : null };
  }

  setState(s: LearningRateState): void {
    setLearningRate(this.optimizer, s.lr);
    this.lr = s.lr;
    if (s.momentum !== null) this.setMomentum(s.momentum);
    this.lrScale = s.lrScale;
    if (this.plateau && s.plateau) this.plateau.setState(s.plateau);
  }
}
