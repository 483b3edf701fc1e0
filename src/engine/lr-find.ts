import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import {
  parseFinderOptions, rangeTestRepeated,
  type FinderOptionsInput, type OnPoint, type RepeatedRangeTestResult,
} from '../core/finder/index.js';
import { SpecError } from '../core/spec-error.js';
import type { StepTrainer } from '../core/trainer.js';
import { BatchOrder, type BatchOrderState } from '../data/batch-order.js';
import { findResult, type FindResult } from './find-result.js';
import { getLearningRate, getMomentum, setLearningRate } from './optimizers/index.js';
import { disposeSnapshot, restoreTraining, snapshotTraining, type TrainingSnapshot } from './snapshot.js';

// The result's types and builder live in find-result.ts; `lrlab find` imports them from here too.
export { findResult, type FindResult, type FindSuggestion, type ClrBounds, type FindRun, type FindResultInput } from './find-result.js';

/** Options of `lrFind` / `lrFindDataset`: the range test's (FinderOptionsInput) and these. */
export interface LrFindOptions extends FinderOptionsInput {
  /**
   * Rows per step for `lrFind` (x, y tensors; default 32, as `model.fit`) — your training batch.
   * `lrFindDataset` takes its batches from the dataset; give `batchSize` there for `batchRule`.
   */
  batchSize?: number;
  /**
   * SGD and Momentum optimizers: scale the suggestion to `batchSize` (core `forOptimizer`'s batch
   * rule: × batchSize/64, capped below the divergence LR). Default false — the rule did not hold
   * on held-out tasks (README "How sure is the suggestion?").
   */
  batchRule?: boolean;
  /** Seeds the batch order; repeat r uses seed + r. Default 0. */
  seed?: number;
  /** Epoch budget of the recommended schedule. Default 10. */
  epochsBudget?: number;
  /** Default 'onecycle'. */
  scheduleKind?: 'onecycle' | 'warmup-cosine';
  /** CLR baseLr = maxLr / baseDiv. Default 3. */
  baseDiv?: 3 | 4;
  /** Steps per epoch of your training, for the recommended schedule (lrFind: ⌈rows / batchSize⌉). */
  stepsPerEpoch?: number;
  /** Called after every recorded point (progress). */
  onPoint?: OnPoint;
  /** Extra fields for the result's `config`. */
  config?: Record<string, unknown>;
  /**
   * Held-out rows `[x, y]` for `valLoss: true`: after each step the range test records the
   * model's loss on them (`model.evaluate`, no update) instead of the training batch's loss.
   */
  validationData?: [Xs, Xs];
}

type Xs = tf.Tensor | tf.Tensor[];
/** A batch for `model.trainOnBatch`, and what to dispose after the step (nothing for tensors the caller owns). */
interface Batch { x: Xs; y: Xs; owned: tf.Tensor[] }

/** What the adapter keeps in a snapshot: model and optimizer state, plus the data position. */
interface ModelSnapshot { training: TrainingSnapshot; position: unknown }

/**
 * A compiled tf.LayersModel as a StepTrainer: each step is `model.trainOnBatch` (the model's
 * own loss, regularisers and optimizer, exactly as `fit` would run it); the LR is set with
 * lrlab's setLearningRate, which works for every tfjs optimizer class. Snapshots hold every
 * weight (trainable or not, e.g. batch-norm statistics), the optimizer's whole state (slots,
 * iterations, LR, momentum) and the data position, in memory.
 */
class ModelStepTrainer implements StepTrainer<ModelSnapshot> {
  private readonly vars: tf.Variable[];
  constructor(
    private readonly model: tfl.LayersModel,
    private readonly optimizer: tf.Optimizer,
    private readonly data: { next(): Promise<Batch>; position(): unknown; setPosition(p: unknown): void },
    readonly stepsPerEpoch: number,
    private readonly validation: [Xs, Xs] | null = null,
  ) {
    this.vars = model.weights.map((w) => w.read() as tf.Variable);
  }

  /** The model's loss on the held-out rows (its first output: the total loss). */
  async heldOutLoss(): Promise<number> {
    if (!this.validation) throw new SpecError('validationData', 'is needed for valLoss: true');
    const out = this.model.evaluate(this.validation[0], this.validation[1], { batchSize: 1000 });
    const list = Array.isArray(out) ? out : [out];
    try {
      return (await list[0].data())[0];
    } finally {
      tf.dispose(list);
    }
  }

  setLearningRate(lr: number): void {
    setLearningRate(this.optimizer, lr);
  }

  async trainBatch(): Promise<number> {
    const b = await this.data.next();
    try {
      const out = await this.model.trainOnBatch(b.x, b.y);
      return Array.isArray(out) ? out[0] : out;
    } finally {
      tf.dispose(b.owned);
    }
  }

  async snapshot(): Promise<ModelSnapshot> {
    return { training: snapshotTraining(this.vars, this.optimizer), position: this.data.position() };
  }

  async restore(s: ModelSnapshot): Promise<void> {
    restoreTraining(this.vars, this.optimizer, s.training);
    this.data.setPosition(s.position);
  }

  disposeSnapshot(s: ModelSnapshot): void {
    disposeSnapshot(s.training);
  }
}

/** Optimizer classes whose range test gets the adaptive factor: tfjs's Adam, lrlab's Adam and AdamW. */
const ADAPTIVE_CLASSES = new Set(['Adam', 'lrlab.Adam']);
/** Optimizer classes that get the batch rule: tfjs's SGD and Momentum, lrlab's SGD (plain, momentum, Nesterov). */
const BATCH_RULE_CLASSES = new Set(['SGD', 'Momentum', 'lrlab.SGD']);

/** The compiled model's optimizer, or a SpecError explaining what is missing. */
function compiledOptimizer(model: tfl.LayersModel): tf.Optimizer {
  const m = model as unknown as { optimizer?: tf.Optimizer; loss?: unknown };
  if (!m || typeof (m as { trainOnBatch?: unknown }).trainOnBatch !== 'function') throw new SpecError('model', 'must be a tf.LayersModel');
  if (!m.optimizer || m.loss === undefined) throw new SpecError('model', 'must be compiled first: model.compile({ optimizer, loss })');
  getLearningRate(m.optimizer); // throws for optimizer classes lrlab cannot drive
  return m.optimizer;
}

/**
 * Run the range test with the model's own optimizer and loss, then put everything back: the
 * weights, the optimizer's state and its learning rate are bitwise as they were, whatever
 * optimizer the model was compiled with and whatever schedule callback set its LR before.
 */
async function runOnModel(
  model: tfl.LayersModel,
  makeData: (seed: number) => { next(): Promise<Batch>; position(): unknown; setPosition(p: unknown): void; stepsPerEpoch: number },
  options: LrFindOptions,
  config: Record<string, unknown>,
  stepsPerEpoch: number | null,
): Promise<FindResult> {
  const { batchSize, batchRule, seed: seedIn, epochsBudget, scheduleKind, baseDiv, stepsPerEpoch: _s, onPoint, config: extra, validationData, ...finder } = options;
  const parsed = parseFinderOptions(finder);
  if (validationData !== undefined) {
    const ok = Array.isArray(validationData) && validationData.length === 2
      && validationData.every((v) => asList(v).length > 0 && asList(v).every((t) => t instanceof tf.Tensor && !t.isDisposed));
    if (!ok) throw new SpecError('validationData', 'must be [x, y] of live tf.Tensors');
  }
  if (parsed.valLoss && validationData === undefined) throw new SpecError('validationData', 'is needed for valLoss: true ([x, y] held-out rows)');
  const seed = seedIn ?? 0;
  if (!Number.isInteger(seed)) throw new SpecError('seed', 'must be an integer');
  const budget = epochsBudget ?? 10;
  if (!Number.isInteger(budget) || budget < 1) throw new SpecError('epochsBudget', 'must be an integer >= 1');
  if (scheduleKind !== undefined && scheduleKind !== 'onecycle' && scheduleKind !== 'warmup-cosine') throw new SpecError('scheduleKind', "must be 'onecycle' or 'warmup-cosine'");
  if (baseDiv !== undefined && baseDiv !== 3 && baseDiv !== 4) throw new SpecError('baseDiv', 'must be 3 or 4');
  const optimizer = compiledOptimizer(model);
  const lr = getLearningRate(optimizer);
  // Adam and AdamW (tfjs's or lrlab's) get the adaptive factor unless the caller said otherwise.
  if (finder.adaptive === undefined) parsed.adaptive = ADAPTIVE_CLASSES.has(optimizer.getClassName());
  if (batchRule !== undefined && typeof batchRule !== 'boolean') throw new SpecError('batchRule', 'must be true or false');
  // SGD and Momentum, when asked: the suggestion scaled to the training batch.
  if (batchRule === true) {
    if (parsed.adaptive || !BATCH_RULE_CLASSES.has(optimizer.getClassName())) throw new SpecError('batchRule', `applies to SGD and Momentum optimizers, not ${optimizer.getClassName()}`);
    if (batchSize === undefined) throw new SpecError('batchSize', 'is needed for batchRule: true (the batches of your training)');
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new SpecError('batchSize', 'must be an integer >= 1');
    parsed.batchSize = batchSize;
  }
  let range: RepeatedRangeTestResult;
  try {
    range = await rangeTestRepeated((r) => {
      const data = makeData(seed + r);
      return new ModelStepTrainer(model, optimizer, data, data.stepsPerEpoch, parsed.valLoss ? validationData ?? null : null);
    }, { ...parsed, onPoint });
  } finally {
    // The range test's snapshot restores the LR too; set it again so that holds whatever the
    // snapshot covers (StepTrainer snapshots need not include the LR).
    if (getLearningRate(optimizer) !== lr) setLearningRate(optimizer, lr);
  }
  return findResult({
    config: { ...config, optimizer: optimizer.getClassName(), optimizerLr: lr, seed, epochsBudget: budget, scheduleKind: scheduleKind ?? 'onecycle', ...extra },
    range,
    stepsPerEpoch,
    epochsBudget: budget,
    scheduleKind,
    baseDiv,
    optimizerHasMomentum: getMomentum(optimizer) !== null,
  });
}

const asList = (v: Xs): tf.Tensor[] => (Array.isArray(v) ? v : [v]);

/**
 * The LR range test on a user's compiled tf.LayersModel, on data held in tensors: batches of
 * `batchSize` rows in a seeded shuffled order, one `model.trainOnBatch` per point, LR swept
 * from `startLr` to `endLr` (see core rangeTest for the algorithm, smoothing and stop rule).
 *
 * Afterwards the model is exactly as before — every weight, the optimizer's slots (e.g. Adam's
 * moments), its iteration count and learning rate, bitwise — and nothing is written to disk.
 * It works with any optimizer tfjs or lrlab provides, and does not disturb an `lrScheduler`
 * callback (that callback sets the LR per batch of `fit`; lrFind never runs `fit`).
 * Not restored: randomness inside the model (dropout draws from tfjs's global generator).
 *
 * Defaults: as rangeTest (startLr 1e-7, endLr 10, steps 100, exp, smooth 0.98, diverge 4),
 * batchSize 32, seed 0, repeats 1, epochsBudget 10, scheduleKind onecycle, baseDiv 3.
 *
 * @example
 * model.compile({ optimizer: tf.train.momentum(0.01, 0.9), loss: 'categoricalCrossentropy' });
 * const r = await lrFind(model, xs, ys, { batchSize: 64, endLr: 1 });
 * console.log(r.suggested?.lr, r.verdict.status, JSON.stringify(r.recommendedSchedule));
 *
 * Paper: L. N. Smith, "Cyclical Learning Rates for Training Neural Networks", WACV 2017.
 */
export async function lrFind(model: tfl.LayersModel, x: Xs, y: Xs, options: LrFindOptions = {}): Promise<FindResult> {
  const xs = asList(x), ys = asList(y);
  if (xs.length === 0 || ys.length === 0) throw new SpecError('x', 'must be a tensor or a non-empty list of tensors');
  const n = xs[0].shape[0];
  for (const [name, list] of [['x', xs], ['y', ys]] as const) {
    list.forEach((t, i) => {
      if (!(t instanceof tf.Tensor) || t.isDisposed) throw new SpecError(name, 'must hold live tf.Tensors');
      if (t.shape[0] !== n) throw new SpecError(`${name}${Array.isArray(name === 'x' ? x : y) ? `[${i}]` : ''}`, `must have ${n} rows (as x), got ${t.shape[0]}`);
    });
  }
  if (!(n >= 1)) throw new SpecError('x', 'must have at least one row');
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new SpecError('batchSize', 'must be an integer >= 1');
  const pick = (list: tf.Tensor[], idx: tf.Tensor1D, single: boolean): { v: Xs; owned: tf.Tensor[] } => {
    const owned = list.map((t) => tf.gather(t, idx));
    return { v: single ? owned[0] : owned, owned };
  };
  const makeData = (seed: number) => {
    const order = new BatchOrder(n, Math.min(batchSize, n), seed);
    return {
      stepsPerEpoch: order.stepsPerEpoch,
      async next(): Promise<Batch> {
        const idx = tf.tensor1d(order.next(), 'int32');
        try {
          const bx = pick(xs, idx, !Array.isArray(x));
          const by = pick(ys, idx, !Array.isArray(y));
          return { x: bx.v, y: by.v, owned: [...bx.owned, ...by.owned] };
        } finally {
          idx.dispose();
        }
      },
      position: () => order.state(),
      setPosition: (p: unknown) => order.setState(p as BatchOrderState),
    };
  };
  const spe = options.stepsPerEpoch ?? Math.ceil(n / Math.min(batchSize, n));
  return runOnModel(model, makeData, { ...options, batchSize }, { rows: n, batchSize }, spe);
}

/** The structural part of a tf.data.Dataset that lrFindDataset uses (elements as for `fitDataset`). */
export interface BatchDataset {
  iterator(): Promise<{ next(): Promise<IteratorResult<{ xs: Xs; ys: Xs } | [Xs, Xs]>> }>;
  /** Number of elements (batches), when tf.data knows it. */
  readonly size?: number | null;
}

/**
 * `lrFind` for a batched tf.data Dataset (elements `{xs, ys}` or `[xs, ys]`, as `fitDataset`
 * takes): one element per point, a fresh iterator whenever the dataset runs out. The dataset
 * itself is not advanced — lrFind opens its own iterators — but a dataset shuffled with
 * `reshuffleEachIteration` reshuffles per iterator, so your next epoch may see another order.
 * `options.seed`/`repeats` do not change the batches here (the dataset decides them).
 * The recommended schedule needs `options.stepsPerEpoch` unless `dataset.size` is finite.
 *
 * @example const r = await lrFindDataset(model, tf.data.zip({ xs, ys }).batch(64), { endLr: 1 });
 */
export async function lrFindDataset(model: tfl.LayersModel, dataset: BatchDataset, options: LrFindOptions = {}): Promise<FindResult> {
  if (!dataset || typeof dataset.iterator !== 'function') throw new SpecError('dataset', 'must be a tf.data.Dataset');
  const size = typeof dataset.size === 'number' && Number.isFinite(dataset.size) && dataset.size > 0 ? dataset.size : null;
  const spe = options.stepsPerEpoch ?? size;
  const makeData = () => {
    let it: Awaited<ReturnType<BatchDataset['iterator']>> | null = null;
    return {
      stepsPerEpoch: spe ?? 1,
      async next(): Promise<Batch> {
        for (let attempt = 0; attempt < 2; attempt++) {
          it ??= await dataset.iterator();
          const r = await it.next();
          if (!r.done) {
            const [bx, by] = Array.isArray(r.value) ? r.value : [r.value.xs, r.value.ys];
            return { x: bx, y: by, owned: [...asList(bx), ...asList(by)] };
          }
          it = null;
        }
        throw new SpecError('dataset', 'yields no elements');
      },
      // Iterators cannot be rewound; each repeat starts its own from the beginning.
      position: () => null,
      setPosition: () => undefined,
    };
  };
  return runOnModel(model, makeData, options, { dataset: true }, spe);
}
