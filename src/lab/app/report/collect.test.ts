import { describe, expect, it } from 'vitest';
import { finderChart } from '../../../report/charts/finder-chart.js';
import { lineChart, scheduleChart } from '../../../report/charts/index.js';
import { collectFigures, isVegaLite } from './collect.js';

describe('collectFigures', () => {
  const line = lineChart({ series: [{ name: 'a', points: [{ x: 0, y: 1 }] }], xTitle: 'x', yTitle: 'y', title: 'Loss' });
  const sched = scheduleChart({ lr: [0.1, 0.05], momentum: null });

  it('finds study figures {id, title, caption, spec} nested anywhere, in document order', () => {
    const results = {
      name: 'lr-range',
      output: { figures: [{ id: 'loss', title: 'Loss vs step', caption: 'lower is better', spec: line }, { id: 'sched', caption: '', spec: sched }] },
      data: { lrs: [1, 2, 3], nested: { deeper: [{ spec: sched, title: 'again' }] } },
    };
    const found = collectFigures(results, 'lr-range/results.json');
    expect(found.map((f) => [f.title, f.caption, f.source])).toEqual([
      ['Loss vs step', 'lower is better', 'lr-range/results.json: output.figures[0]'],
      ['sched', '', 'lr-range/results.json: output.figures[1]'],
      ['again', '', 'lr-range/results.json: data.nested.deeper[0]'],
    ]);
    expect(found[0].spec).toBe(line);
  });

  it('takes a bare spec file, titled from the spec', () => {
    const spec = finderChart({ lrs: [1e-3, 1e-2], losses: [2, 1], smoothedLosses: [2, 1.5] });
    const found = collectFigures(spec, 'figures/finder.vl.json');
    expect(found).toHaveLength(1);
    expect(found[0].title).toBe('LR range test');
  });

  it('finds nothing in data without charts', () => {
    expect(collectFigures({ lrs: [1, 2], verdict: { status: 'usable' }, mark: 'not a chart' }, 'x.json')).toEqual([]);
    expect(collectFigures(null, 'x.json')).toEqual([]);
  });

  it('isVegaLite: the $schema decides when present', () => {
    expect(isVegaLite({ $schema: 'https://vega.github.io/schema/vega/v6.json', marks: [] })).toBe(false);
    expect(isVegaLite({ mark: 'line', data: { values: [] } })).toBe(true);
    expect(isVegaLite([])).toBe(false);
  });
});
