/**
 * Cost of building and rendering the report's charts: spec build, SVG (vega headless) and PNG
 * (resvg, scale 2) for each builder at report size, a 100 000-step schedule (downsampled to
 * ≤ 2000 points per panel), and a 10-section HTML page. Medians over --reps runs after one warm-up.
 *
 *     npx tsx bench/report-render.ts [--reps 7]
 */
import { barChart } from '../src/report/charts/bar-chart.js';
import { heatmapChart } from '../src/report/charts/heatmap-chart.js';
import { lineChart } from '../src/report/charts/line-chart.js';
import { scatterFitChart } from '../src/report/charts/scatter-fit-chart.js';
import { scheduleChart } from '../src/report/charts/schedule-chart.js';
import type { VegaLiteSpec } from '../src/report/charts/types.js';
import { buildReportHtml } from '../src/report/html.js';
import { renderPng, renderSvg } from '../src/report/render.js';

const i = process.argv.indexOf('--reps');
const reps = i >= 0 ? Number(process.argv[i + 1]) : 7;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(fn: () => unknown): Promise<number> {
  await fn();
  const ms: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

const steps = 100_000;
const lr = Array.from({ length: steps }, (_, t) => 0.05 * (1 + Math.cos((Math.PI * (t % 10_000)) / 10_000)) + 1e-4);
const momentum = lr.map((v) => 0.95 - v);
const lrs = [1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1];
const charts: Record<string, () => VegaLiteSpec> = {
  'schedule 100k steps + momentum': () => scheduleChart({ lr, momentum }, { log: true, title: 'cosine restarts' }),
  'line 4 series × 2000 steps, band': () =>
    lineChart({
      series: [0.001, 0.01, 0.1, 1].map((a) => ({
        name: `lr ${a}`,
        points: Array.from({ length: 2000 }, (_, s) => ({ x: s, y: 2.3 * Math.exp(-a * s / 50) + 0.05 })),
        band: Array.from({ length: 2000 }, (_, s) => [2.2 * Math.exp(-a * s / 50) + 0.04, 2.4 * Math.exp(-a * s / 50) + 0.06] as const),
      })),
      xTitle: 'Step',
      yTitle: 'Loss',
      logY: true,
    }),
  'heatmap 7 × 8 annotated': () =>
    heatmapChart({
      cells: [16, 32, 64, 128, 256, 512, 1024, 2048].flatMap((y) => lrs.map((x) => ({ x, y, value: 0.9 + 0.01 * Math.log10(x * y) }))),
      xTitle: 'Learning rate',
      yTitle: 'Batch size',
      valueTitle: 'Accuracy',
      logX: true,
      logY: true,
      annotate: true,
      highlight: [{ x: 0.1, y: 256 }],
    }),
  'scatter-fit 8 points, 2 marks': () =>
    scatterFitChart({
      points: [16, 32, 64, 128, 256, 512, 1024, 2048].map((x) => ({ x, y: 1e-3 * x ** 0.7 })),
      curve: [{ x: 16, y: 1e-3 * 16 ** 0.7 }, { x: 2048, y: 1e-3 * 2048 ** 0.7 }],
      xTitle: 'Batch size',
      yTitle: 'Best LR',
      logX: true,
      logY: true,
      marks: [{ x: 100, label: 'B_crit' }, { x: 300, label: 'B_noise' }],
    }),
  'bar 8 bars with whiskers': () =>
    barChart({ bars: Array.from({ length: 8 }, (_, k) => ({ label: `schedule ${k}`, value: 0.95 + k / 400, lo: 0.94 + k / 400, hi: 0.96 + k / 400 })), valueTitle: 'Accuracy' }),
};

console.log(`median of ${reps} runs, ms (build spec | SVG incl. build | PNG 2× incl. SVG | SVG bytes)`);
const svgs: string[] = [];
for (const [name, build] of Object.entries(charts)) {
  const spec = build();
  const svg = await renderSvg(spec);
  svgs.push(svg);
  const b = await time(build);
  const s = await time(() => renderSvg(build()));
  const p = await time(async () => renderPng(build()));
  console.log(`${name.padEnd(34)} ${b.toFixed(1).padStart(7)} ${s.toFixed(1).padStart(8)} ${p.toFixed(1).padStart(8)} ${String(svg.length).padStart(9)}`);
}
const sections = Array.from({ length: 10 }, (_, k) => ({
  id: `study-${k}`,
  claim: 'claim',
  method: 'method',
  figures: svgs.map((svg, f) => ({ svg, caption: `figure ${f}` })),
  verdict: { status: 'confirmed' as const, text: 'text' },
}));
const html = buildReportHtml({ title: 'bench', generatedAt: new Date(), environment: {}, sections });
const h = await time(() => buildReportHtml({ title: 'bench', generatedAt: new Date(), environment: {}, sections }));
console.log(`HTML 10 sections × ${svgs.length} figures: ${h.toFixed(1)} ms, ${(html.length / 1e6).toFixed(2)} MB`);
