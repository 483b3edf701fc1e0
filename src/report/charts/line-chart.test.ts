import { describe, expect, it } from 'vitest';
import { compileVegaLite, scaleTypes } from '../compile.js';
import { renderSvg } from '../render.js';
import { lineChart } from './line-chart.js';

type Row = { series: string; x: number; y: number; lo?: number; hi?: number };
const rows = (spec: Record<string, unknown>) => (spec.data as { values: Row[] }).values;

function compiled(spec: Record<string, unknown>) {
  const { vega, warnings } = compileVegaLite(spec);
  expect(warnings).toEqual([]);
  return vega as unknown as Record<string, unknown>;
}

const line = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => ({ x: i + 1, y: f(i) }));

describe('lineChart', () => {
  it('has one row per point of every series, in series order', () => {
    const spec = lineChart({
      series: [
        { name: 'a', points: line(3, (i) => 3 - i) },
        { name: 'b', points: line(2, (i) => 10 * (i + 1)) },
      ],
      xTitle: 'Epoch',
      yTitle: 'Loss',
    });
    expect(rows(spec)).toEqual([
      { series: 'a', x: 1, y: 3 },
      { series: 'a', x: 2, y: 2 },
      { series: 'a', x: 3, y: 1 },
      { series: 'b', x: 1, y: 10 },
      { series: 'b', x: 2, y: 20 },
    ]);
    expect(scaleTypes(compiled(spec) as never)).toMatchObject({ x: 'linear', y: 'linear' });
  });

  it('sets log scales when asked', () => {
    const spec = lineChart({ series: [{ name: 'a', points: line(3, (i) => 10 ** -i) }], xTitle: 'LR', yTitle: 'Loss', logX: true, logY: true });
    expect(scaleTypes(compiled(spec) as never)).toMatchObject({ x: 'log', y: 'log' });
  });

  it('draws a band from the per-point [lo, hi] of a series', () => {
    const spec = lineChart({
      series: [
        { name: 'mean of 3 seeds', points: line(3, () => 0.5), band: [[0.4, 0.6], [0.45, 0.55], [0.3, 0.7]] },
        { name: 'one seed', points: line(3, () => 0.2) },
      ],
      xTitle: 'Epoch',
      yTitle: 'Accuracy',
    });
    expect(rows(spec).slice(0, 3).map((r) => [r.lo, r.hi])).toEqual([[0.4, 0.6], [0.45, 0.55], [0.3, 0.7]]);
    expect(rows(spec)[3]).not.toHaveProperty('lo');
    const marks = JSON.stringify(compiled(spec));
    expect(marks).toContain('"type":"area"');
  });

  it('downsamples a long series and keeps each band with its own point', () => {
    const n = 5000;
    const points = line(n, (i) => 1 + Math.sin(i / 50));
    const band = points.map((p) => [p.y - p.x / 1e4, p.y + p.x / 1e4] as const);
    const r = rows(lineChart({ series: [{ name: 'loss', points, band }], xTitle: 'Step', yTitle: 'Loss' }));
    // Default budget at width 560: 2·560 + 2 = 1122 points.
    expect(r.length).toBeLessThanOrEqual(1122);
    expect(r.length).toBeGreaterThan(1000);
    for (const row of r) {
      expect(row.lo).toBeCloseTo(row.y - row.x / 1e4, 12);
      expect(row.hi).toBeCloseTo(row.y + row.x / 1e4, 12);
    }
  });

  it('renders axis titles and series names', async () => {
    const svg = await renderSvg(
      lineChart({ series: [{ name: 'lr 0.1', points: line(4, (i) => i) }, { name: 'lr 1', points: line(4, (i) => 2 * i) }], xTitle: 'Epoch', yTitle: 'Validation accuracy', width: 200, height: 100 }),
    );
    for (const s of ['Epoch', 'Validation accuracy', 'lr 0.1', 'lr 1']) expect(svg).toContain(s);
  });

  it('names the offending field on bad input', () => {
    const base = { xTitle: 'x', yTitle: 'y' };
    expect(() => lineChart({ ...base, series: [] })).toThrow('series: must be a non-empty array');
    expect(() => lineChart({ ...base, series: [{ name: 'a', points: [] }] })).toThrow('series[0].points: must be a non-empty array');
    expect(() => lineChart({ ...base, series: [{ name: 'a', points: line(2, () => 1) }, { name: 'a', points: line(2, () => 1) }] })).toThrow(
      'series[1].name: must be unique ("a" is used twice)',
    );
    expect(() => lineChart({ ...base, series: [{ name: 'a', points: line(2, (i) => i) }], logY: true })).toThrow('series[0].points[0].y: must be a finite number > 0 (log scale)');
    expect(() => lineChart({ ...base, series: [{ name: 'a', points: [{ x: Number.NaN, y: 1 }] }] })).toThrow('series[0].points[0].x: must be a finite number');
    expect(() => lineChart({ ...base, series: [{ name: 'a', points: line(2, () => 1), band: [[0, 1]] }] })).toThrow('series[0].band: must have one [lo, hi] per point (2)');
    expect(() => lineChart({ ...base, series: [{ name: 'a', points: line(1, () => 1), band: [[2, 1]] }] })).toThrow('series[0].band[0]: must have lo <= hi');
    expect(() => lineChart({ ...base, xTitle: '', series: [{ name: 'a', points: line(1, () => 1) }] })).toThrow('xTitle: must be a non-empty string');
  });
});
