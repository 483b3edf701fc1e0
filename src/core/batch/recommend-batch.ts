import { SpecError, requireNumber } from '../spec-error.js';
import type { NoiseScaleEstimate } from './noise-scale-summary.js';
import { planScaling, type ScalingPlan } from './scaling-planner.js';

/** Options of `recommendBatchSize`. */
export interface RecommendBatchOptions {
  /** The measured noise scale (from `measureNoiseScale` or `NoiseScaleEstimator.estimate()`). */
  estimate: Pick<NoiseScaleEstimate, 'bSimple' | 'lower' | 'status'>;
  /** Training-set size N: caps the recommendation at floor(N/10). */
  datasetSize?: number;
  /** Further cap, e.g. what fits in memory. Default none. */
  maxBatchSize?: number;
  /** Batch size the current LR was tuned at; with `fromLr`, adds a scaled-LR plan. */
  fromBatch?: number;
  fromLr?: number;
  /** Passed to `planScaling`. Defaults as there ('linear', 5 epochs). */
  rule?: 'linear' | 'sqrt';
  warmupEpochs?: number;
  stepsPerEpoch?: number;
}

/** A recommended batch size, why, and (when the current LR was given) the scaled LR plan. */
export interface BatchRecommendation {
  batchSize: number;
  /** Which number the recommendation rests on. */
  basis: 'bSimple' | 'lower-bound' | 'no-noise';
  /** One sentence for the CLI. */
  reason: string;
  plan: ScalingPlan | null;
}

/**
 * Recommend a batch size from the gradient noise scale: the largest power of two ≤ B_simple
 * (McCandlish et al. 2018: B_crit ≈ B_simple; at B = B_crit training takes 2·S_min steps and
 * 2·E_min examples, below it examples are used almost perfectly, above it steps barely fall),
 * capped at floor(N/10) and maxBatchSize. When the estimate is noise-dominated the lower end of
 * its interval is used (B_simple is at least that). With no measurable noise, steps do not fall
 * with B at all, so the smallest batch (1) is the efficient one.
 * With fromBatch and fromLr the LR is scaled to the recommendation by `planScaling`.
 * Example: B_simple = 700, N = 60000 → 512; from (128, 0.05) linear → lr 0.2.
 */
export function recommendBatchSize(options: RecommendBatchOptions): BatchRecommendation {
  const { estimate } = options;
  const caps: number[] = [];
  if (options.datasetSize !== undefined) {
    const n = requireNumber('datasetSize', options.datasetSize, 'must be a positive integer', (v) => Number.isInteger(v) && v >= 1);
    caps.push(Math.max(1, Math.floor(n / 10)));
  }
  if (options.maxBatchSize !== undefined) {
    caps.push(requireNumber('maxBatchSize', options.maxBatchSize, 'must be a positive integer', (v) => Number.isInteger(v) && v >= 1));
  }
  const cap = Math.min(Infinity, ...caps);
  let basis: BatchRecommendation['basis'], target: number;
  if (estimate.status === 'no-noise') { basis = 'no-noise'; target = 1; }
  else if (estimate.status === 'noise-dominated') { basis = 'lower-bound'; target = estimate.lower; }
  else { basis = 'bSimple'; target = estimate.bSimple; }
  const limit = Math.min(target, cap);
  if (limit === Infinity) throw new SpecError('maxBatchSize', 'is required when the noise scale has no finite bound (or give datasetSize)');
  const batchSize = limit >= 1 ? 2 ** Math.floor(Math.log2(limit)) : 1;
  const capped = cap < target;
  const reason = basis === 'no-noise'
    ? 'no gradient noise was measured: steps do not fall with the batch size, so small batches are most efficient'
    : `largest power of two ≤ ${capped ? `the cap ${cap}` : `${basis === 'bSimple' ? 'B_simple' : 'the lower bound of B_simple'} ${fmt(target)}`}`;
  let plan: ScalingPlan | null = null;
  if (options.fromBatch !== undefined && options.fromLr !== undefined) {
    plan = planScaling({
      fromBatch: options.fromBatch, fromLr: options.fromLr, toBatch: batchSize, rule: options.rule,
      warmupEpochs: options.warmupEpochs, stepsPerEpoch: options.stepsPerEpoch, datasetSize: options.datasetSize,
      criticalBatch: basis === 'bSimple' && estimate.bSimple > 0 ? estimate.bSimple : undefined,
    });
  }
  return { batchSize, basis, reason, plan };
}

function fmt(x: number): string {
  return Number(x.toPrecision(4)).toString();
}
