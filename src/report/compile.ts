import { logger, Warn } from 'vega';
import type { LoggerInterface, Spec as VegaSpec } from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import type { VegaLiteSpec } from './charts/types.js';

/** A compiled chart: the Vega spec, and every warning vega-lite raised while compiling it. */
export interface CompiledChart {
  vega: VegaSpec;
  warnings: string[];
}

/**
 * A vega logger that records warnings and errors instead of printing them, so callers decide
 * what a warning means (tests fail on any; `renderSvg` prints them on stderr).
 */
export function collectingLogger(into: string[]): LoggerInterface {
  return logger(Warn, undefined, (_method, level, args) => {
    into.push(`${level} ${args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')}`.trim());
  });
}

/**
 * Compile a Vega-Lite spec to Vega. Throws vega-lite's own Error for a spec it cannot compile;
 * softer problems (a field dropped, an incompatible scale) come back as `warnings`.
 *
 * Example: `compileVegaLite(lineChart({...})).warnings` is `[]` for every builder in `charts/`.
 */
export function compileVegaLite(spec: VegaLiteSpec): CompiledChart {
  const warnings: string[] = [];
  const { spec: vega } = compile(spec as unknown as TopLevelSpec, { logger: collectingLogger(warnings) });
  return { vega, warnings };
}

/**
 * Every scale in a compiled Vega spec, nested groups included, as `name → type`
 * (`{x: 'linear', y: 'log'}`; vconcat panels give `concat_0_y`, ...). Vega's default type is linear.
 */
export function scaleTypes(vega: VegaSpec): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') {
      const { scales, marks } = node as { scales?: Array<{ name: string; type?: string }>; marks?: unknown };
      for (const s of scales ?? []) out[s.name] = s.type ?? 'linear';
      visit(marks);
    }
  };
  visit(vega);
  return out;
}
