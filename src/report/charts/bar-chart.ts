import { SpecError } from '../../core/spec-error.js';
import type { VegaLiteSpec } from './types.js';
import { PALETTE, specHeader } from './types.js';
import { axisValue, chartSize, nonEmptyArray, optionalText, text } from './validate.js';

/** One bar: a value with an optional interval (e.g. min–max over seeds). */
export interface Bar {
  label: string;
  value: number;
  lo?: number;
  hi?: number;
}

/** Options of {@link barChart}. */
export interface BarChartOptions {
  /** Bars, drawn top to bottom in the given order. */
  bars: readonly Bar[];
  /** Title of the value axis, e.g. 'Final validation accuracy'. */
  valueTitle: string;
  /** Title of the label axis (default none). */
  labelTitle?: string;
  title?: string;
  /** d3-format string for the value printed at each bar's end (default '.3~g': 0.97341 → 0.973). */
  valueFormat?: string;
  /** Plot width in px (default 560); the height follows from the number of bars (26 px each). */
  width?: number;
}

/** Pixels per bar: room for an 11 px label and a visible gap. */
const BAR_STEP = 26;

/**
 * Horizontal bars (labels stay readable however long), with optional error whiskers [lo, hi].
 * The value axis starts at zero, as bar lengths must; use a line or scatter chart for ratios on log axes.
 * Used for the final-accuracy table of the schedules study and the time-to-target comparison.
 *
 * Example: `barChart({bars: [{label: 'multistep', value: 0.97, lo: 0.965, hi: 0.972}], valueTitle: 'Accuracy'})`.
 */
export function barChart(opts: BarChartOptions): VegaLiteSpec {
  const bars = nonEmptyArray<Bar>('bars', opts.bars);
  const valueTitle = text('valueTitle', opts.valueTitle);
  const labelTitle = optionalText('labelTitle', opts.labelTitle);
  const { width } = chartSize({ width: opts.width });
  const format = opts.valueFormat === undefined ? '.3~g' : text('valueFormat', opts.valueFormat);
  const labels = new Set<string>();
  const rows = bars.map((b, i) => {
    const label = text(`bars[${i}].label`, b?.label);
    if (labels.has(label)) throw new SpecError(`bars[${i}].label`, `must be unique ("${label}" is used twice)`);
    labels.add(label);
    const value = axisValue(`bars[${i}].value`, b.value, false);
    if ((b.lo === undefined) !== (b.hi === undefined)) throw new SpecError(`bars[${i}]`, 'must give both lo and hi, or neither');
    if (b.lo === undefined) return { label, value };
    const lo = axisValue(`bars[${i}].lo`, b.lo, false);
    const hi = axisValue(`bars[${i}].hi`, b.hi, false);
    if (lo > hi) throw new SpecError(`bars[${i}]`, 'must have lo <= hi');
    return { label, value, lo, hi };
  });

  const y = { field: 'label', type: 'nominal', sort: null, title: labelTitle ?? null, axis: { labelLimit: 220 } };
  const layers: VegaLiteSpec[] = [
    {
      mark: { type: 'bar', color: PALETTE[0], height: { band: 0.7 } },
      encoding: { y, x: { field: 'value', type: 'quantitative', title: valueTitle, scale: { zero: true } } },
    },
  ];
  if (rows.some((r) => 'lo' in r)) {
    layers.push({
      transform: [{ filter: 'isValid(datum.lo)' }],
      mark: { type: 'rule', color: '#222222', strokeWidth: 1.5 },
      encoding: { y, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } },
    });
  }
  // The number at the end of each bar (past its whisker): close values are hard to compare by length alone.
  layers.push({
    transform: [{ calculate: `format(datum.value, ${JSON.stringify(format)})`, as: 'text' }, { calculate: 'isValid(datum.hi) ? max(datum.hi, datum.value) : datum.value', as: 'end' }],
    mark: { type: 'text', align: 'left', dx: 4, fontSize: 12, color: '#222222' },
    encoding: { y, x: { field: 'end', type: 'quantitative' }, text: { field: 'text', type: 'nominal' } },
  });
  return {
    ...specHeader(optionalText('title', opts.title)),
    width,
    height: { step: BAR_STEP },
    data: { values: rows },
    layer: layers,
  };
}
