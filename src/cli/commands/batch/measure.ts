import { recommendBatchSize, type BatchRecommendation } from '../../../core/batch/index.js';
import type { NoiseScaleTrainingCurve } from '../../../engine/noise-scale.js';
import { choiceFlag, intFlag, numFlag, parseFlags } from '../../args.js';
import { UsageError } from '../../errors.js';
import { toJson, writeOutput } from '../../output.js';
import { asUsage, fmt, jsonTarget, OUTPUT_FLAGS, PLAN_FLAGS, str, type Values } from './flags.js';

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

/** Measure mode: B_simple along training, the recommended batch size and its scaled LR. */
export async function runMeasure(argv: string[]): Promise<number> {
  const tf = await import('../../training-flags.js');
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
  const parsed = tf.parseTrainingFlags(values, { lrOptional: true, defaults: { epochs: 1 } });
  const spec = { ...parsed, schedule: parsed.schedule ?? defaultLr(parsed.optimizer.name) };
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

  const [ns, { Progress }] = await Promise.all([import('../../../engine/noise-scale.js'), import('../../progress.js')]);
  await tf.setupBackend(spec);
  const data = await tf.loadTrainingData(spec);
  const n = data.train.n;
  const pair = asUsage({ datasetSize: '--train-size' }, '--train-size', () => ns.defaultBatchPair(n));
  const small = bSmall ?? pair.bSmall, big = bBig ?? pair.bBig;
  if (big > n) throw new UsageError('--b-big', `must be <= the training set size ${n}`);
  if (!(big > small)) throw new UsageError('--b-big', `must be greater than --b-small (${small})`);
  const trial = await tf.buildCommandTrial(spec, data);
  const { trainer } = trial;
  // The LR being scaled: the constant LR, or the schedule's value at the first step.
  const fromLr = trainer.learningRate;
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
    trial.dispose();
  }
  if (curve.points.length === 0) {
    process.stderr.write('lrlab: interrupted before the first measurement\n');
    return 130;
  }
  const last = curve.points[curve.points.length - 1];
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
