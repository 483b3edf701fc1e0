/**
 * What every chart builder returns, and the one look all charts share.
 *
 * A spec is plain JSON (Vega-Lite v6), so the same object renders headless in Node
 * (`renderSvg`/`renderPng` in `src/report/render.ts`) and interactively in the browser lab.
 * We type it loosely on purpose: vega-lite's `TopLevelSpec` union is large, slows the type
 * checker and would push a vega-lite import into code the browser bundles; the tests compile
 * every builder's output with vega-lite instead.
 */
export type VegaLiteSpec = Record<string, unknown>;

/** The Vega-Lite v6 schema URL; only a label, nothing fetches it. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * Okabe–Ito colours, ordered for a white background: the strong ones first, yellow last
 * (it is hard to see on white). Distinguishable under the common colour-vision deficiencies.
 * Paper: Okabe & Ito, "Color Universal Design" (2008).
 */
export const PALETTE: readonly string[] = [
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#000000', // black
  '#F0E442', // yellow
];

/** Sequential scheme for heatmaps: perceptually uniform and colour-blind safe. */
export const SEQUENTIAL_SCHEME = 'viridis';

/**
 * Font stack for chart text. Browsers take the first font they have; the PNG renderer maps
 * the generic `sans-serif` to whatever font file it found (see `src/report/fonts.ts`).
 */
export const FONT_FAMILY = 'Helvetica, Arial, "DejaVu Sans", "Liberation Sans", sans-serif';

/** Default plot area in pixels; sized to sit in the report's text column at 1×. */
export const DEFAULT_WIDTH = 560;
export const DEFAULT_HEIGHT = 280;

/** Plot-area size accepted by every builder. */
export interface ChartSize {
  /** Plot width in px (default 560). */
  width?: number;
  /** Plot height in px (default 280; the schedule chart's momentum panel is a third of it). */
  height?: number;
}

/** Shared Vega-Lite `config`: light theme, readable sizes, Okabe–Ito categories. */
export const THEME_CONFIG: Record<string, unknown> = {
  background: 'white',
  font: FONT_FAMILY,
  padding: 8,
  view: { stroke: '#cccccc' },
  axis: {
    labelFontSize: 12,
    titleFontSize: 13,
    titleFontWeight: 'normal',
    labelColor: '#333333',
    titleColor: '#222222',
    domainColor: '#888888',
    tickColor: '#888888',
    gridColor: '#e8e8e8',
  },
  legend: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 240 },
  title: { fontSize: 15, fontWeight: 'bold', anchor: 'start', color: '#222222', subtitleFontSize: 12, subtitleColor: '#555555' },
  range: { category: [...PALETTE] },
  line: { strokeWidth: 2 },
};

/** The top-level keys every builder's spec starts with. */
export function specHeader(title: string | undefined, subtitle?: string): VegaLiteSpec {
  const header: VegaLiteSpec = { $schema: VEGA_LITE_SCHEMA, config: THEME_CONFIG };
  if (title !== undefined || subtitle !== undefined) {
    header.title = subtitle === undefined ? { text: title ?? '' } : { text: title ?? '', subtitle };
  }
  return header;
}

/** Vega-Lite `scale` for a quantitative axis: log when asked, otherwise linear without forcing zero. */
export function axisScale(log: boolean | undefined, zero = false): Record<string, unknown> {
  return log ? { type: 'log' } : { type: 'linear', zero };
}
