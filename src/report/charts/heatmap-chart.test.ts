import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileVegaLite, scaleTypes } from '../compile.js';
import { renderSvg } from '../render.js';
import { cellEdges, heatmapChart } from './heatmap-chart.js';

type Row = { x: number; y: number; value: number | null; x0: number; x1: number; y0: number; y1: number; highlight: boolean };
const rows = (spec: Record<string, unknown>) => (spec.data as { values: Row[] }).values;

function scales(spec: Record<string, unknown>) {
  const { vega, warnings } = compileVegaLite(spec);
  expect(warnings).toEqual([]);
  return scaleTypes(vega);
}

const grid = (lrs: number[], batches: number[], value: (lr: number, b: number) => number | null) =>
  batches.flatMap((y) => lrs.map((x) => ({ x, y, value: value(x, y) })));

describe('cellEdges', () => {
  it('puts edges at midpoints and mirrors the outer ones (hand values)', () => {
    // Linear: midpoints (16+32)/2 = 24, (32+64)/2 = 48; outer 16 − (24 − 16) = 8 and 64 + (64 − 48) = 80.
    expect(cellEdges([16, 32, 64], false)).toEqual([8, 24, 48, 80]);
    // Log: in log10 space 0, 1, 2 → edges −0.5, 0.5, 1.5, 2.5.
    const log = cellEdges([1, 10, 100], true);
    [10 ** -0.5, 10 ** 0.5, 10 ** 1.5, 10 ** 2.5].forEach((e, i) => expect(log[i]).toBeCloseTo(e, 12));
    // A lone value spans width 1 (linear) or one decade (log).
    expect(cellEdges([5], false)).toEqual([4.5, 5.5]);
    const lone = cellEdges([0.1], true);
    expect(lone[0]).toBeCloseTo(10 ** -1.5, 15);
    expect(lone[1]).toBeCloseTo(10 ** -0.5, 15);
  });

  it('separates sorted values: each value lies strictly inside its own cell', () => {
    // Grid values are distinct settings, never neighbouring doubles: keep relative gaps ≥ 1e-9.
    const sorted = fc
      .uniqueArray(fc.double({ min: 1e-4, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 12 })
      .map((a) => a.sort((p, q) => p - q))
      .filter((a) => a.every((v, i) => i === 0 || v - a[i - 1] > 1e-9 * v));
    fc.assert(
      fc.property(sorted, fc.boolean(), (values, log) => {
        const edges = cellEdges(values, log);
        expect(edges.length).toBe(values.length + 1);
        values.forEach((v, i) => {
          expect(edges[i]).toBeLessThan(v);
          expect(edges[i + 1]).toBeGreaterThan(v);
        });
      }),
    );
  });
});

describe('heatmapChart', () => {
  const lrs = [0.001, 0.01, 0.1];
  const batches = [32, 128];

  it('gives every cell its own rectangle on log axes, tiling the plot without gaps', () => {
    const spec = heatmapChart({ cells: grid(lrs, batches, (lr, b) => lr * b), xTitle: 'Learning rate', yTitle: 'Batch size', valueTitle: 'Accuracy', logX: true, logY: true });
    const r = rows(spec);
    expect(r.length).toBe(6);
    const row32 = r.filter((c) => c.y === 32);
    for (let i = 1; i < row32.length; i++) expect(row32[i].x0).toBe(row32[i - 1].x1);
    // Log-spaced LRs a decade apart: the edge between 0.001 and 0.01 is their geometric mean √(1e-5).
    expect(row32[0].x1).toBeCloseTo(Math.sqrt(0.001 * 0.01), 15);
    expect(scales(spec)).toMatchObject({ x: 'log', y: 'log' });
  });

  it('uses linear axes by default', () => {
    expect(scales(heatmapChart({ cells: grid([1, 2], [3, 4], () => 1), xTitle: 'a', yTitle: 'b', valueTitle: 'v' }))).toMatchObject({ x: 'linear', y: 'linear' });
  });

  it('annotates values, marks missing cells n/a and flags highlighted cells', async () => {
    const spec = heatmapChart({
      cells: grid(lrs, batches, (lr, b) => (lr === 0.1 && b === 32 ? null : 0.9 + lr)),
      xTitle: 'Learning rate',
      yTitle: 'Batch size',
      valueTitle: 'Accuracy',
      logX: true,
      logY: true,
      annotate: true,
      highlight: [{ x: 0.01, y: 128 }],
      width: 240,
      height: 120,
    });
    expect(rows(spec).filter((c) => c.highlight).map((c) => [c.x, c.y])).toEqual([[0.01, 128]]);
    scales(spec);
    const svg = await renderSvg(spec);
    // 0.9 + 0.001 = 0.901 and 0.9 + 0.01 = 0.91 under format '.3~g'.
    for (const s of ['0.901', '0.91', 'n/a', 'Learning rate', 'Batch size', 'Accuracy']) expect(svg).toContain(s);
  });

  it('names the offending field on bad input', () => {
    const base = { xTitle: 'x', yTitle: 'y', valueTitle: 'v' };
    expect(() => heatmapChart({ ...base, cells: [] })).toThrow('cells: must be a non-empty array');
    expect(() => heatmapChart({ ...base, cells: [{ x: 1, y: 1, value: 1 }, { x: 1, y: 1, value: 2 }] })).toThrow('cells[1]: must not repeat the cell of cells[0]');
    expect(() => heatmapChart({ ...base, cells: [{ x: 1, y: 1, value: Number.NaN }] })).toThrow('cells[0].value: must be a finite number or null');
    expect(() => heatmapChart({ ...base, cells: [{ x: 0, y: 1, value: 1 }], logX: true })).toThrow('cells[0].x: must be a finite number > 0 (log scale)');
    expect(() => heatmapChart({ ...base, cells: [{ x: 1, y: 1, value: 1 }], highlight: [{ x: 2, y: 1 }] })).toThrow('highlight[0]: must be the x and y of one of the cells');
  });
});
