import { DebiasedEma } from '../../core/finder/index.js';

/** Smoothing of the step losses the check compares: β of the debiased EMA. */
const BETA = 0.9;

/** The check's whole state, for trainer snapshots. */
export interface DivergenceState {
  firstLoss: number | null;
  ema: DebiasedEma;
}

/**
 * The divergence stop (see `TrainerOptions.divergeFactor`): true on a NaN/±Inf loss, or when the
 * debiased EMA of the step losses (the range test's smoothing, one implementation) exceeds
 * `factor × max(first loss, floor)`; `floor` is ln C for C classes, a lucky first batch's bound.
 */
export class DivergenceCheck {
  private firstLoss: number | null = null;
  private ema = new DebiasedEma(BETA);

  constructor(private readonly factor: number, private readonly floor: number) {}

  /** Remember the first loss seen (steps taken outside `run`, as the range test's, count too). */
  noteLoss(loss: number): void {
    if (this.firstLoss === null) this.firstLoss = loss;
  }

  /** Feed one step's loss; true when the check fires. */
  push(loss: number): boolean {
    if (!Number.isFinite(loss)) return true;
    this.noteLoss(loss);
    const smoothed = this.ema.push(loss);
    return smoothed > this.factor * Math.max(this.firstLoss as number, this.floor);
  }

  state(): DivergenceState {
    return { firstLoss: this.firstLoss, ema: this.ema.clone() };
  }

  setState(s: DivergenceState): void {
    this.firstLoss = s.firstLoss;
    this.ema = s.ema.clone();
  }
}
