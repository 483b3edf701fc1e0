import { batchSchedule, decayToBatchGrowth, type BatchGrowthPlan } from '../../../core/batch/index.js';
import { fromSpec } from '../../../core/schedules/index.js';
import { intFlag, numFlag, parseFlags } from '../../args.js';
import { UsageError } from '../../errors.js';
import { readJsonFlag } from '../../json-flag.js';
import { toJson, writeOutput } from '../../output.js';
import { asUsage, fmt, jsonTarget, OUTPUT_FLAGS, str, type Values } from './flags.js';

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

/** `--convert-schedule`: an LR decay turned into batch-size growth at the same noise scale. */
export async function runConvert(argv: string[]): Promise<number> {
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
