import { SpecError } from '../../core/spec-error.js';
import type { ChartSize, VegaLiteSpec } from './types.js';
import { PALETTE, specHeader } from './types.js';
import { chartSize, optionalText } from './validate.js';

/**
 * What the chart needs from a range-test result; `RangeTestResult` from src/core/finder fits
 * (typed structurally because chart builders import only src/core's top level).
 */
export interface FinderChartInput {
  lrs: readonly number[];
  losses: readonly number[];
  smoothedLosses: readonly number[];
  suggestions?: Readonly<Record<string, { lr: number } | null>>;
  suggested?: { lr: number; rule: string; from?: readonly string[] } | null;
  verdict?: { status: string; reason: string };
}

export interface FinderChartOptions extends ChartSize {
  title?: string;
}

const fmt = (v: number): string => String(Number(v.toPrecision(3)));

/**
 * The LR range test: raw and smoothed loss against the learning rate on a log x axis, a dashed
 * vertical rule with a label at each suggestion (the suggested one marked "★"), and the
 * suggestion and verdict in the subtitle.
 * The y axis shows the lowest loss up to the first smoothed loss plus half the drop; the
 * blow-up that ends the sweep is clipped at the top, otherwise it would flatten the valley.
 * Non-finite points are left out (a NaN cannot be drawn).
 *
 * Example: `renderSvg(finderChart(await rangeTest(trainer), { title: 'MNIST MLP' }))`.
 */
export function finderChart(result: FinderChartInput, opts: FinderChartOptions = {}): VegaLiteSpec {
  const { lrs, losses, smoothedLosses } = result;
  if (!Array.isArray(lrs) || !Array.isArray(losses) || !Array.isArray(smoothedLosses)) throw new SpecError('lrs', 'must be arrays lrs, losses and smoothedLosses');
  if (losses.length !== lrs.length) throw new SpecError('losses', 'must have one value per learning rate');
  if (smoothedLosses.length !== lrs.length) throw new SpecError('smoothedLosses', 'must have one value per learning rate');
  lrs.forEach((lr, i) => {
    if (!(lr > 0) || !Number.isFinite(lr)) throw new SpecError(`lrs[${i}]`, 'must be a finite number > 0 (log scale)');
  });
  const { width, height } = chartSize(opts);

  const values: Array<{ lr: number; loss: number; kind: string }> = [];
  lrs.forEach((lr, i) => {
    if (Number.isFinite(losses[i])) values.push({ lr, loss: losses[i], kind: 'loss' });
    if (Number.isFinite(smoothedLosses[i])) values.push({ lr, loss: smoothedLosses[i], kind: 'smoothed loss' });
  });
  const smooth = smoothedLosses.filter(Number.isFinite);
  const all = values.map((v) => v.loss);
  let domain: [number, number] | undefined;
  if (smooth.length > 0) {
    const lo = Math.min(...all);
    const hi = Math.min(Math.max(...all), smooth[0] + 0.5 * (smooth[0] - Math.min(...smooth)));
    if (hi > lo) domain = [lo, hi];
  }

  const marks = Object.entries(result.suggestions ?? {}).flatMap(([rule, s], i) => {
    if (!s || !(s.lr > 0) || !Number.isFinite(s.lr)) return [];
    const star = (result.suggested?.from ?? [result.suggested?.rule]).includes(rule) ? '★ ' : '';
    return [{ lr: s.lr, label: `${star}${rule} ${fmt(s.lr)}`, row: 4 + 15 * (i % 4), colour: PALETTE[(i + 2) % PALETTE.length] }];
  });

  const x = { field: 'lr', type: 'quantitative', title: 'learning rate (log scale)', scale: { type: 'log' }, axis: { format: '.0e' } };
  const y = { field: 'loss', type: 'quantitative', title: 'training loss', scale: domain ? { domain, zero: false } : { zero: false } };
  const color = { field: 'kind', type: 'nominal', title: null, scale: { domain: ['loss', 'smoothed loss'], range: ['#9bb7d4', PALETTE[0]] } };
  const layers: VegaLiteSpec[] = (['loss', 'smoothed loss'] as const).map((kind) => ({
    data: { values: values.filter((v) => v.kind === kind) },
    mark: { type: 'line', clip: true, strokeWidth: kind === 'loss' ? 1 : 2.5 },
    encoding: { x, y, color },
  }));
  if (marks.length > 0) {
    layers.push({
      data: { values: marks },
      mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 1.5 },
      encoding: { x: { ...x, field: 'lr' }, color: { field: 'colour', type: 'nominal', scale: null } },
    });
    layers.push({
      data: { values: marks },
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, fontSize: 12 },
      encoding: { x, y: { field: 'row', type: 'quantitative', scale: null }, text: { field: 'label' }, color: { field: 'colour', type: 'nominal', scale: null } },
    });
  }
  const parts: string[] = [];
  if (result.suggested) parts.push(`suggested lr ${fmt(result.suggested.lr)} (${result.suggested.rule})`);
  if (result.verdict) parts.push(`verdict: ${result.verdict.status}`);
  const title = optionalText('title', opts.title);
  const header = specHeader(title ?? 'LR range test', parts.length ? parts.join(' · ') : undefined);
  return { ...header, width, height, layer: layers };
}
