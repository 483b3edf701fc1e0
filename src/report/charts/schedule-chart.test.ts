import { describe, expect, it } from 'vitest';
import { compileVegaLite, scaleTypes } from '../compile.js';
import { scheduleChart } from './schedule-chart.js';

type Row = Record<string, number>;
const rows = (panel: unknown): Row[] => (panel as { data: { values: Row[] } }).data.values;
const panels = (spec: Record<string, unknown>): Record<string, unknown>[] => spec.vconcat as Record<string, unknown>[];

function compiles(spec: Record<string, unknown>) {
  const { vega, warnings } = compileVegaLite(spec);
  expect(warnings).toEqual([]);
  return scaleTypes(vega);
}

describe('scheduleChart', () => {
  it('draws lr against step, one row per step, linear by default', () => {
    const lr = [0.1, 0.1, 0.01, 0.001];
    const spec = scheduleChart({ lr, momentum: null }, { title: 'multistep' });
    expect(rows(spec)).toEqual([
      { step: 0, lr: 0.1 },
      { step: 1, lr: 0.1 },
      { step: 2, lr: 0.01 },
      { step: 3, lr: 0.001 },
    ]);
    expect(spec.title).toEqual({ text: 'multistep' });
    expect(compiles(spec)).toMatchObject({ x: 'linear', y: 'linear' });
  });

  it('sets a log lr axis when asked', () => {
    expect(compiles(scheduleChart({ lr: [1, 0.1, 0.01], momentum: null }, { log: true }))).toMatchObject({ y: 'log' });
  });

  it('adds a momentum panel sharing the step axis', () => {
    const spec = scheduleChart({ lr: [0.01, 0.1, 0.01], momentum: [0.95, 0.85, 0.95] }, { log: true });
    const [lrPanel, momentumPanel] = panels(spec);
    expect(rows(lrPanel).map((r) => r.lr)).toEqual([0.01, 0.1, 0.01]);
    expect(rows(momentumPanel).map((r) => r.momentum)).toEqual([0.95, 0.85, 0.95]);
    const scales = compiles(spec);
    expect(scales).toMatchObject({ x: 'linear', concat_0_y: 'log', concat_1_y: 'linear' });
  });

  it('downsamples 10 000 steps to a min and max per pixel column (2·560 + 2 = 1122 points), keeping a spike and the ends', () => {
    // Triangle wave with period 1000 and one spike at step 4321.
    const n = 10_000;
    const lr = Array.from({ length: n }, (_, t) => (t === 4321 ? 1 : 0.01 + (0.09 * Math.abs((t % 1000) - 500)) / 500));
    const momentum = lr.map((v) => 1 - v);
    const [lrPanel, momentumPanel] = panels(scheduleChart({ lr, momentum }));
    for (const [panel, field] of [[lrPanel, 'lr'], [momentumPanel, 'momentum']] as const) {
      const r = rows(panel);
      expect(r.length).toBeLessThanOrEqual(1122);
      expect(r.length).toBeGreaterThan(1000);
      expect(r[0].step).toBe(0);
      expect(r[r.length - 1].step).toBe(n - 1);
      expect(r.find((x) => x.step === 4321)?.[field]).toBe(field === 'lr' ? 1 : 0);
    }
  });

  it('never draws more than 2000 points, however wide, and honours maxPoints', () => {
    const lr = Array.from({ length: 50_000 }, (_, t) => 0.1 * (1 + Math.sin(t)));
    expect(rows(scheduleChart({ lr, momentum: null }, { width: 1500 })).length).toBeLessThanOrEqual(2000);
    expect(rows(scheduleChart({ lr, momentum: null }, { maxPoints: 100 })).length).toBeLessThanOrEqual(100);
  });

  it('on a log axis leaves out lr ≤ 0 and says so in the subtitle', () => {
    // Cosine annealing to etaMin = 0 ends at exactly 0, which a log axis cannot place.
    const spec = scheduleChart({ lr: [0.1, 0.05, 0], momentum: null }, { log: true, title: 'cosine' });
    expect(rows(spec).map((r) => r.step)).toEqual([0, 1]);
    expect(spec.title).toEqual({ text: 'cosine', subtitle: '1 step with lr ≤ 0 not shown on the log scale' });
    // The same data on a linear axis keeps the zero.
    expect(rows(scheduleChart({ lr: [0.1, 0.05, 0], momentum: null })).map((r) => r.step)).toEqual([0, 1, 2]);
  });

  it('names the offending field on bad input', () => {
    expect(() => scheduleChart({ lr: [], momentum: null })).toThrow('lr: must be a non-empty array');
    expect(() => scheduleChart({ lr: [0.1, Number.NaN], momentum: null })).toThrow('lr[1]: must be a finite number');
    expect(() => scheduleChart({ lr: [0.1, 0.2], momentum: [0.9] })).toThrow('momentum: must have the same length as lr (2)');
    expect(() => scheduleChart({ lr: [0.1], momentum: [Infinity] })).toThrow('momentum[0]: must be a finite number');
    expect(() => scheduleChart({ lr: [0, 0], momentum: null }, { log: true })).toThrow('lr: must have a value > 0 to draw on a log scale');
    expect(() => scheduleChart({ lr: [0.1], momentum: null }, { width: 0 })).toThrow('width: must be an integer in [1, 4000]');
  });
});
