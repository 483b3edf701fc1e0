import { SpecError, requireNumber } from '../spec-error.js';
import type { ConstantSpec, LinearSpec, SequenceSpec } from '../schedules/index.js';
import { scalingFactor } from '../schedules/scale-lr.js';

/** Options of `planScaling`. */
export interface PlanScalingOptions {
  /** Batch size the learning rate was tuned at. Required. */
  fromBatch: number;
  /** The tuned learning rate. Required. */
  fromLr: number;
  /** Batch size to move to. Required. */
  toBatch: number;
  /** 'linear' (Goyal et al. 2017, ×k) or 'sqrt' (Krizhevsky 2014, Hoffer et al. 2017, ×√k). Default 'linear'. */
  rule?: 'linear' | 'sqrt';
  /** Epochs of gradual warmup from fromLr to the scaled LR. Default 5 (Goyal et al.). */
  warmupEpochs?: number;
  /** Optimizer steps per epoch *at toBatch*. Default ceil(datasetSize/toBatch); one of the two is required. */
  stepsPerEpoch?: number;
  /** Training-set size N: derives stepsPerEpoch and enables the toBatch > N/10 warning. */
  datasetSize?: number;
  /** Measured critical batch size (B_crit or B_simple): enables the toBatch > B_crit warning. */
  criticalBatch?: number;
}

/** What `planScaling` recommends. */
export interface ScalingPlan {
  rule: 'linear' | 'sqrt';
  /** Batch ratio k = toBatch/fromBatch. */
  k: number;
  /** LR multiplier: k (linear) or √k (sqrt). */
  factor: number;
  /** The scaled learning rate fromLr·factor. */
  lr: number;
  stepsPerEpoch: number;
  /** round(warmupEpochs·stepsPerEpoch); 0 when the LR does not grow (k ≤ 1). */
  warmupSteps: number;
  /** Step-based schedule spec: linear warmup fromLr → lr, then constant lr. */
  schedule: SequenceSpec | ConstantSpec;
  /** Human-readable cautions (target beyond the critical batch or beyond 10% of the data). */
  warnings: string[];
}

/**
 * Scale a tuned learning rate to a new batch size, with gradual warmup.
 *
 * Formula: k = toBatch/fromBatch; linear rule lr = fromLr·k (Goyal et al. 2017, "Accurate,
 * Large Minibatch SGD"); sqrt rule lr = fromLr·√k (Krizhevsky 2014; Hoffer et al. 2017: keeps the
 * variance of the update constant). The schedule warms up linearly from fromLr to lr over
 * warmupSteps = round(warmupEpochs·stepsPerEpoch) steps (PyTorch LinearLR with
 * startFactor = fromLr/lr, endFactor 1, totalIters = warmupSteps), then holds lr.
 * When k ≤ 1 the LR does not grow, so there is no warmup and the schedule is constant.
 * Warnings: toBatch > criticalBatch — past B_crit steps shrink by less than k
 * (S ∝ 1 + B_crit/B, McCandlish et al. 2018), the warning says by how much; toBatch > N/10 — the
 * large-batch generalization gap (Keskar et al. 2017 used 10% of the data as "large").
 * Defaults: rule 'linear', warmupEpochs 5.
 * Example: 128 → 4096 is k = 32; lr 0.1 → 3.2 (linear) or 0.1·√32 ≈ 0.5657 (sqrt).
 */
export function planScaling(options: PlanScalingOptions): ScalingPlan {
  const isPositiveInt = (v: number): boolean => Number.isInteger(v) && v >= 1;
  const fromBatch = requireNumber('fromBatch', options.fromBatch, 'must be a positive integer', isPositiveInt);
  const fromLr = requireNumber('fromLr', options.fromLr, 'must be a positive number', (v) => v > 0);
  const toBatch = requireNumber('toBatch', options.toBatch, 'must be a positive integer', isPositiveInt);
  const rule = options.rule ?? 'linear';
  if (rule !== 'linear' && rule !== 'sqrt') throw new SpecError('rule', 'must be one of linear|sqrt');
  const warmupEpochs = requireNumber('warmupEpochs', options.warmupEpochs ?? 5, 'must be a number >= 0', (v) => v >= 0);
  const datasetSize = options.datasetSize === undefined ? undefined
    : requireNumber('datasetSize', options.datasetSize, 'must be a positive integer', isPositiveInt);
  if (datasetSize !== undefined && toBatch > datasetSize) throw new SpecError('toBatch', `must be <= datasetSize (${datasetSize})`);
  const criticalBatch = options.criticalBatch === undefined ? undefined
    : requireNumber('criticalBatch', options.criticalBatch, 'must be a positive number', (v) => v > 0);
  let stepsPerEpoch: number;
  if (options.stepsPerEpoch !== undefined) {
    stepsPerEpoch = requireNumber('stepsPerEpoch', options.stepsPerEpoch, 'must be a positive integer', isPositiveInt);
  } else if (datasetSize !== undefined) {
    stepsPerEpoch = Math.ceil(datasetSize / toBatch);
  } else {
    throw new SpecError('stepsPerEpoch', 'is required unless datasetSize is given');
  }

  const k = toBatch / fromBatch;
  const factor = scalingFactor(k, rule);
  const lr = fromLr * factor;
  const warmupSteps = k > 1 ? Math.round(warmupEpochs * stepsPerEpoch) : 0;
  const hold: ConstantSpec = { type: 'constant', lr };
  let schedule: SequenceSpec | ConstantSpec = hold;
  if (warmupSteps > 0) {
    const warmup: LinearSpec = { type: 'linear', lr, startFactor: fromLr / lr, endFactor: 1, totalIters: warmupSteps };
    schedule = { type: 'sequence', parts: [{ schedule: warmup, steps: warmupSteps }, { schedule: hold }] };
  }

  const warnings: string[] = [];
  if (criticalBatch !== undefined && toBatch > criticalBatch) {
    // Steps to a target scale as 1 + B_crit/B: the speed-up from fromBatch to toBatch.
    const speedup = (1 + criticalBatch / fromBatch) / (1 + criticalBatch / toBatch);
    warnings.push(`toBatch ${toBatch} exceeds the critical batch size ${fmt(criticalBatch)}: expect about ` +
      `${fmt(speedup)}× fewer steps, not ${fmt(k)}×, and the scaled LR may be too high`);
  }
  if (datasetSize !== undefined && toBatch > datasetSize / 10) {
    warnings.push(`toBatch ${toBatch} exceeds 10% of the data set (${datasetSize} examples): ` +
      'large batches tend to generalize worse (Keskar et al. 2017)');
  }
  return { rule, k, factor, lr, stepsPerEpoch, warmupSteps, schedule, warnings };
}

function fmt(x: number): string {
  return Number(x.toPrecision(4)).toString();
}
