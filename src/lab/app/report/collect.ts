import type { VegaLiteSpec } from '../../../report/charts/types.js';

/** A figure found in a report file. */
export interface FoundFigure {
  title: string;
  caption: string;
  spec: VegaLiteSpec;
  /** File (and path inside it) where it was found, e.g. `lr-range/results.json: figures[0]`. */
  source: string;
}

const VIEW_KEYS = ['mark', 'layer', 'vconcat', 'hconcat', 'concat', 'facet', 'repeat'];

/** A Vega-Lite spec: says so in `$schema`, or has a view key and data or encoding. */
export function isVegaLite(x: unknown): x is VegaLiteSpec {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
  const o = x as Record<string, unknown>;
  if (typeof o.$schema === 'string') return o.$schema.includes('vega-lite');
  return VIEW_KEYS.some((k) => k in o) && ('data' in o || 'encoding' in o || 'layer' in o);
}

function titleOf(spec: VegaLiteSpec): string {
  const t = spec.title;
  if (typeof t === 'string') return t;
  if (t && typeof t === 'object' && typeof (t as { text?: unknown }).text === 'string') return (t as { text: string }).text;
  return '';
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Every chart in a parsed report file, in document order: a bare Vega-Lite spec, or figure
 * entries `{spec, title?, caption?, id?}` anywhere inside (a study's `results.json` has them in
 * `figures`; a whole report nests studies). Unknown shapes are searched, not rejected, so the
 * viewer keeps working as the report grows fields.
 */
export function collectFigures(json: unknown, source: string): FoundFigure[] {
  const out: FoundFigure[] = [];
  const walk = (node: unknown, path: string, depth: number): void => {
    if (depth > 32 || node === null || typeof node !== 'object') return;
    if (isVegaLite(node)) {
      out.push({ title: titleOf(node) || source, caption: '', spec: node, source: path ? `${source}: ${path}` : source });
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((v, i) => walk(v, `${path}[${i}]`, depth + 1));
      return;
    }
    const o = node as Record<string, unknown>;
    if (isVegaLite(o.spec)) {
      out.push({
        title: text(o.title) || titleOf(o.spec) || text(o.id) || source,
        caption: text(o.caption),
        spec: o.spec,
        source: path ? `${source}: ${path}` : source,
      });
      return;
    }
    for (const [k, v] of Object.entries(o)) walk(v, path ? `${path}.${k}` : k, depth + 1);
  };
  walk(json, '', 0);
  return out;
}
