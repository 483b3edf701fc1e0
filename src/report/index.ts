/**
 * Charts and the HTML report: the builders (pure, browser-safe), headless rendering to SVG/PNG
 * (Node: vega + resvg), and the self-contained report page.
 */
export * from './charts/index.js';
export { renderSvg, renderPng, svgToPng, DEFAULT_PNG_SCALE } from './render.js';
export { compileVegaLite } from './compile.js';
export type { CompiledChart } from './compile.js';
export { buildReportHtml, formatNumber, VERDICT_STATUSES } from './html.js';
export type { ReportInput, ReportSection, ReportFigure, ReportTable, VerdictStatus } from './html.js';
export { escapeHtml } from './html-escape.js';
