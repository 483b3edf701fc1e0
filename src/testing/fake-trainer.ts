import { createRng, type Rng } from '../core/random.js';
import type { StepTrainer } from '../core/trainer.js';

interface QuadraticState {
  w: number;
  v: number;
  rng: [number, number, number, number];
  step: number;
}

/**
 * A one-parameter model for tests and docs: loss ½·a·w², stochastic gradient a·w + σ·ξ
 * (ξ standard normal from a seeded RNG), SGD with heavy-ball momentum μ:
 * v ← μ·v + g, w ← w − lr·v. `trainBatch` returns the loss before the step, as tfjs does.
 * Without noise and momentum w_{t+1} = (1 − lr·a)·w_t, so SGD diverges exactly when
 * lr > 2/a (with momentum, when lr > 2(1 + μ)/a). `evaluate` reports accuracy 1/(1 + loss).
 */
export class QuadraticTrainer implements StepTrainer<QuadraticState> {
  readonly stepsPerEpoch: number;
  lr = 0;
  /** Snapshots taken and not yet disposed (tests check that none leak). */
  liveSnapshots = 0;
  private state: QuadraticState;
  private readonly rng: Rng;

  constructor(private readonly p: { a: number; w0: number; momentum?: number; noise?: number; seed?: number; stepsPerEpoch?: number }) {
    this.stepsPerEpoch = p.stepsPerEpoch ?? 50;
    this.rng = createRng(p.seed ?? 1);
    this.state = { w: p.w0, v: 0, rng: this.rng.state(), step: 0 };
  }

  get w(): number { return this.state.w; }
  get stepCount(): number { return this.state.step; }

  /** Everything that defines the trainer's future, for bitwise comparisons in tests. */
  fingerprint(): string {
    return JSON.stringify({ ...this.state, rng: this.rng.state() });
  }

  setLearningRate(lr: number): void { this.lr = lr; }

  async trainBatch(): Promise<number> {
    const s = this.state;
    const loss = 0.5 * this.p.a * s.w * s.w;
    const g = this.p.a * s.w + (this.p.noise ?? 0) * this.rng.normal();
    s.v = (this.p.momentum ?? 0) * s.v + g;
    s.w -= this.lr * s.v;
    s.step += 1;
    return loss;
  }

  /** The loss ½·a·w² at the current weights (no noise, no update): the range test's `valLoss` mode. */
  async heldOutLoss(): Promise<number> {
    return 0.5 * this.p.a * this.state.w * this.state.w;
  }

  async evaluate(): Promise<{ loss: number; accuracy: number }> {
    const loss = 0.5 * this.p.a * this.state.w * this.state.w;
    return { loss, accuracy: Number.isFinite(loss) ? 1 / (1 + loss) : 0 };
  }

  async snapshot(): Promise<QuadraticState> {
    this.liveSnapshots += 1;
    return { ...this.state, rng: this.rng.state() };
  }

  async restore(s: QuadraticState): Promise<void> {
    this.state = { ...s, rng: [...s.rng] };
    this.rng.setState(s.rng);
  }

  disposeSnapshot(): void { this.liveSnapshots -= 1; }
}

/**
 * A scripted trainer whose batch loss is a given function of the current LR (plus seeded
 * Gaussian noise of σ `noise`) and whose validation accuracy is a given function of the last
 * LR trained with: curves whose answers are known in closed form.
 */
export class CurveTrainer implements StepTrainer<{ step: number; rng: [number, number, number, number] }> {
  readonly stepsPerEpoch: number;
  lr = 0;
  step = 0;
  liveSnapshots = 0;
  private readonly rng: Rng;

  constructor(private readonly p: { loss: (lr: number, step: number) => number; accuracy?: (lr: number) => number; noise?: number; seed?: number; stepsPerEpoch?: number }) {
    this.stepsPerEpoch = p.stepsPerEpoch ?? 100;
    this.rng = createRng(p.seed ?? 1);
  }

  setLearningRate(lr: number): void { this.lr = lr; }

  async trainBatch(): Promise<number> {
    const loss = this.p.loss(this.lr, this.step) + (this.p.noise ?? 0) * this.rng.normal();
    this.step += 1;
    return loss;
  }

  async evaluate(): Promise<{ loss: number; accuracy: number }> {
    const accuracy = this.p.accuracy ? this.p.accuracy(this.lr) : 0;
    return { loss: 1 - accuracy, accuracy };
  }

  async snapshot(): Promise<{ step: number; rng: [number, number, number, number] }> {
    this.liveSnapshots += 1;
    return { step: this.step, rng: this.rng.state() };
  }

  async restore(s: { step: number; rng: [number, number, number, number] }): Promise<void> {
    this.step = s.step;
    this.rng.setState(s.rng);
  }

  disposeSnapshot(): void { this.liveSnapshots -= 1; }
}
