import { SpecError } from './spec-error.js';

/** Options of {@link ReduceLROnPlateau}; names and defaults are PyTorch's (`torch.optim.lr_scheduler.ReduceLROnPlateau`). */
export interface PlateauOptions {
  /** `min`: a smaller metric is better (loss); `max`: a larger one is (accuracy). Default `min`. */
  mode?: 'min' | 'max';
  /** Multiply the LR by this on a reduction; must be in (0, 1). Default 0.1. */
  factor?: number;
  /** Epochs without improvement tolerated before reducing: the reduction happens on bad epoch `patience + 1`. Default 10. */
  patience?: number;
  /** Minimum change that counts as an improvement (relative or absolute). Default 1e-4. */
  threshold?: number;
  /** `rel`: better means beyond `best·(1 ∓ threshold)`; `abs`: beyond `best ∓ threshold`. Default `rel`. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs after a reduction during which bad epochs are not counted. Default 0. */
  cooldown?: number;
  /** The LR never goes below this. Default 0. */
  minLr?: number;
  /** A reduction smaller than this is skipped (the LR stays). Default 1e-8. */
  eps?: number;
}

/** The controller's whole state, for snapshots. */
export interface PlateauState {
  best: number;
  numBadEpochs: number;
  cooldownCounter: number;
  lastEpoch: number;
}

/**
 * Reduce the learning rate when a metric has stopped improving — PyTorch's ReduceLROnPlateau,
 * as a pure controller: call `step(metric, lr)` once per epoch; it returns the LR to use next.
 *
 * Rule (PyTorch 2.x): `current` is better than `best` if (min, rel) `current < best·(1 − threshold)`,
 * (min, abs) `current < best − threshold`, (max, rel) `current > best·(1 + threshold)`,
 * (max, abs) `current > best + threshold`. Better → best = current, bad = 0; else bad += 1.
 * While in cooldown the counter ticks down and bad epochs are reset to 0. When bad > patience:
 * `newLr = max(lr·factor, minLr)`, applied only if `lr − newLr > eps`; then cooldown restarts, bad = 0.
 * A NaN metric is never better, so it counts as a bad epoch.
 *
 * Defaults: mode min, factor 0.1, patience 10, threshold 1e-4, thresholdMode rel, cooldown 0,
 * minLr 0, eps 1e-8.
 *
 * @example
 * const p = new ReduceLROnPlateau({ patience: 1, factor: 0.5 });
 * p.step(1.0, 0.1); // 0.1 (first value is the best)
 * p.step(1.0, 0.1); // 0.1 (1 bad epoch, not > patience)
 * p.step(1.0, 0.1); // 0.05 (2 bad epochs > patience 1)
 */
export class ReduceLROnPlateau {
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLr: number;
  readonly eps: number;
  private s: PlateauState;

  constructor(opts: PlateauOptions = {}) {
    this.mode = oneOf('mode', opts.mode ?? 'min', ['min', 'max'] as const);
    this.thresholdMode = oneOf('thresholdMode', opts.thresholdMode ?? 'rel', ['rel', 'abs'] as const);
    this.factor = num('factor', opts.factor ?? 0.1, 'must be a number in (0, 1)', (v) => v > 0 && v < 1);
    this.patience = num('patience', opts.patience ?? 10, 'must be an integer >= 0', (v) => Number.isInteger(v) && v >= 0);
    this.threshold = num('threshold', opts.threshold ?? 1e-4, 'must be a number >= 0', (v) => v >= 0);
    this.cooldown = num('cooldown', opts.cooldown ?? 0, 'must be an integer >= 0', (v) => Number.isInteger(v) && v >= 0);
    this.minLr = num('minLr', opts.minLr ?? 0, 'must be a number >= 0', (v) => v >= 0);
    this.eps = num('eps', opts.eps ?? 1e-8, 'must be a number >= 0', (v) => v >= 0);
    this.s = { best: this.mode === 'min' ? Infinity : -Infinity, numBadEpochs: 0, cooldownCounter: 0, lastEpoch: 0 };
  }

  /** Whether `current` improves on `best` by more than the threshold. */
  isBetter(current: number, best: number): boolean {
    if (this.mode === 'min') {
      return this.thresholdMode === 'rel' ? current < best * (1 - this.threshold) : current < best - this.threshold;
    }
    return this.thresholdMode === 'rel' ? current > best * (1 + this.threshold) : current > best + this.threshold;
  }

  /** Record one epoch's metric; returns the learning rate for the next epoch (`lr` or a reduced one). */
  step(metric: number, lr: number): number {
    const s = this.s;
    s.lastEpoch += 1;
    if (this.isBetter(metric, s.best)) {
      s.best = metric;
      s.numBadEpochs = 0;
    } else {
      s.numBadEpochs += 1;
    }
    if (s.cooldownCounter > 0) {
      s.cooldownCounter -= 1;
      s.numBadEpochs = 0;
    }
    if (s.numBadEpochs > this.patience) {
      s.cooldownCounter = this.cooldown;
      s.numBadEpochs = 0;
      const newLr = Math.max(lr * this.factor, this.minLr);
      if (lr - newLr > this.eps) return newLr;
    }
    return lr;
  }

  get best(): number { return this.s.best; }
  get numBadEpochs(): number { return this.s.numBadEpochs; }
  get inCooldown(): boolean { return this.s.cooldownCounter > 0; }

  /** A copy of the state, for snapshots. */
  state(): PlateauState { return { ...this.s }; }
  /** Restore a state from `state()`. */
  setState(s: PlateauState): void { this.s = { ...s }; }
}

function num(path: string, v: unknown, rule: string, ok: (v: number) => boolean): number {
  if (typeof v !== 'number' || Number.isNaN(v) || !ok(v)) throw new SpecError(path, rule);
  return v;
}

function oneOf<T extends string>(path: string, v: unknown, choices: readonly T[]): T {
  if (!(choices as readonly unknown[]).includes(v)) throw new SpecError(path, `must be one of ${choices.join('|')}`);
  return v as T;
}
