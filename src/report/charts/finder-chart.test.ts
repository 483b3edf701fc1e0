import { describe, expect, it } from 'vitest';
import { compileVegaLite, scaleTypes } from '../compile.js';
import { renderSvg } from '../render.js';
import { finderChart } from './finder-chart.js';

type Layer = { data: { values: Array<Record<string, unknown>> }; mark: { type: string }; encoding: Record<string, { scale?: { domain?: number[] } }> };
const layers = (spec: Record<string, unknown>) => spec.layer as Layer[];

// Smoothed 2 → 1 then a blow-up to 9; raw losses scatter around it.
const result = {
  lrs: [1e-4, 1e-3, 1e-2, 1e-1, 1],
  losses: [2.1, 1.9, 1.1, 0.9, 12],
  smoothedLosses: [2, 1.9, 1.2, 1, 9],
  suggestions: { steepest: { lr: 1e-2 }, minimum: null, valley: { lr: 3e-2 }, slide: { lr: 5e-3 } },
  suggested: { lr: 1e-2, rule: 'steepest' },
  verdict: { status: 'usable', reason: 'loss fell' },
};

describe('finderChart', () => {
  it('draws loss and smoothed loss on a log LR axis with one rule per suggestion', async () => {
    const spec = finderChart(result, { title: 'MNIST MLP', width: 300, height: 150 });
    const { vega, warnings } = compileVegaLite(spec);
    expect(warnings).toEqual([]);
    expect(scaleTypes(vega)).toMatchObject({ x: 'log' });
    const [raw, curve, rules, labels] = layers(spec);
    expect(raw.data.values.map((v) => v.loss)).toEqual(result.losses);
    expect(curve.data.values.map((v) => v.loss)).toEqual(result.smoothedLosses);
    expect(rules.mark.type).toBe('rule');
    expect(rules.data.values.map((v) => v.lr)).toEqual([1e-2, 3e-2, 5e-3]);
    expect(labels.data.values.map((v) => v.label)).toEqual(['★ steepest 0.01', 'valley 0.03', 'slide 0.005']);
    // y domain: lowest value 0.9 up to 2 + 0.5·(2 − 1) = 2.5, clipping the blow-up
    expect(curve.encoding.y.scale?.domain).toEqual([0.9, 2.5]);
    const svg = await renderSvg(spec);
    for (const s of ['learning rate (log scale)', 'training loss', 'MNIST MLP', 'valley 0.03', 'suggested lr 0.01 (steepest)']) expect(svg).toContain(s);
  });

  it('leaves out non-finite points and works without suggestions', () => {
    const spec = finderChart({ lrs: [1e-3, 1e-2, 1e-1], losses: [2, Number.NaN, 1], smoothedLosses: [2, 1.5, 1.2] });
    expect(layers(spec).length).toBe(2);
    expect(layers(spec)[0].data.values.map((v) => v.loss)).toEqual([2, 1]);
    expect(layers(spec)[1].data.values.length).toBe(3);
    expect(compileVegaLite(spec).warnings).toEqual([]);
  });

  it('rejects mismatched arrays and non-positive LRs', () => {
    expect(() => finderChart({ lrs: [1e-3], losses: [1, 2], smoothedLosses: [1] })).toThrow('losses: must have one value per learning rate');
    expect(() => finderChart({ lrs: [0, 1], losses: [1, 2], smoothedLosses: [1, 2] })).toThrow('lrs[0]: must be a finite number > 0 (log scale)');
  });
});
