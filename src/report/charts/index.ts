/**
 * Chart builders: pure functions from data to Vega-Lite specs. No Node or DOM imports, so the
 * browser lab renders the very same specs (vega-embed) that `../render.ts` renders headless.
 */
export type { VegaLiteSpec, ChartSize } from './types.js';
export { PALETTE, SEQUENTIAL_SCHEME, FONT_FAMILY, THEME_CONFIG, VEGA_LITE_SCHEMA } from './types.js';
export { minMaxIndices, pointBudget, DEFAULT_MAX_POINTS } from './downsample.js';
export { scheduleChart } from './schedule-chart.js';
export type { ScheduleChartOptions } from './schedule-chart.js';
export { lineChart } from './line-chart.js';
export type { LineChartOptions, LineSeries } from './line-chart.js';
export { heatmapChart, cellEdges } from './heatmap-chart.js';
export type { HeatmapChartOptions, HeatCell } from './heatmap-chart.js';
export { scatterFitChart } from './scatter-fit-chart.js';
export type { ScatterFitChartOptions } from './scatter-fit-chart.js';
export { barChart } from './bar-chart.js';
export type { BarChartOptions, Bar } from './bar-chart.js';
