import type { Resvg as ResvgClass, ResvgRenderOptions } from '@resvg/resvg-js';
import { createRequire } from 'node:module';
import { SpecError, requireNumber } from '../core/spec-error.js';
import type { VegaLiteSpec } from './charts/types.js';
import { findChartFont } from './fonts.js';

/**
 * vega, vega-lite and @resvg/resvg-js are optional peers of lrlab (a library install does not
 * pull them): they load on the first chart, and a missing one is a SpecError naming what to install.
 */
const CHART_PACKAGES = 'vega vega-lite @resvg/resvg-js';

/** The install hint for a package that is not there; any other load error goes on unchanged. */
function missing(pkg: string): (err: unknown) => never {
  return (err) => {
    const code = (err as { code?: unknown } | null)?.code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw err;
    throw new SpecError('charts', `rendering needs the optional package ${pkg}, which is not installed (npm i ${CHART_PACKAGES})`);
  };
}

async function chartStack(): Promise<{ vega: typeof import('vega'); compile: typeof import('./compile.js') }> {
  const [vega, compile] = await Promise.all([
    import('vega').catch(missing('vega')),
    import('./compile.js').catch(missing('vega-lite')),
  ]);
  return { vega, compile };
}

let resvg: typeof ResvgClass | null = null;

/** resvg's class, loaded on first use (synchronously: it is a CommonJS native addon). */
function Resvg(): typeof ResvgClass {
  if (resvg === null) {
    try {
      resvg = (createRequire(import.meta.url)('@resvg/resvg-js') as { Resvg: typeof ResvgClass }).Resvg;
    } catch (err) {
      return missing('@resvg/resvg-js')(err);
    }
  }
  return resvg;
}

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
  const { vega: lib, compile } = await chartStack();
  const { vega, warnings } = compile.compileVegaLite(spec);
  const view = new lib.View(lib.parse(vega), { renderer: 'none', logger: compile.collectingLogger(warnings) });
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
export function rasterize(svg: string, scale = DEFAULT_PNG_SCALE): ReturnType<ResvgClass['render']> {
  if (typeof svg !== 'string' || !svg.trimStart().startsWith('<svg')) throw new SpecError('svg', 'must be an <svg> document');
  const R = Resvg();
  return new R(svg, { ...resvgOptions(), fitTo: { mode: 'zoom', value: scale }, background: 'white' }).render();
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
