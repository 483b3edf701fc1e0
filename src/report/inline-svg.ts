import { SpecError } from '../core/spec-error.js';

/** An opening tag carrying an event-handler attribute (`<g onload=...`). */
const HANDLER = /<[^>]*\son[a-z]+\s*=/i;

/**
 * Prepare a rendered chart for inlining in the report: check it is an SVG document without
 * scripts, event handlers or `javascript:` links, then prefix its ids (and the `url(#…)` /
 * `href="#…"` references to them) with `scope`. Every vega SVG names its first legend gradient
 * `gradient_0` and its clips `clip1`, …; inlined side by side, a later chart would otherwise
 * pick up an earlier chart's definitions.
 *
 * Example: `inlineSvg('<svg><linearGradient id="g"/><rect fill="url(#g)"/></svg>', 'f1')`
 * → `<svg><linearGradient id="f1-g"/><rect fill="url(#f1-g)"/></svg>`.
 */
export function inlineSvg(svg: string, scope: string, path = 'svg'): string {
  if (typeof svg !== 'string' || !svg.trimStart().startsWith('<svg')) throw new SpecError(path, 'must be an <svg> document');
  if (/<script/i.test(svg) || HANDLER.test(svg) || /javascript:/i.test(svg) || /<foreignObject/i.test(svg)) {
    throw new SpecError(path, 'must not contain scripts, event handlers, javascript: links or foreignObject');
  }
  return svg
    .trim()
    .replace(/\sid="([^"]+)"/g, (_m, id: string) => ` id="${scope}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${scope}-${id})`)
    .replace(/(\s(?:xlink:)?href)="#([^"]+)"/g, (_m, attr: string, id: string) => `${attr}="#${scope}-${id}"`);
}
