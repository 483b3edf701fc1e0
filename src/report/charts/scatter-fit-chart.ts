import type { ChartSize, VegaLiteSpec } from './types.js';
import { PALETTE, axisScale, specHeader } from './types.js';
import { axisValue, chartSize, nonEmptyArray, optionalText, text } from './validate.js';

type Point = { x: number; y: number };

/** Options of {@link scatterFitChart}. */
export interface ScatterFitChartOptions extends ChartSize {
  /** Measurements, drawn as dots. */
  points: readonly Point[];
  /** The fitted or reference curve, drawn as a line in the given order; may be empty. */
  curve: readonly Point[];
  xTitle: string;
  yTitle: string;
  logX: boolean;
  logY: boolean;
  /** Vertical dashed markers with a label, e.g. the range test's suggested LRs. */
  marks?: ReadonlyArray<{ x: number; label: string }>;
  /** Legend names of the dots and the curve (defaults 'measured' and 'fit'). */
  pointsLabel?: string;
  curveLabel?: string;
  title?: string;
}

/**
 * Measured points with a fitted curve over them and optional labelled vertical markers.
 * Used for power-law fits (best LR against batch size: slope 1 = linear rule, 0.5 = sqrt rule),
 * the critical-batch-size curve, and the range test with its suggestions.
 *
 * Example:
 * `scatterFitChart({points: [{x: 32, y: 0.05}, {x: 256, y: 0.4}], curve: [{x: 32, y: 0.05}, {x: 256, y: 0.4}], xTitle: 'Batch size', yTitle: 'Best LR', logX: true, logY: true})`.
 */
export function scatterFitChart(opts: ScatterFitChartOptions): VegaLiteSpec {
  const points = nonEmptyArray<Point>('points', opts.points);
  const curve = opts.curve === undefined ? [] : [...opts.curve];
  const xTitle = text('xTitle', opts.xTitle);
  const yTitle = text('yTitle', opts.yTitle);
  const pointsLabel = text('pointsLabel', opts.pointsLabel ?? 'measured');
  const curveLabel = text('curveLabel', opts.curveLabel ?? 'fit');
  const { width, height } = chartSize(opts);
  const check = (at: string) => (p: Point, i: number) => {
    axisValue(`${at}[${i}].x`, p?.x, opts.logX);
    axisValue(`${at}[${i}].y`, p.y, opts.logY);
  };
  points.forEach(check('points'));
  curve.forEach(check('curve'));
  const marks = (opts.marks ?? []).map((m, i) => ({
    x: axisValue(`marks[${i}].x`, m?.x, opts.logX),
    label: text(`marks[${i}].label`, m.label),
    // Stagger labels over three rows so nearby markers do not overprint each other.
    row: 4 + 15 * (i % 3),
    colour: PALETTE[(i + 2) % PALETTE.length],
  }));

  const x = { field: 'x', type: 'quantitative', title: xTitle, scale: axisScale(opts.logX) };
  const y = { field: 'y', type: 'quantitative', title: yTitle, scale: axisScale(opts.logY) };
  const legend = { field: 'kind', type: 'nominal', title: null, scale: { domain: curve.length > 0 ? [pointsLabel, curveLabel] : [pointsLabel], range: [PALETTE[0], PALETTE[1]] } };
  const layers: VegaLiteSpec[] = [
    {
      data: { values: points.map((p) => ({ x: p.x, y: p.y, kind: pointsLabel })) },
      mark: { type: 'point', filled: true, size: 36, opacity: 0.8 },
      encoding: { x, y, color: legend },
    },
  ];
  if (curve.length > 0) {
    layers.push({
      data: { values: curve.map((p, order) => ({ x: p.x, y: p.y, kind: curveLabel, order })) },
      mark: { type: 'line' },
      encoding: { x, y, color: legend, order: { field: 'order', type: 'quantitative' } },
    });
  }
  if (marks.length > 0) {
    layers.push({
      data: { values: marks },
      mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 1.5 },
      encoding: { x, color: { field: 'colour', type: 'nominal', scale: null } },
    });
    layers.push({
      data: { values: marks },
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, fontSize: 12 },
      encoding: { x, y: { field: 'row', type: 'quantitative', scale: null }, text: { field: 'label' }, color: { field: 'colour', type: 'nominal', scale: null } },
    });
  }
  return { ...specHeader(optionalText('title', opts.title)), width, height, layer: layers };
}
