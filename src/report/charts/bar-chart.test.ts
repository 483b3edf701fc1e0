import { describe, expect, it } from 'vitest';
import { compileVegaLite } from '../compile.js';
import { renderSvg } from '../render.js';
import { barChart } from './bar-chart.js';

const bars = [
  { label: 'fixed LR', value: 0.962, lo: 0.958, hi: 0.966 },
  { label: 'multistep', value: 0.975 },
  { label: 'one-cycle', value: 0.978, lo: 0.976, hi: 0.98 },
];

describe('barChart', () => {
  it('compiles cleanly with one row per bar and an interval layer', () => {
    const spec = barChart({ bars, valueTitle: 'Validation accuracy' });
    const { vega, warnings } = compileVegaLite(spec);
    expect(warnings).toEqual([]);
    expect((spec.data as { values: unknown[] }).values).toEqual([
      { label: 'fixed LR', value: 0.962, lo: 0.958, hi: 0.966 },
      { label: 'multistep', value: 0.975 },
      { label: 'one-cycle', value: 0.978, lo: 0.976, hi: 0.98 },
    ]);
    expect(JSON.stringify(vega)).toContain('"type":"rule"');
  });

  it('keeps the given order top to bottom and prints each value', async () => {
    const svg = await renderSvg(barChart({ bars, valueTitle: 'Validation accuracy', width: 200 }));
    const at = bars.map((b) => svg.indexOf(`>${b.label}<`));
    expect(at.every((i) => i > 0)).toBe(true);
    // Band-scale labels are emitted top to bottom; their y translations must increase in the given order.
    const ys = bars.map((b) => Number(new RegExp(`translate\\([^,]+,(-?[\\d.]+)\\)"[^>]*>${b.label}<`).exec(svg)?.[1]));
    expect(ys[0]).toBeLessThan(ys[1]);
    expect(ys[1]).toBeLessThan(ys[2]);
    for (const s of ['0.962', '0.975', '0.978', 'Validation accuracy']) expect(svg).toContain(s);
  });

  it('names the offending field on bad input', () => {
    expect(() => barChart({ bars: [], valueTitle: 'v' })).toThrow('bars: must be a non-empty array');
    expect(() => barChart({ bars: [{ label: 'a', value: 1 }, { label: 'a', value: 2 }], valueTitle: 'v' })).toThrow('bars[1].label: must be unique ("a" is used twice)');
    expect(() => barChart({ bars: [{ label: 'a', value: 1, lo: 0 }], valueTitle: 'v' })).toThrow('bars[0]: must give both lo and hi, or neither');
    expect(() => barChart({ bars: [{ label: 'a', value: 1, lo: 2, hi: 1 }], valueTitle: 'v' })).toThrow('bars[0]: must have lo <= hi');
    expect(() => barChart({ bars: [{ label: 'a', value: Number.POSITIVE_INFINITY }], valueTitle: 'v' })).toThrow('bars[0].value: must be a finite number');
  });
});
