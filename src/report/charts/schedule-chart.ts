import { SpecError, requireNumber } from '../../core/spec-error.js';
import { minMaxIndices, pointBudget } from './downsample.js';
import type { ChartSize, VegaLiteSpec } from './types.js';
import { PALETTE, axisScale, specHeader } from './types.js';
import { chartSize, nonEmptyArray, optionalText } from './validate.js';

/** Options of {@link scheduleChart}. */
export interface ScheduleChartOptions extends ChartSize {
  /** Log-scale LR axis (default false). Steps with lr ≤ 0 cannot be drawn there: they are left out and the subtitle says how many. */
  log?: boolean;
  /** Chart title (default none). */
  title?: string;
  /** Cap on drawn points per panel (default 2 × width + 2, at most 2000); longer series are min–max downsampled, see `minMaxIndices`. */
  maxPoints?: number;
}

/**
 * Chart of a schedule: learning rate against step, plus a momentum panel below (sharing the
 * step axis) when the schedule cycles momentum.
 *
 * Input is `lrlab schedule`'s JSON, `{lr: [...], momentum: [...] | null}`, value i at step i.
 * Long series are downsampled to ≤ maxPoints points per panel (default: a min and a max per pixel
 * column, 1122 at the default width, never over 2000), keeping each bucket's min and max, so
 * restarts and spikes stay visible (see `minMaxIndices`).
 *
 * Example: `scheduleChart({lr: [0.1, 0.05, 0.01], momentum: null}, {log: true, title: 'step decay'})`.
 */
export function scheduleChart(data: { lr: number[]; momentum: number[] | null }, opts: ScheduleChartOptions = {}): VegaLiteSpec {
  const lr = nonEmptyArray<number>('lr', data?.lr);
  lr.forEach((v, i) => requireNumber(`lr[${i}]`, v, 'must be a finite number', () => true));
  const momentum = data.momentum === null ? null : nonEmptyArray<number>('momentum', data.momentum);
  if (momentum !== null) {
    if (momentum.length !== lr.length) throw new SpecError('momentum', `must have the same length as lr (${lr.length})`);
    momentum.forEach((v, i) => requireNumber(`momentum[${i}]`, v, 'must be a finite number', () => true));
  }
  const title = optionalText('title', opts.title);
  const { width, height } = chartSize(opts);
  const maxPoints = opts.maxPoints ?? pointBudget(width);

  // On a log axis, drop non-positive LRs before downsampling so a bucket's minimum is a drawable value.
  const drawable = opts.log ? lr.flatMap((v, i) => (v > 0 ? [i] : [])) : lr.map((_, i) => i);
  if (drawable.length === 0) throw new SpecError('lr', 'must have a value > 0 to draw on a log scale');
  const hidden = lr.length - drawable.length;
  const subtitle = hidden > 0 ? `${hidden} step${hidden === 1 ? '' : 's'} with lr ≤ 0 not shown on the log scale` : undefined;

  const lrSteps = minMaxIndices(drawable.map((i) => lr[i]), maxPoints).map((j) => drawable[j]);
  const stepAxis = {
    field: 'step',
    type: 'quantitative',
    title: 'Step',
    scale: { domain: [0, Math.max(1, lr.length - 1)], nice: false, zero: false },
    axis: { format: 'd' },
  };
  const lrPanel: VegaLiteSpec = {
    width,
    height,
    data: { values: lrSteps.map((step) => ({ step, lr: lr[step] })) },
    mark: { type: 'line', color: PALETTE[0] },
    encoding: {
      // With a momentum panel below, its step axis labels both panels.
      x: momentum === null ? stepAxis : { ...stepAxis, title: null, axis: { labels: false } },
      y: { field: 'lr', type: 'quantitative', title: 'Learning rate', scale: axisScale(opts.log, !opts.log) },
    },
  };
  const header = specHeader(title, subtitle);
  if (momentum === null) return { ...header, ...lrPanel };

  const momentumSteps = minMaxIndices(momentum, maxPoints);
  const momentumPanel: VegaLiteSpec = {
    width,
    height: Math.max(60, Math.round(height / 3)),
    data: { values: momentumSteps.map((step) => ({ step, momentum: momentum[step] })) },
    mark: { type: 'line', color: PALETTE[1] },
    encoding: {
      x: stepAxis,
      y: { field: 'momentum', type: 'quantitative', title: 'Momentum', scale: axisScale(false) },
    },
  };
  return { ...header, vconcat: [lrPanel, momentumPanel], spacing: 8, resolve: { scale: { x: 'shared' } } };
}
