import { Resvg } from '@resvg/resvg-js';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { View, parse } from 'vega';
import { SpecError, requireNumber } from '../core/spec-error.js';
import type { VegaLiteSpec } from './charts/types.js';
import { collectingLogger, compileVegaLite } from './compile.js';
import { findChartFont } from './fonts.js';

/** Default PNG scale: 2× the SVG's pixel size, sharp on high-density screens and in slides. */
export const DEFAULT_PNG_SCALE = 2;

/**
 * Render a Vega-Lite spec to a standalone SVG string, headless: vega-lite `compile` → vega
 * `parse` → `new View(runtime, {renderer: 'none'})` → `toSVG()`. No DOM, canvas or network;
 * text widths are vega's estimate, so label layout is identical on every machine.
 * Warnings from vega-lite or vega are printed on stderr (`lrlab: chart warning: ...`).
 *
 * Example: `await renderSvg(scheduleChart({lr, momentum: null}))` → `'<svg xmlns=...'`.
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const { vega, warnings } = compileVegaLite(spec);
  const view = new View(parse(vega), { renderer: 'none', logger: collectingLogger(warnings) });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
    for (const w of warnings) process.stderr.write(`lrlab: chart warning: ${w}\n`);
  }
}

/**
 * Render a Vega-Lite spec to PNG bytes: {@link renderSvg}, then {@link svgToPng}.
 *
 * Defaults: scale = 2 (a 600 × 300 px chart becomes a 1200 × 600 px PNG).
 */
export async function renderPng(spec: VegaLiteSpec, opts: { scale?: number } = {}): Promise<Uint8Array> {
  const scale = pngScale(opts.scale);
  return svgToPng(await renderSvg(spec), { scale });
}

let warnedNoFont = false;

/**
 * Rasterize an SVG string with @resvg/resvg-js on a white background. Text uses the first known
 * sans font file on the machine (`findChartFont`); without one, resvg scans the system fonts
 * and we warn once on stderr, because a machine with no fonts at all gets a PNG without text.
 *
 * Defaults: scale = 2. Useful on its own when the SVG is already at hand (the report writes both).
 */
export function svgToPng(svg: string, opts: { scale?: number } = {}): Uint8Array {
  return rasterize(svg, pngScale(opts.scale)).asPng();
}

/** The decoded image (RGBA pixels, width, height); tests read pixels from it. */
export function rasterize(svg: string, scale = DEFAULT_PNG_SCALE): ReturnType<Resvg['render']> {
  if (typeof svg !== 'string' || !svg.trimStart().startsWith('<svg')) throw new SpecError('svg', 'must be an <svg> document');
  return new Resvg(svg, { ...resvgOptions(), fitTo: { mode: 'zoom', value: scale }, background: 'white' }).render();
}

function resvgOptions(): ResvgRenderOptions {
  const font = findChartFont();
  if (font) {
    return {
      font: { loadSystemFonts: false, fontFiles: font.files, defaultFontFamily: font.family, sansSerifFamily: font.family },
    };
  }
  if (!warnedNoFont) {
    warnedNoFont = true;
    process.stderr.write('lrlab: warning: no known sans font found; PNG text relies on system fonts (install e.g. fonts-dejavu-core)\n');
  }
  return { font: { loadSystemFonts: true } };
}

function pngScale(scale: number | undefined): number {
  if (scale === undefined) return DEFAULT_PNG_SCALE;
  return requireNumber('scale', scale, 'must be a number in (0, 10]', (v) => v > 0 && v <= 10);
}
