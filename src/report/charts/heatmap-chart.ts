import { SpecError, requireNumber } from '../../core/spec-error.js';
import type { ChartSize, VegaLiteSpec } from './types.js';
import { SEQUENTIAL_SCHEME, axisScale, specHeader } from './types.js';
import { axisValue, chartSize, nonEmptyArray, optionalText, text } from './validate.js';

/** One grid cell; `value: null` marks a trial without a result (diverged or failed), drawn grey. */
export interface HeatCell {
  x: number;
  y: number;
  value: number | null;
}

/** Options of {@link heatmapChart}. */
export interface HeatmapChartOptions extends ChartSize {
  cells: readonly HeatCell[];
  xTitle: string;
  yTitle: string;
  /** Colour legend title, e.g. 'Validation accuracy'. */
  valueTitle: string;
  /** Log x axis (default false): cells span geometric midpoints, so a log-spaced grid gets equal widths. */
  logX?: boolean;
  /** Log y axis (default false), likewise. */
  logY?: boolean;
  /** Print each value in its cell (default false). */
  annotate?: boolean;
  /** Cells to outline, e.g. the best LR per batch size; each must be one of `cells`. */
  highlight?: ReadonlyArray<{ x: number; y: number }>;
  /** d3-format string for annotations (default '.3~g': 0.97341 → 0.973). */
  valueFormat?: string;
  title?: string;
}

/** Grey for cells without a result: outside viridis, so it never reads as a value. */
const MISSING = '#d9d9d9';

/**
 * Edges of the cells centred on sorted distinct grid values: midpoints between neighbours
 * (geometric on a log axis), the outer edges mirrored by half the neighbouring gap. A lone value
 * gets width 1 (linear) or one decade (log).
 *
 * Example: `[1, 10, 100]` on a log axis → edges `[1/√10, √10, √1000, 100·√10]`.
 */
export function cellEdges(values: readonly number[], log: boolean | undefined): number[] {
  // Geometric mean on a log axis is the midpoint in log space; computed directly it avoids log/exp round-off.
  const mid = (a: number, b: number) => (log ? Math.sqrt(a * b) : (a + b) / 2);
  const mirror = (v: number, edge: number) => (log ? (v * v) / edge : 2 * v - edge);
  const n = values.length;
  if (n === 1) return log ? [values[0] / Math.sqrt(10), values[0] * Math.sqrt(10)] : [values[0] - 0.5, values[0] + 0.5];
  const inner = values.slice(1).map((v, i) => mid(values[i], v));
  return [mirror(values[0], inner[0]), ...inner, mirror(values[n - 1], inner[n - 2])];
}

/**
 * A grid of values as coloured cells (viridis) on true numeric axes, optionally annotated and
 * with chosen cells outlined. Made for the LR × batch-size map: with `logX`/`logY` the ridge of
 * best LRs can be read as a slope on log–log axes.
 *
 * Example:
 * `heatmapChart({cells: [{x: 0.01, y: 32, value: 0.91}, {x: 0.1, y: 32, value: 0.95}], xTitle: 'LR', yTitle: 'Batch size', valueTitle: 'Val. accuracy', logX: true, logY: true, annotate: true})`.
 */
export function heatmapChart(opts: HeatmapChartOptions): VegaLiteSpec {
  const cells = nonEmptyArray<HeatCell>('cells', opts.cells);
  const xTitle = text('xTitle', opts.xTitle);
  const yTitle = text('yTitle', opts.yTitle);
  const valueTitle = text('valueTitle', opts.valueTitle);
  const { width, height } = chartSize(opts);
  const format = opts.valueFormat === undefined ? '.3~g' : text('valueFormat', opts.valueFormat);

  const seen = new Map<string, number>();
  cells.forEach((c, i) => {
    axisValue(`cells[${i}].x`, c?.x, opts.logX);
    axisValue(`cells[${i}].y`, c.y, opts.logY);
    if (c.value !== null) requireNumber(`cells[${i}].value`, c.value, 'must be a finite number or null', () => true);
    const key = `${c.x},${c.y}`;
    if (seen.has(key)) throw new SpecError(`cells[${i}]`, `must not repeat the cell of cells[${seen.get(key)}]`);
    seen.set(key, i);
  });
  const highlight = (opts.highlight ?? []).map((h, i) => {
    const index = seen.get(`${h?.x},${h?.y}`);
    if (index === undefined) throw new SpecError(`highlight[${i}]`, 'must be the x and y of one of the cells');
    return index;
  });

  const xs = [...new Set(cells.map((c) => c.x))].sort((a, b) => a - b);
  const ys = [...new Set(cells.map((c) => c.y))].sort((a, b) => a - b);
  const xEdges = cellEdges(xs, opts.logX);
  const yEdges = cellEdges(ys, opts.logY);
  const centre = (a: number, b: number, log: boolean | undefined) => (log ? Math.sqrt(a * b) : (a + b) / 2);
  const rows = cells.map((c, i) => {
    const xi = xs.indexOf(c.x);
    const yi = ys.indexOf(c.y);
    const [x0, x1, y0, y1] = [xEdges[xi], xEdges[xi + 1], yEdges[yi], yEdges[yi + 1]];
    return { x: c.x, y: c.y, value: c.value, x0, x1, y0, y1, cx: centre(x0, x1, opts.logX), cy: centre(y0, y1, opts.logY), highlight: highlight.includes(i) };
  });

  const axis = (values: number[]) => ({ values, format: '~g', labelOverlap: true, grid: false });
  const scale = (edges: number[], log: boolean | undefined) => ({
    ...axisScale(log),
    domain: [edges[0], edges[edges.length - 1]],
    nice: false,
  });
  const position = {
    x: { field: 'x0', type: 'quantitative', title: xTitle, scale: scale(xEdges, opts.logX), axis: axis(xs) },
    x2: { field: 'x1' },
    y: { field: 'y0', type: 'quantitative', title: yTitle, scale: scale(yEdges, opts.logY), axis: axis(ys) },
    y2: { field: 'y1' },
  };
  const values = cells.flatMap((c) => (c.value === null ? [] : [c.value]));
  const layers: VegaLiteSpec[] = [
    {
      transform: [{ filter: 'isValid(datum.value)' }],
      mark: { type: 'rect' },
      encoding: { ...position, color: { field: 'value', type: 'quantitative', title: valueTitle, scale: { scheme: SEQUENTIAL_SCHEME } } },
    },
  ];
  if (values.length < cells.length) {
    layers.push({ transform: [{ filter: '!isValid(datum.value)' }], mark: { type: 'rect', color: MISSING }, encoding: position });
  }
  if (highlight.length > 0) {
    // Black outline with a white core: visible on both ends of viridis.
    for (const [stroke, strokeWidth] of [['black', 3.5], ['white', 1.2]] as const) {
      layers.push({ transform: [{ filter: 'datum.highlight' }], mark: { type: 'rect', fill: null, stroke, strokeWidth }, encoding: position });
    }
  }
  if (opts.annotate) {
    // Viridis is dark at the low end and light at the high end: white text below the middle value.
    const middle = values.length > 0 ? (Math.min(...values) + Math.max(...values)) / 2 : 0;
    layers.push({
      transform: [{ calculate: `isValid(datum.value) ? format(datum.value, ${JSON.stringify(format)}) : 'n/a'`, as: 'label' }],
      mark: { type: 'text', fontSize: 11 },
      encoding: {
        x: { field: 'cx', type: 'quantitative' },
        y: { field: 'cy', type: 'quantitative' },
        text: { field: 'label', type: 'nominal' },
        color: { condition: { test: `!isValid(datum.value) || datum.value >= ${middle}`, value: 'black' }, value: 'white' },
      },
    });
  }
  return { ...specHeader(optionalText('title', opts.title)), width, height, data: { values: rows }, layer: layers };
}
