import { parse, View } from 'vega';
import { compile } from 'vega-lite';
import type { VegaLiteSpec } from '../../report/charts/types.js';

const views = new WeakMap<Element, View>();

/**
 * Zoom and pan (drag, wheel; double-click resets) on the chart's first unit view, and tooltips
 * on marks. Added here, not in the builders, because the static report has no use for them.
 */
export function interactive(spec: VegaLiteSpec): VegaLiteSpec {
  const zoom = { name: 'zoom', select: 'interval', bind: 'scales' };
  const config = { ...(spec.config as Record<string, unknown> | undefined), mark: { tooltip: true } };
  if (spec.mark !== undefined) return { ...spec, config, params: [...((spec.params as unknown[]) ?? []), zoom] };
  if (Array.isArray(spec.layer) && spec.layer.length > 0) {
    const [first, ...rest] = spec.layer as VegaLiteSpec[];
    return { ...spec, config, layer: [{ ...first, params: [...((first.params as unknown[]) ?? []), zoom] }, ...rest] };
  }
  return { ...spec, config };
}

/**
 * Render a Vega-Lite spec into `el` as SVG (compiled by vega-lite, drawn by vega's View),
 * replacing the chart drawn there before. The same specs the CLI renders to files.
 */
export async function renderChart(el: HTMLElement, spec: VegaLiteSpec, opts: { interactive?: boolean } = {}): Promise<View> {
  const vg = compile((opts.interactive ? interactive(spec) : spec) as never).spec;
  views.get(el)?.finalize();
  const view = new View(parse(vg), { renderer: 'svg', container: el, hover: true });
  views.set(el, view);
  await view.runAsync();
  return view;
}

/** Remove the chart in `el`, if any. */
export function clearChart(el: HTMLElement): void {
  views.get(el)?.finalize();
  views.delete(el);
  el.replaceChildren();
}

/**
 * Redraw at most once per animation frame however often data arrives (a range test posts a
 * point per step); the last call wins.
 */
export function throttled(draw: () => Promise<unknown>): () => void {
  let queued = false;
  let running = false;
  const tick = async (): Promise<void> => {
    queued = false;
    if (running) {
      queued = true;
      requestAnimationFrame(() => void tick());
      return;
    }
    running = true;
    try {
      await draw();
    } finally {
      running = false;
    }
  };
  return () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => void tick());
  };
}
