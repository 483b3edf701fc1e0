import { readFileSync } from 'node:fs';
import {
  batchSchedule, decayToBatchGrowth, planScaling, recommendBatchSize,
  type BatchGrowthPlan, type BatchRecommendation, type ScalingPlan,
} from '../../core/batch/index.js';
import { fromSpec } from '../../core/schedules/index.js';
import { SpecError } from '../../core/spec-error.js';
import type { NoiseScaleTrainingCurve } from '../../engine/noise-scale.js';
import { choiceFlag, intFlag, numFlag, parseFlags } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { toJson, writeOutput } from '../output.js';

const help = `lrlab batch — gradient noise scale → critical batch size; scaled LR and warmup for a new batch size

Usage:
  lrlab batch [training flags] [measurement flags]          measure B_simple, recommend batch size and LR
  lrlab batch --plan --from-batch B --from-lr X --to-batch B' [--rule linear|sqrt] [--warmup-epochs E]
              (--steps-per-epoch N | --dataset-size N) [--critical-batch B|@batch.json]
  lrlab batch --convert-schedule SPEC|@FILE --batch-size B --dataset-size N [--cap C] [--momentum M] [--epochs E]

Measure (McCandlish et al. 2018, "An Empirical Model of Large-Batch Training"): trains with the
training flags and, at several points, estimates the simple noise scale B_simple = tr(Σ)/|G|²
from squared gradient norms over fresh batches of two sizes (unbiased two-batch estimators,
finite-population corrected), with a 95% interval from the spread over the pairs.
Recommendation: batch = the largest power of two ≤ B_simple (B_crit ≈ B_simple; at most N/10 and
--max-batch); LR = the training LR scaled from --batch-size to it by --rule (linear: ×k, Goyal et
al. 2017; sqrt: ×√k), with gradual warmup.
  training flags          as lrlab train: --data (mnist) --train-size --val-size --model (mlp) --hidden
                          --optimizer (sgd) --lr (0.1 for sgd/momentum/nesterov/lars, else 0.001)
                          --schedule --momentum --weight-decay --batch-size (128) --epochs (1) --seed --backend
  --b-small N             smaller measurement batch (default 64; smaller on small data sets)
  --b-big N               larger measurement batch (default 1024, at most half the training set)
  --measure-steps N       pairs of batches per point (default 20)
  --final-steps N         pairs at the last point, the one the recommendation uses (default 60)
  --points N              measurement points: before training and after T/2^(N-2), …, T/2, T steps (default 5)
  --max-batch N           cap on the recommended batch size (default none; N/10 always applies)
  --rule, --warmup-epochs as in --plan

Plan: the scaled LR for a new batch size and a schedule spec with gradual warmup from the old LR.
  --from-batch B, --from-lr X   the batch size and LR that were tuned (required)
  --to-batch B'                 the new batch size (required); k = B'/B
  --rule R                      linear: lr = X·k (default); sqrt: lr = X·√k
  --warmup-epochs E             epochs of linear warmup from X to the new LR (default 5)
  --steps-per-epoch N           steps per epoch at B' (or give --dataset-size: ceil(N/B'))
  --dataset-size N              training-set size; warns when B' > N/10
  --critical-batch B|@FILE      measured critical batch (or a 'lrlab batch --json' result); warns when B' > B

Convert (Smith & Le 2018; Smith et al. 2018, "Don't decay the learning rate, increase the batch
size"): turns a step/multistep LR decay (step counts in epochs) into a constant LR with the batch
multiplied by 1/gamma at each milestone, keeping the SGD noise scale g = lr·N/(B(1 − m)); past the
cap the LR decays instead.
  --convert-schedule SPEC|@FILE   '{"type":"multistep","lr":0.1,"milestones":[60,120,160],"gamma":0.2}'
  --batch-size B                  batch size of the original schedule (required)
  --dataset-size N                training-set size (required)
  --cap C                         largest batch (default floor(N/10))
  --momentum M                    SGD momentum, for g only (default 0)
  --epochs E                      training length (default: multistep last milestone + last interval;
                                  step: 4 × stepSize)

Output (all modes):
  --json FILE|-           write the result JSON
  --quiet                 no progress bar

Examples:
  lrlab batch --data mnist --model mlp --lr 0.1 --batch-size 128 --epochs 1
  lrlab batch --plan --from-batch 128 --from-lr 0.1 --to-batch 4096 --dataset-size 60000
  lrlab batch --convert-schedule '{"type":"multistep","lr":0.1,"milestones":[60,120,160],"gamma":0.2}' --batch-size 128 --dataset-size 50000
`;

const OUTPUT_FLAGS = { json: { type: 'string' }, quiet: { type: 'boolean' } } as const;
const PLAN_FLAGS = {
  rule: { type: 'string' },
  'warmup-epochs': { type: 'string' },
} as const;

type Values = Record<string, string | boolean | undefined>;
const str = (v: Values, k: string): string | undefined => (typeof v[k] === 'string' ? v[k] : undefined);

export const command: Command = {
  name: 'batch',
  summary: 'gradient noise scale → critical batch size; scaled LR + warmup for a target batch',
  help,
  async run(argv: string[]): Promise<number> {
    const plan = argv.includes('--plan');
    const convert = argv.some((a) => a === '--convert-schedule' || a.startsWith('--convert-schedule='));
    if (plan && convert) throw new UsageError('--plan', 'cannot be combined with --convert-schedule');
    if (plan) return runPlan(argv);
    if (convert) return runConvert(argv);
    return runMeasure(argv);
  },
};

/** A core SpecError as a UsageError naming the flag that carried the field. */
function asUsage<T>(flags: Record<string, string>, fallback: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SpecError) {
      const flag = flags[err.path];
      throw flag ? new UsageError(flag, err.rule) : new UsageError(fallback, err.message);
    }
    throw err;
  }
}

function jsonTarget(values: Values): string | undefined {
  const t = str(values, 'json');
  if (t === '') throw new UsageError('--json', 'needs a file name or -');
  return t;
}

function fmt(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : String(x);
  return String(Number(x.toPrecision(digits)));
}

// ───────────────────────────── plan ─────────────────────────────

/** The text of a scaling plan, with the arithmetic spelled out. */
export function planText(p: ScalingPlan, from: { batch: number; lr: number; warmupEpochs: number }): string[] {
  const lines = [
    p.rule === 'linear'
      ? `linear rule (Goyal et al. 2017): k = ${p.k * from.batch}/${from.batch} = ${fmt(p.k)}, lr = ${fmt(from.lr)} × ${fmt(p.k)} = ${fmt(p.lr)}`
      : `sqrt rule (Krizhevsky 2014, Hoffer et al. 2017): k = ${p.k * from.batch}/${from.batch} = ${fmt(p.k)}, lr = ${fmt(from.lr)} × √${fmt(p.k)} = ${fmt(p.lr)}`,
  ];
  lines.push(p.warmupSteps > 0
    ? `warmup: ${fmt(from.warmupEpochs)} epochs × ${p.stepsPerEpoch} steps = ${p.warmupSteps} steps, linear from ${fmt(from.lr)} to ${fmt(p.lr)}, then constant`
    : `no warmup: the LR does not grow (k ≤ 1)`);
  lines.push(`schedule: ${JSON.stringify(p.schedule)}`);
  for (const w of p.warnings) lines.push(`warning: ${w}`);
  return lines;
}

/** `--critical-batch B` or `@file` holding a `lrlab batch --json` result (its noiseScale.bSimple). */
function criticalBatchFlag(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!raw.startsWith('@')) return numFlag('critical-batch', raw, { positive: true });
  const file = raw.slice(1);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message.split('\n')[0] : String(err));
    throw new UsageError('--critical-batch', `cannot read a JSON result from '${file}' (${why})`);
  }
  const b = (json as { noiseScale?: { bSimple?: unknown } } | null)?.noiseScale?.bSimple;
  if (typeof b !== 'number' || !(b > 0) || !Number.isFinite(b)) {
    throw new UsageError('--critical-batch', `'${file}' has no finite noiseScale.bSimple > 0 (a 'lrlab batch --json' result)`);
  }
  return b;
}

async function runPlan(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    plan: { type: 'boolean' },
    'from-batch': { type: 'string' },
    'from-lr': { type: 'string' },
    'to-batch': { type: 'string' },
    'steps-per-epoch': { type: 'string' },
    'dataset-size': { type: 'string' },
    'critical-batch': { type: 'string' },
    ...PLAN_FLAGS,
    ...OUTPUT_FLAGS,
  });
  const v = values as Values;
  const fromBatch = intFlag('from-batch', str(v, 'from-batch'));
  const fromLr = numFlag('from-lr', str(v, 'from-lr'), { positive: true });
  const toBatch = intFlag('to-batch', str(v, 'to-batch'));
  const rule = choiceFlag('rule', str(v, 'rule'), ['linear', 'sqrt'] as const, 'linear');
  const warmupEpochs = numFlag('warmup-epochs', str(v, 'warmup-epochs'), { min: 0, default: 5 });
  const stepsPerEpoch = str(v, 'steps-per-epoch') === undefined ? undefined : intFlag('steps-per-epoch', str(v, 'steps-per-epoch'));
  const datasetSize = str(v, 'dataset-size') === undefined ? undefined : intFlag('dataset-size', str(v, 'dataset-size'));
  if (stepsPerEpoch === undefined && datasetSize === undefined) throw new UsageError('--steps-per-epoch', 'is required unless --dataset-size is given');
  const criticalBatch = criticalBatchFlag(str(v, 'critical-batch'));
  const target = jsonTarget(v);
  const p = asUsage({
    fromBatch: '--from-batch', fromLr: '--from-lr', toBatch: '--to-batch', warmupEpochs: '--warmup-epochs',
    stepsPerEpoch: '--steps-per-epoch', datasetSize: '--dataset-size', criticalBatch: '--critical-batch', rule: '--rule',
  }, '--plan', () => planScaling({ fromBatch, fromLr, toBatch, rule, warmupEpochs, stepsPerEpoch, datasetSize, criticalBatch }));
  const out = {
    fromBatch, fromLr, toBatch, rule, warmupEpochs,
    datasetSize: datasetSize ?? null, criticalBatch: criticalBatch ?? null,
    k: p.k, factor: p.factor, lr: p.lr, stepsPerEpoch: p.stepsPerEpoch, warmupSteps: p.warmupSteps,
    schedule: p.schedule, warnings: p.warnings,
  };
  if (target !== undefined) writeOutput(target, toJson(out));
  const lines = planText(p, { batch: fromBatch, lr: fromLr, warmupEpochs });
  if (target === '-') for (const w of p.warnings) process.stderr.write(`lrlab: warning: ${w}\n`);
  else process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

// ───────────────────────────── convert ─────────────────────────────

function readJsonFlag(flag: string, raw: string): unknown {
  let text = raw;
  let source = 'the inline spec';
  if (raw.startsWith('@')) {
    const file = raw.slice(1);
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new UsageError(flag, `cannot read '${file}' (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    source = `'${file}'`;
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(flag, `${source} is not valid JSON (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
  }
}

/**
 * Training length when `--epochs` is not given: a multistep decay runs one more interval past its
 * last milestone (60, 120, 160 → 200, as Smith et al. 2018), a single milestone m runs to 2m;
 * a step decay runs four steps (three decays).
 */
export function defaultEpochs(spec: unknown): number | undefined {
  if (spec === null || typeof spec !== 'object') return undefined;
  const s = spec as { type?: unknown; milestones?: unknown; stepSize?: unknown };
  if (s.type === 'step' && typeof s.stepSize === 'number' && Number.isInteger(s.stepSize) && s.stepSize > 0) return 4 * s.stepSize;
  if (s.type === 'multistep' && Array.isArray(s.milestones) && s.milestones.length > 0 && s.milestones.every((m) => typeof m === 'number')) {
    const m = [...(s.milestones as number[])].sort((a, b) => a - b);
    const last = m[m.length - 1];
    const previous = m.length > 1 ? m[m.length - 2] : 0;
    return last + Math.max(1, last - previous);
  }
  return undefined;
}

/** The per-epoch view of a conversion: the LR spec evaluated by epoch (held for the epoch) and the batch. */
export function conversionEpochs(plan: BatchGrowthPlan, epochs: number, datasetSize: number): Array<{ epoch: number; lr: number; batchSize: number; stepsPerEpoch: number }> {
  // Steps per epoch change with the batch size, so the epoch-unit LR spec is stepped once per epoch.
  const lr = fromSpec(plan.lrSchedule, { stepsPerEpoch: 1 }).lr;
  const batch = batchSchedule(plan.batchSchedule);
  return Array.from({ length: epochs }, (_, e) => ({ epoch: e, lr: lr(e), batchSize: batch(e), stepsPerEpoch: Math.ceil(datasetSize / batch(e)) }));
}

/** The phase table of a conversion, as aligned text. */
export function conversionTable(plan: BatchGrowthPlan): string[] {
  const head = ['epochs', 'lr', 'batch', 'steps/epoch', 'noise g', '|', 'original lr', 'batch', 'steps/epoch', 'noise g'];
  const rows = plan.table.map((r) => [
    `${r.epoch}–${r.endEpoch - 1}`, fmt(r.lr), String(r.batchSize), String(r.stepsPerEpoch), fmt(r.noiseScale),
    '|', fmt(r.originalLr), String(r.originalBatchSize), String(r.originalStepsPerEpoch), fmt(r.originalNoiseScale),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), ...rows.map(line)];
}

async function runConvert(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    'convert-schedule': { type: 'string' },
    'batch-size': { type: 'string' },
    'dataset-size': { type: 'string' },
    cap: { type: 'string' },
    momentum: { type: 'string' },
    epochs: { type: 'string' },
    ...OUTPUT_FLAGS,
  });
  const v = values as Values;
  const spec = readJsonFlag('--convert-schedule', str(v, 'convert-schedule') ?? '');
  const batchSize = intFlag('batch-size', str(v, 'batch-size'));
  const datasetSize = intFlag('dataset-size', str(v, 'dataset-size'));
  const maxBatchSize = str(v, 'cap') === undefined ? undefined : intFlag('cap', str(v, 'cap'));
  const momentum = numFlag('momentum', str(v, 'momentum'), { min: 0, default: 0 });
  if (momentum >= 1) throw new UsageError('--momentum', `must be < 1, got ${momentum}`);
  const epochsRaw = str(v, 'epochs');
  const epochs = epochsRaw !== undefined ? intFlag('epochs', epochsRaw) : defaultEpochs(spec);
  const target = jsonTarget(v);
  const flags = { batchSize: '--batch-size', datasetSize: '--dataset-size', maxBatchSize: '--cap', momentum: '--momentum', epochs: '--epochs' };
  const plan = asUsage(flags, '--convert-schedule', () => decayToBatchGrowth({
    lrSchedule: spec, batchSize, datasetSize, epochs: epochs ?? 1, maxBatchSize, momentum,
  }));
  // Validated by the converter above, so a missing default here means a spec it would have refused.
  if (epochs === undefined) throw new UsageError('--epochs', 'is required for this schedule');
  const perEpoch = conversionEpochs(plan, epochs, datasetSize);
  const out = {
    input: { lrSchedule: spec, batchSize, datasetSize, epochs, momentum, maxBatchSize: plan.maxBatchSize },
    lrSchedule: plan.lrSchedule, batchSchedule: plan.batchSchedule, table: plan.table, updates: plan.updates, perEpoch,
  };
  if (target !== undefined) writeOutput(target, toJson(out));
  if (target !== '-') {
    const ratio = plan.updates.original / plan.updates.converted;
    process.stdout.write([
      `same noise scale g = lr·N/(B(1 − m)), N = ${datasetSize}, m = ${momentum}; batch cap ${plan.maxBatchSize}${maxBatchSize === undefined ? ' (N/10)' : ''}, ${epochs} epochs${epochsRaw === undefined ? ' (default)' : ''}`,
      ...conversionTable(plan),
      `parameter updates: ${plan.updates.original} → ${plan.updates.converted} (${fmt(ratio, 3)}× fewer)`,
      `lr schedule (by epoch): ${JSON.stringify(plan.lrSchedule)}`,
      `batch schedule: ${JSON.stringify(plan.batchSchedule)}`,
      '',
    ].join('\n'));
  }
  return 0;
}

// ───────────────────────────── measure ─────────────────────────────

/**
 * Measurement steps: 0 (before training) and T/2^(points−2), …, T/2, T for T total steps,
 * rounded and kept strictly increasing. Example: T = 469, points 5 → [0, 59, 117, 235, 469].
 */
export function measurementSteps(totalSteps: number, points: number): number[] {
  const at = [0];
  for (let k = points - 2; k >= 0; k--) {
    const s = Math.round(totalSteps / 2 ** k);
    if (s > at[at.length - 1]) at.push(s);
  }
  return at;
}

/** Default LR when neither --lr nor --schedule is given: 0.1 for the SGD family, 0.001 for adaptive methods. */
export function defaultLr(optimizer: string): number {
  return ['sgd', 'momentum', 'nesterov', 'lars'].includes(optimizer) ? 0.1 : 0.001;
}

/** The summary lines of a measurement: curve table, final B_simple, trend, recommendation. */
export function measureText(curve: NoiseScaleTrainingCurve, rec: BatchRecommendation, ref: { batch: number; lr: number; rule: string }): string[] {
  const interval = (lo: number, hi: number): string => `[${fmt(lo, 3)}, ${fmt(hi, 3)}]`;
  const lines = ['  step   epoch  val loss  B_simple  95% interval'];
  for (const p of curve.points) {
    lines.push(`${String(p.step).padStart(6)}  ${p.epoch.toFixed(2).padStart(6)}  ${p.valLoss.toFixed(4).padStart(8)}  ${fmt(p.bSimple, 3).padStart(8)}  ${interval(p.lower, p.upper)}${p.status === 'ok' ? '' : ` (${p.status})`}`);
  }
  const last = curve.points[curve.points.length - 1];
  lines.push(`B_simple = ${fmt(last.bSimple, 3)} (95% interval ${interval(last.lower, last.upper)}, ${last.count} pairs of batches ${last.bSmall}/${last.bBig}) at step ${last.step}, val loss ${last.valLoss.toFixed(4)}`);
  if (curve.points.length > 1) {
    lines.push(`trend: B_simple ${curve.growth >= 1 ? 'grew' : 'shrank'} ${fmt(curve.growth >= 1 ? curve.growth : 1 / curve.growth, 3)}× over training (Spearman ρ with step ${curve.trend.toFixed(2)}; McCandlish et al. expect growth as the loss falls)`);
  }
  lines.push(`recommended batch size: ${rec.batchSize} — ${rec.reason} (B_crit ≈ B_simple, McCandlish et al. 2018)`);
  if (rec.plan) {
    const p = rec.plan;
    lines.push(`recommended lr: ${fmt(p.lr)} — ${ref.rule} rule from batch ${ref.batch}, lr ${fmt(ref.lr)}: ${fmt(ref.lr)} × ${ref.rule === 'linear' ? fmt(p.k) : `√${fmt(p.k)}`}` +
      (p.warmupSteps > 0 ? `, warmup ${p.warmupSteps} steps` : ''));
    lines.push(`schedule: ${JSON.stringify(p.schedule)}`);
    for (const w of p.warnings) lines.push(`warning: ${w}`);
  }
  return lines;
}

async function runMeasure(argv: string[]): Promise<number> {
  const tf = await import('../training-flags.js');
  const { values } = parseFlags(argv, {
    ...tf.TRAINING_FLAGS,
    'b-small': { type: 'string' },
    'b-big': { type: 'string' },
    'measure-steps': { type: 'string' },
    'final-steps': { type: 'string' },
    points: { type: 'string' },
    'max-batch': { type: 'string' },
    ...PLAN_FLAGS,
    ...OUTPUT_FLAGS,
  });
  const v = values as Values;
  const spec = tf.parseTrainingFlags(values, { lrOptional: true, defaults: { epochs: 1 } });
  if (spec.lr === undefined && spec.schedule === undefined) {
    spec.lr = defaultLr(spec.optimizer.name);
    spec.optimizer.lr = spec.lr;
  }
  const bSmall = str(v, 'b-small') === undefined ? undefined : intFlag('b-small', str(v, 'b-small'));
  const bBig = str(v, 'b-big') === undefined ? undefined : intFlag('b-big', str(v, 'b-big'));
  const steps = intFlag('measure-steps', str(v, 'measure-steps'), { min: 2, default: 20 });
  const finalSteps = intFlag('final-steps', str(v, 'final-steps'), { min: 2, default: 60 });
  const points = intFlag('points', str(v, 'points'), { min: 1, default: 5 });
  const maxBatch = str(v, 'max-batch') === undefined ? undefined : intFlag('max-batch', str(v, 'max-batch'));
  const rule = choiceFlag('rule', str(v, 'rule'), ['linear', 'sqrt'] as const, 'linear');
  const warmupEpochs = numFlag('warmup-epochs', str(v, 'warmup-epochs'), { min: 0, default: 5 });
  if (bSmall !== undefined && bBig !== undefined && !(bBig > bSmall)) throw new UsageError('--b-big', `must be greater than --b-small (${bSmall})`);
  const target = jsonTarget(v);
  const quiet = v.quiet === true;

  const [{ Trainer }, ns, { Progress }] = await Promise.all([
    import('../../engine/trainer.js'), import('../../engine/noise-scale.js'), import('../progress.js'),
  ]);
  await tf.setupBackend(spec);
  const data = await tf.loadTrainingData(spec);
  const n = data.train.n;
  const pair = asUsage({ datasetSize: '--train-size' }, '--train-size', () => ns.defaultBatchPair(n));
  const small = bSmall ?? pair.bSmall, big = bBig ?? pair.bBig;
  if (big > n) throw new UsageError('--b-big', `must be <= the training set size ${n}`);
  if (!(big > small)) throw new UsageError('--b-big', `must be greater than --b-small (${small})`);
  const model = await tf.buildModel(spec, data);
  const trainer = new Trainer({
    model, optimizer: spec.optimizer, data, batchSize: spec.batchSize, seed: spec.seed,
    schedule: spec.schedule ?? spec.lr, unit: spec.scheduleUnit, normalize: spec.normalize, config: tf.trainingConfig(spec),
  });
  const at = measurementSteps(spec.epochs * trainer.stepsPerEpoch, points);
  const ac = new AbortController();
  const onSigint = (): void => ac.abort();
  process.once('SIGINT', onSigint);
  const progress = new Progress('noise scale', at.length, { quiet });
  let curve: NoiseScaleTrainingCurve;
  try {
    curve = await ns.noiseScaleDuringTraining(trainer, {
      at, bSmall: small, bBig: big, steps, finalSteps, signal: ac.signal,
      onProgress: (phase, i, f) => progress.update(i + f, `point ${i + 1}/${at.length}: ${phase === 'train' ? `training to step ${at[i]}` : 'measuring'}`),
    });
  } finally {
    progress.done();
    process.removeListener('SIGINT', onSigint);
    trainer.dispose();
    model.dispose();
  }
  if (curve.points.length === 0) {
    process.stderr.write('lrlab: interrupted before the first measurement\n');
    return 130;
  }
  const last = curve.points[curve.points.length - 1];
  const fromLr = spec.optimizer.lr;
  const rec = asUsage({ maxBatchSize: '--max-batch', warmupEpochs: '--warmup-epochs' }, '--max-batch', () => recommendBatchSize({
    estimate: last, datasetSize: n, maxBatchSize: maxBatch, fromBatch: spec.batchSize, fromLr, rule, warmupEpochs,
  }));
  const strip = ({ samples: _s, ...p }: typeof last): Omit<typeof last, 'samples'> => p;
  const out = {
    config: { ...trainer.config(), measurement: { bSmall: small, bBig: big, steps, finalSteps, at } },
    points: curve.points.map((p) => ({ ...strip(p), samples: p.samples })),
    trend: curve.trend,
    growth: curve.growth,
    noiseScale: strip(last),
    recommendation: {
      batchSize: rec.batchSize, basis: rec.basis, reason: rec.reason,
      lr: rec.plan?.lr ?? null, rule, fromBatch: spec.batchSize, fromLr, plan: rec.plan,
    },
    seconds: { training: curve.trainSeconds, measuring: curve.measureSeconds },
    ...(curve.aborted ? { aborted: true } : {}),
  };
  if (target !== undefined) writeOutput(target, toJson(out));
  if (target !== '-') process.stdout.write(`${measureText(curve, rec, { batch: spec.batchSize, lr: fromLr, rule }).join('\n')}\n`);
  if (curve.aborted) {
    process.stderr.write(`lrlab: interrupted after ${curve.points.length} measurement(s)\n`);
    return 130;
  }
  return 0;
}
