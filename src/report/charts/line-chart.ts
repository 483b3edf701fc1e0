import { SpecError } from '../../core/spec-error.js';
import { minMaxIndices, pointBudget } from './downsample.js';
import type { ChartSize, VegaLiteSpec } from './types.js';
import { axisScale, specHeader } from './types.js';
import { axisValue, chartSize, nonEmptyArray, optionalText, text } from './validate.js';

/** One line of a {@link lineChart}. */
export interface LineSeries {
  /** Legend label; unique within the chart. */
  name: string;
  /** Points in drawing order (usually increasing x); every y finite — cut a diverged run at its last finite value. */
  points: ReadonlyArray<{ x: number; y: number }>;
  /** Optional spread, one `[lo, hi]` per point (e.g. min–max over seeds), drawn as a translucent band. */
  band?: ReadonlyArray<readonly [number, number]>;
}

/** Options of {@link lineChart}. */
export interface LineChartOptions extends ChartSize {
  series: readonly LineSeries[];
  xTitle: string;
  yTitle: string;
  /** Log x axis (default false); then every x must be > 0. */
  logX?: boolean;
  /** Log y axis (default false); then every y and band bound must be > 0. */
  logY?: boolean;
  title?: string;
  /** Cap on drawn points per series (default 2 × width + 2, at most 2000; min–max downsampled: see `minMaxIndices`). */
  maxPoints?: number;
}

/** Series with at most this many points get a dot on each point, so sparse sweeps show where they were measured. */
const DOTS_UP_TO = 40;

/**
 * Lines of y against x, one colour per series (Okabe–Ito, in the order given), with an optional
 * spread band per series. The studies' workhorse: loss against step, accuracy against LR or
 * batch size, seconds per epoch against batch size.
 *
 * Example:
 * `lineChart({series: [{name: 'lr 0.1', points: [{x: 0, y: 2.3}, {x: 1, y: 0.9}]}], xTitle: 'Epoch', yTitle: 'Loss', logY: true})`.
 */
export function lineChart(opts: LineChartOptions): VegaLiteSpec {
  const series = nonEmptyArray<LineSeries>('series', opts.series);
  const xTitle = text('xTitle', opts.xTitle);
  const yTitle = text('yTitle', opts.yTitle);
  const { width, height } = chartSize(opts);
  const maxPoints = opts.maxPoints ?? pointBudget(width);

  const names: string[] = [];
  const rows: Array<{ series: string; x: number; y: number; lo?: number; hi?: number }> = [];
  let longest = 0;
  series.forEach((s, si) => {
    const at = `series[${si}]`;
    const name = text(`${at}.name`, s?.name);
    if (names.includes(name)) throw new SpecError(`${at}.name`, `must be unique ("${name}" is used twice)`);
    names.push(name);
    const points = nonEmptyArray<{ x: number; y: number }>(`${at}.points`, s.points);
    if (s.band !== undefined && (!Array.isArray(s.band) || s.band.length !== points.length)) {
      throw new SpecError(`${at}.band`, `must have one [lo, hi] per point (${points.length})`);
    }
    const ys = points.map((p, i) => {
      axisValue(`${at}.points[${i}].x`, p?.x, opts.logX);
      return axisValue(`${at}.points[${i}].y`, p.y, opts.logY);
    });
    const keep = minMaxIndices(ys, maxPoints);
    longest = Math.max(longest, keep.length);
    for (const i of keep) {
      const row: (typeof rows)[number] = { series: name, x: points[i].x, y: points[i].y };
      if (s.band) {
        const pair = s.band[i];
        const lo = axisValue(`${at}.band[${i}][0]`, Array.isArray(pair) ? pair[0] : undefined, opts.logY);
        const hi = axisValue(`${at}.band[${i}][1]`, pair[1], opts.logY);
        if (lo > hi) throw new SpecError(`${at}.band[${i}]`, 'must have lo <= hi');
        Object.assign(row, { lo, hi });
      }
      rows.push(row);
    }
  });

  const x = { field: 'x', type: 'quantitative', title: xTitle, scale: axisScale(opts.logX) };
  const y = (field: string) => ({ field, type: 'quantitative', title: yTitle, scale: axisScale(opts.logY) });
  const color = {
    field: 'series',
    type: 'nominal',
    scale: { domain: names },
    // Stroke symbols at full opacity, so the translucent band does not wash out the legend.
    legend: names.length > 1 ? { title: null, symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 2.5 } : null,
  };
  const layers: VegaLiteSpec[] = [];
  if (series.some((s) => s.band !== undefined)) {
    layers.push({
      transform: [{ filter: 'isValid(datum.lo)' }],
      mark: { type: 'area', opacity: 0.18 },
      encoding: { x, y: y('lo'), y2: { field: 'hi' }, color },
    });
  }
  layers.push({
    mark: { type: 'line', point: longest <= DOTS_UP_TO },
    encoding: { x, y: y('y'), color },
  });
  return {
    ...specHeader(optionalText('title', opts.title)),
    width,
    height,
    data: { values: rows },
    layer: layers,
  };
}
