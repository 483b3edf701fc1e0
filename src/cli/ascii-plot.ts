import { SpecError } from '../core/spec-error.js';

/** A vertical marker (e.g. a suggested LR) drawn as a dotted column with its char on top. */
export interface PlotMarker {
  x: number;
  label: string;
  /** One character shown at the top of the column and in the legend. */
  char: string;
}

export interface AsciiPlotOptions {
  xs: readonly number[];
  ys: readonly number[];
  /** Log-scaled x axis (default true). */
  logX?: boolean;
  /** Total width in characters, axis labels included (default 72). */
  width?: number;
  /** Rows of the plot area (default 18). */
  height?: number;
  markers?: readonly PlotMarker[];
  /** y range shown; points outside are drawn on the edge. Default: the finite ys' range. */
  yRange?: readonly [number, number];
  xLabel?: string;
  yLabel?: string;
}

/** Compact number: 3 significant digits, exponent form outside [1e-3, 1e4), e.g. 3.16e-2. */
export function formatNumber(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e4) return String(Number(v.toPrecision(3)));
  const [m, e] = v.toExponential(2).split('e');
  return `${String(Number(m))}e${Number(e)}`;
}

/**
 * A line plot in plain characters for the terminal — the range test's loss against log LR
 * with the suggestions marked. The curve is drawn with `*` at every column (linear
 * interpolation in the plotted x between data points) and `|` where it jumps more than one
 * row; each marker is a column of `:` with its char at the top, listed in a legend line.
 * Non-finite ys (and non-positive xs on a log axis) are skipped. Pure: no terminal access.
 *
 * @example console.log(asciiPlot({ xs: r.lrs, ys: r.smoothedLosses, markers: [{ x: 0.03, label: 'valley', char: 'v' }] }))
 */
export function asciiPlot(o: AsciiPlotOptions): string {
  const logX = o.logX ?? true;
  const width = o.width ?? 72;
  const height = o.height ?? 18;
  if (o.xs.length !== o.ys.length) throw new SpecError('ys', 'must have one value per x');
  if (!Number.isInteger(width) || width < 30) throw new SpecError('width', 'must be an integer >= 30');
  if (!Number.isInteger(height) || height < 5) throw new SpecError('height', 'must be an integer >= 5');
  const tx = (x: number): number => (logX ? Math.log10(x) : x);
  const pts = o.xs
    .map((x, i) => ({ x: tx(x), y: o.ys[i] }))
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
    .sort((p, q) => p.x - q.x);
  if (pts.length === 0) return '(no finite points to plot)';

  const [y0, y1] = o.yRange ?? [Math.min(...pts.map((p) => p.y)), Math.max(...pts.map((p) => p.y))];
  const yLo = y0, yHi = y1 > y0 ? y1 : y0 + 1;
  const yLabels = [formatNumber(yHi), formatNumber((yLo + yHi) / 2), formatNumber(yLo)];
  const gutter = Math.max(...yLabels.map((s) => s.length)) + 1;
  const cols = width - gutter - 1;
  const xLo = pts[0].x, xHi = pts[pts.length - 1].x > xLo ? pts[pts.length - 1].x : xLo + 1;
  const colOf = (x: number): number => Math.round(((x - xLo) / (xHi - xLo)) * (cols - 1));
  const xOfCol = (c: number): number => xLo + (c / (cols - 1)) * (xHi - xLo);
  const rowOf = (y: number): number => Math.min(height - 1, Math.max(0, Math.round(((yHi - y) / (yHi - yLo)) * (height - 1))));
  const grid = Array.from({ length: height }, () => Array<string>(cols).fill(' '));

  // Curve: one row per column, interpolated between the data points around the column's x.
  let k = 0, prevRow: number | null = null;
  for (let c = colOf(pts[0].x); c <= colOf(pts[pts.length - 1].x); c++) {
    const x = xOfCol(c);
    while (k < pts.length - 2 && pts[k + 1].x < x) k++;
    const p = pts[k], q = pts[Math.min(k + 1, pts.length - 1)];
    const y = q.x > p.x ? p.y + ((Math.min(Math.max(x, p.x), q.x) - p.x) / (q.x - p.x)) * (q.y - p.y) : p.y;
    const row = rowOf(y);
    if (prevRow !== null) for (let r = Math.min(row, prevRow) + 1; r < Math.max(row, prevRow); r++) grid[r][c] = '|';
    grid[row][c] = '*';
    prevRow = row;
  }

  // Markers: a dotted column, the marker's char stacked at the top.
  const stacked = new Map<number, number>();
  const legend: string[] = [];
  for (const m of o.markers ?? []) {
    const x = tx(m.x);
    legend.push(`${m.char} ${m.label} ${formatNumber(m.x)}`);
    if (!Number.isFinite(x) || x < xLo || x > xHi) continue;
    const c = colOf(x);
    for (let r = 0; r < height; r++) if (grid[r][c] === ' ') grid[r][c] = ':';
    const level = stacked.get(c) ?? 0;
    grid[Math.min(level, height - 1)][c] = m.char.slice(0, 1) || '?';
    stacked.set(c, level + 1);
  }

  const lines: string[] = [];
  if (o.yLabel) lines.push(o.yLabel);
  grid.forEach((cells, r) => {
    const label = r === 0 ? yLabels[0] : r === height - 1 ? yLabels[2] : r === Math.floor((height - 1) / 2) ? yLabels[1] : '';
    lines.push(`${label.padStart(gutter - 1)} |${cells.join('')}`.trimEnd());
  });
  lines.push(`${' '.repeat(gutter)}+${'-'.repeat(cols)}`);
  lines.push(xTickLine(xLo, xHi, cols, gutter + 1, logX, colOf));
  if (o.xLabel) lines.push(`${' '.repeat(gutter + 1)}${o.xLabel}`.slice(0, width));
  if (legend.length) lines.push(...wrap(legend, width));
  return lines.join('\n');
}

function xTickLine(xLo: number, xHi: number, cols: number, offset: number, logX: boolean, colOf: (x: number) => number): string {
  let ticks: { x: number; label: string }[];
  if (logX) {
    const first = Math.ceil(xLo - 1e-9), last = Math.floor(xHi + 1e-9);
    const every = Math.max(1, Math.ceil((last - first + 1) / Math.max(1, Math.floor(cols / 6))));
    ticks = [];
    for (let e = first; e <= last; e += every) ticks.push({ x: e, label: `1e${e}` });
  } else {
    ticks = Array.from({ length: 5 }, (_, i) => {
      const x = xLo + (i / 4) * (xHi - xLo);
      return { x, label: formatNumber(x) };
    });
  }
  const line = Array<string>(offset + cols + 8).fill(' ');
  let free = 0;
  for (const t of ticks) {
    const start = Math.max(0, Math.min(offset + colOf(t.x) - Math.floor(t.label.length / 2), offset + cols - t.label.length));
    if (start < free) continue;
    for (let i = 0; i < t.label.length; i++) line[start + i] = t.label[i];
    free = start + t.label.length + 1;
  }
  return line.join('').trimEnd();
}

function wrap(items: string[], width: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const it of items) {
    const next = cur ? `${cur}   ${it}` : it;
    if (next.length > width && cur) { out.push(cur); cur = it; } else cur = next;
  }
  if (cur) out.push(cur);
  return out;
}

/** What `finderAsciiPlot` needs from a range-test result (RangeTestResult fits). */
export interface FinderPlotInput {
  lrs: readonly number[];
  smoothedLosses: readonly number[];
  suggestions: Partial<Record<string, { lr: number } | null>>;
  suggested?: { lr: number; rule: string; from?: readonly string[] } | null;
}

const RULE_CHARS: Record<string, string> = { steepest: 's', minimum: 'm', valley: 'v', slide: 'd' };

/**
 * The range-test curve for the terminal: smoothed loss against log LR, each suggestion marked
 * with its initial (s steepest, m minimum, v valley, d slide; `*` after the suggested one in
 * the legend). The y axis runs from the lowest smoothed loss to the first one plus a quarter
 * of the drop, so the final blow-up leaves through the top instead of flattening the valley.
 */
export function finderAsciiPlot(r: FinderPlotInput, opts: { width?: number; height?: number } = {}): string {
  const ys = r.smoothedLosses;
  const markers = Object.entries(r.suggestions).flatMap(([rule, s]) =>
    s ? [{ x: s.lr, label: (r.suggested?.from ?? [r.suggested?.rule]).includes(rule) ? `${rule}*` : rule, char: RULE_CHARS[rule] ?? rule.slice(0, 1) }] : [],
  );
  let yRange: [number, number] | undefined;
  if (ys.length > 0) {
    const lo = Math.min(...ys);
    const hi = Math.min(Math.max(...ys), ys[0] + 0.25 * (ys[0] - lo));
    if (hi > lo) yRange = [lo, hi];
  }
  return asciiPlot({ xs: r.lrs, ys, markers, yRange, xLabel: 'learning rate (log scale)', yLabel: 'smoothed loss', ...opts });
}
