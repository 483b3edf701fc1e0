import { createRng, permutation } from '../core/random.js';
import { SpecError } from '../core/spec-error.js';
import { deriveSeed, STREAM } from './seed.js';

/** Options for `BatchOrder`. */
export interface BatchOrderOptions {
  /**
   * Drop the last batch of an epoch when it is smaller than the batch size (default false:
   * the last, partial batch is kept, so every row is seen once per epoch, as PyTorch's
   * DataLoader with `drop_last=False`).
   */
  dropLast?: boolean;
}

/** Everything needed to resume a BatchOrder exactly (plain JSON). */
export interface BatchOrderState {
  n: number;
  seed: number;
  dropLast: boolean;
  batchSize: number;
  /** Batch size requested for the next epoch by `setBatchSize`, or null. */
  pendingBatchSize: number | null;
  epoch: number;
  stepInEpoch: number;
}

/**
 * The sequence of mini-batches over `n` rows: which row indices form each training step.
 *
 * Epoch e visits the rows in the order of a permutation drawn from `(seed, e)` alone (a
 * Fisher–Yates shuffle with its own generator), so epochs are reshuffled, every epoch is
 * reproducible on its own, and `setState` can jump to any point without replaying. Batches are
 * consecutive slices of that permutation: `stepsPerEpoch = ceil(n / batchSize)` with the last
 * batch holding the remainder, or `floor(n / batchSize)` with `dropLast`.
 *
 * Only indices are produced (an Int32Array of `batchSize` per step): the engine uploads the data
 * once and gathers these rows on the backend. Pure TypeScript, usable in the browser.
 *
 * @example
 * const order = new BatchOrder(10, 4, 1);  // 3 steps per epoch: 4 + 4 + 2 rows
 * order.next(); order.next(); order.next(); // now order.epoch === 1, order.stepInEpoch === 0
 */
export class BatchOrder {
  readonly n: number;
  readonly seed: number;
  readonly dropLast: boolean;
  private size: number;
  private pending: number | null = null;
  private epochIndex = 0;
  private step = 0;
  private perm: Int32Array;

  constructor(n: number, batchSize: number, seed: number, options: BatchOrderOptions = {}) {
    if (!Number.isInteger(n) || n < 1) throw new SpecError('n', `must be a positive integer, got ${n}`);
    if (!Number.isInteger(seed)) throw new SpecError('seed', `must be an integer, got ${seed}`);
    this.n = n;
    this.seed = seed;
    this.dropLast = options.dropLast ?? false;
    this.size = this.checkBatchSize(batchSize);
    this.perm = this.permutationFor(0);
  }

  /** Epoch of the next batch (0-based). After the last batch of epoch e it is e + 1. */
  get epoch(): number {
    return this.epochIndex;
  }

  /** Index of the next batch within its epoch (0-based); 0 means an epoch is about to start. */
  get stepInEpoch(): number {
    return this.step;
  }

  /** Batch size of the current epoch (a `setBatchSize` waits for the next epoch). */
  get batchSize(): number {
    return this.size;
  }

  /** Steps in the current epoch: ceil(n / batchSize), or floor with `dropLast`. */
  get stepsPerEpoch(): number {
    return this.dropLast ? Math.floor(this.n / this.size) : Math.ceil(this.n / this.size);
  }

  /** The row indices of the next batch (a fresh array the caller may keep). */
  next(): Int32Array {
    const start = this.step * this.size;
    const batch = this.perm.slice(start, Math.min(start + this.size, this.n));
    this.step++;
    if (this.step === this.stepsPerEpoch) {
      this.epochIndex++;
      this.step = 0;
      this.startEpoch();
    }
    return batch;
  }

  /**
   * Change the batch size from the next epoch on (batch-size schedules, Smith et al. 2018).
   * Called at an epoch boundary (`stepInEpoch === 0`) it applies to the epoch about to start;
   * mid-epoch it waits, so an epoch never mixes batch sizes and still visits each row once.
   */
  setBatchSize(batchSize: number): void {
    const b = this.checkBatchSize(batchSize);
    if (this.step === 0) {
      this.size = b;
      this.pending = null;
    } else this.pending = b;
  }

  state(): BatchOrderState {
    return {
      n: this.n,
      seed: this.seed,
      dropLast: this.dropLast,
      batchSize: this.size,
      pendingBatchSize: this.pending,
      epoch: this.epochIndex,
      stepInEpoch: this.step,
    };
  }

  /** Resume from `state()` of an order over the same rows with the same seed. */
  setState(s: BatchOrderState): void {
    if (s.n !== this.n || s.seed !== this.seed || s.dropLast !== this.dropLast) {
      throw new SpecError('state', `belongs to a different order (n=${s.n}, seed=${s.seed}, dropLast=${s.dropLast}; this one n=${this.n}, seed=${this.seed}, dropLast=${this.dropLast})`);
    }
    const size = this.checkBatchSize(s.batchSize);
    const pending = s.pendingBatchSize === null ? null : this.checkBatchSize(s.pendingBatchSize);
    const steps = this.dropLast ? Math.floor(this.n / size) : Math.ceil(this.n / size);
    if (!Number.isInteger(s.epoch) || s.epoch < 0) throw new SpecError('state.epoch', 'must be a non-negative integer');
    if (!Number.isInteger(s.stepInEpoch) || s.stepInEpoch < 0 || s.stepInEpoch >= steps) {
      throw new SpecError('state.stepInEpoch', `must be an integer in [0, ${steps - 1}]`);
    }
    this.size = size;
    this.pending = pending;
    this.epochIndex = s.epoch;
    this.step = s.stepInEpoch;
    this.perm = this.permutationFor(this.epochIndex);
  }

  private startEpoch(): void {
    if (this.pending !== null) {
      this.size = this.pending;
      this.pending = null;
    }
    this.perm = this.permutationFor(this.epochIndex);
  }

  private permutationFor(epoch: number): Int32Array {
    return Int32Array.from(permutation(this.n, createRng(deriveSeed(this.seed, STREAM.batchOrder, epoch))));
  }

  private checkBatchSize(b: number): number {
    if (!Number.isInteger(b) || b < 1) throw new SpecError('batchSize', `must be a positive integer, got ${b}`);
    if (b > this.n) throw new SpecError('batchSize', `must be at most the ${this.n} rows of the training set, got ${b}`);
    return b;
  }
}
