import { heatmapChart, type HeatCell } from '../report/charts/index.js';
import type { VegaLiteSpec } from '../report/charts/types.js';
import { resolveSchedule } from '../core/schedules/index.js';
import type { TrialConfig, TrialOutcome } from '../trial/config.js';

/** One trial as a row of the sweep table. Accuracies are fractions; null where the trial has no finished epoch. */
export interface SweepRow {
  id: string;
  optimizer: string;
  /** The learning rate (with a schedule spec: its value at step 0; NaN for an invalid spec). */
  lr: number;
  batchSize: number;
  /** The trial's learning rate is a schedule spec, not a constant (then `lr` is where it starts). */
  scheduled: boolean;
  status: TrialOutcome['status'];
  valAccuracy: number | null;
  valLoss: number | null;
  trainAccuracy: number | null;
  trainLoss: number | null;
  /** Wall-clock seconds of the trial (data, model, training, evaluation). */
  seconds: number;
}

export interface SweepSummary {
  trials: number;
  ok: number;
  diverged: number;
  errors: number;
  /** The trial with the highest final validation accuracy (ties: lower validation loss), among those that finished without diverging. */
  best: SweepRow | null;
  /** The same per batch size, in increasing batch size (sizes where every trial failed are left out). */
  bestPerBatchSize: SweepRow[];
  rows: SweepRow[];
  table: { columns: string[]; rows: (string | number | null)[][] };
}

/** A trial as a table row (final epoch's metrics; null when it has none). */
export function sweepRow(o: TrialOutcome): SweepRow {
  const final = (o.result?.final ?? null) as Record<string, number> | null;
  const num = (k: string): number | null => (final && typeof final[k] === 'number' ? final[k] : null);
  return {
    id: o.id,
    optimizer: String(o.config.optimizer?.name ?? ''),
    lr: startLr(o.config.schedule),
    batchSize: o.config.batchSize,
    scheduled: typeof o.config.schedule !== 'number',
    status: o.status,
    valAccuracy: num('valAccuracy'),
    valLoss: num('valLoss'),
    trainAccuracy: num('trainAccuracy'),
    trainLoss: num('trainLoss'),
    seconds: o.seconds,
  };
}

/** The learning rate of step 0 of a trial's schedule. */
function startLr(schedule: TrialConfig['schedule']): number {
  if (typeof schedule === 'number') return schedule;
  try {
    return resolveSchedule(schedule).lr(0);
  } catch {
    // An invalid spec is an error trial; its row still shows, without an LR.
    return NaN;
  }
}

/** Is `a` a better trial than `b`: higher validation accuracy, then lower validation loss. */
function better(a: SweepRow, b: SweepRow): boolean {
  const av = a.valAccuracy as number, bv = b.valAccuracy as number;
  if (av !== bv) return av > bv;
  return (a.valLoss ?? Infinity) < (b.valLoss ?? Infinity);
}

function eligible(r: SweepRow): boolean {
  return r.status === 'ok' && r.valAccuracy !== null && Number.isFinite(r.valAccuracy);
}

/**
 * Counts, the best trial overall and per batch size, and the table written to `summary.json`.
 *
 * @example summarizeSweep(outcomes).bestPerBatchSize.map((r) => [r.batchSize, r.lr])
 */
export function summarizeSweep(outcomes: readonly TrialOutcome[]): SweepSummary {
  const rows = outcomes.map(sweepRow);
  let best: SweepRow | null = null;
  const perBatch = new Map<number, SweepRow>();
  for (const r of rows.filter(eligible)) {
    if (best === null || better(r, best)) best = r;
    const cur = perBatch.get(r.batchSize);
    if (cur === undefined || better(r, cur)) perBatch.set(r.batchSize, r);
  }
  return {
    trials: rows.length,
    ok: rows.filter((r) => r.status === 'ok').length,
    diverged: rows.filter((r) => r.status === 'diverged').length,
    errors: rows.filter((r) => r.status === 'error').length,
    best,
    bestPerBatchSize: [...perBatch.values()].sort((a, b) => a.batchSize - b.batchSize),
    rows,
    table: {
      columns: ['trial', 'optimizer', 'lr', 'batch size', 'status', 'val accuracy', 'val loss', 'train accuracy', 'seconds'],
      rows: rows.map((r) => [r.id, r.optimizer, r.lr, r.batchSize, r.status, r.valAccuracy, r.valLoss, r.trainAccuracy, Number(r.seconds.toFixed(2))]),
    },
  };
}

/**
 * The validation-accuracy heatmap over LR × batch size (log–log axes) for one optimizer, the
 * best LR of each batch size outlined; trials without a result (diverged, failed) are grey.
 * Null when there is nothing to draw or two trials share a cell (e.g. schedules starting at the
 * same LR), since one cell cannot show two results.
 */
export function sweepHeatmap(outcomes: readonly TrialOutcome[], optimizer: string): VegaLiteSpec | null {
  const rows = outcomes.map(sweepRow).filter((r) => r.optimizer === optimizer && r.lr > 0);
  if (rows.length === 0) return null;
  const cells: HeatCell[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const key = `${r.lr},${r.batchSize}`;
    if (seen.has(key)) return null;
    seen.add(key);
    cells.push({ x: r.lr, y: r.batchSize, value: eligible(r) ? r.valAccuracy : null });
  }
  const highlight = summarizeSweep(outcomes.filter((o) => o.config.optimizer?.name === optimizer))
    .bestPerBatchSize.map((r) => ({ x: r.lr, y: r.batchSize }));
  return heatmapChart({
    cells,
    xTitle: 'Learning rate',
    yTitle: 'Batch size',
    valueTitle: 'Validation accuracy',
    logX: true,
    logY: true,
    annotate: cells.length <= 64,
    highlight,
    title: `Validation accuracy after training (${optimizer}); outlined: best LR per batch size`,
  });
}
