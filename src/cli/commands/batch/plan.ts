import { planScaling, type ScalingPlan } from '../../../core/batch/index.js';
import { choiceFlag, intFlag, numFlag, parseFlags } from '../../args.js';
import { UsageError } from '../../errors.js';
import { readJsonFlag } from '../../json-flag.js';
import { toJson, writeOutput } from '../../output.js';
import { asUsage, fmt, jsonTarget, OUTPUT_FLAGS, PLAN_FLAGS, str, type Values } from './flags.js';

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
  const json = readJsonFlag('--critical-batch', raw);
  const b = (json as { noiseScale?: { bSimple?: unknown } } | null)?.noiseScale?.bSimple;
  if (typeof b !== 'number' || !(b > 0) || !Number.isFinite(b)) {
    throw new UsageError('--critical-batch', `'${file}' has no finite noiseScale.bSimple > 0 (a 'lrlab batch --json' result)`);
  }
  return b;
}

/** `--plan`: the scaled LR and warmup schedule for a new batch size. */
export async function runPlan(argv: string[]): Promise<number> {
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
