import { describe, expect, it } from 'vitest';
import { compileVegaLite, scaleTypes } from '../compile.js';
import { renderSvg } from '../render.js';
import { scatterFitChart } from './scatter-fit-chart.js';

type Layer = { data: { values: Array<Record<string, unknown>> }; mark: { type: string } };
const layers = (spec: Record<string, unknown>) => spec.layer as Layer[];

function scales(spec: Record<string, unknown>) {
  const { vega, warnings } = compileVegaLite(spec);
  expect(warnings).toEqual([]);
  return scaleTypes(vega);
}

// Best LR ∝ batch^0.5: 0.01·(B/16)^0.5 at B = 16, 64, 256 is 0.01, 0.02, 0.04.
const points = [16, 64, 256].map((x) => ({ x, y: 0.01 * Math.sqrt(x / 16) }));

describe('scatterFitChart', () => {
  it('layers dots, the curve and labelled markers with the data given, on log axes', async () => {
    const spec = scatterFitChart({
      points,
      curve: [{ x: 16, y: 0.01 }, { x: 256, y: 0.04 }],
      xTitle: 'Batch size',
      yTitle: 'Best learning rate',
      logX: true,
      logY: true,
      marks: [{ x: 100, label: 'critical batch' }],
      curveLabel: 'sqrt rule',
      width: 240,
      height: 120,
    });
    expect(layers(spec).map((l) => l.mark.type)).toEqual(['point', 'line', 'rule', 'text']);
    expect(layers(spec)[0].data.values.map((v) => v.y)).toEqual([0.01, 0.02, 0.04]);
    expect(layers(spec)[1].data.values.length).toBe(2);
    expect(scales(spec)).toMatchObject({ x: 'log', y: 'log' });
    const svg = await renderSvg(spec);
    for (const s of ['Batch size', 'Best learning rate', 'critical batch', 'sqrt rule', 'measured']) expect(svg).toContain(s);
  });

  it('drops the curve layer (and its legend entry) when the curve is empty; linear axes', () => {
    const spec = scatterFitChart({ points, curve: [], xTitle: 'x', yTitle: 'y', logX: false, logY: false });
    expect(layers(spec).map((l) => l.mark.type)).toEqual(['point']);
    expect(JSON.stringify(spec)).not.toContain('"fit"');
    expect(scales(spec)).toMatchObject({ x: 'linear', y: 'linear' });
  });

  it('names the offending field on bad input', () => {
    const base = { xTitle: 'x', yTitle: 'y', logX: true, logY: true };
    expect(() => scatterFitChart({ ...base, points: [], curve: [] })).toThrow('points: must be a non-empty array');
    expect(() => scatterFitChart({ ...base, points, curve: [{ x: 1, y: -1 }] })).toThrow('curve[0].y: must be a finite number > 0 (log scale)');
    expect(() => scatterFitChart({ ...base, points, curve: [], marks: [{ x: 0, label: 'a' }] })).toThrow('marks[0].x: must be a finite number > 0 (log scale)');
    expect(() => scatterFitChart({ ...base, points, curve: [], marks: [{ x: 1, label: '' }] })).toThrow('marks[0].label: must be a non-empty string');
  });
});
