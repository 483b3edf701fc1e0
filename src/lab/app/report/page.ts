import { renderChart } from '../chart.js';
import { h } from '../dom.js';
import { collectFigures, type FoundFigure } from './collect.js';

/** The report viewer: open results.json files or a report folder and browse the charts interactively. */
export function reportPage(root: HTMLElement): void {
  const list = h('ol', { class: 'figure-list', id: 'report-list' });
  const chartEl = h('div', { class: 'chart', id: 'report-chart' });
  const caption = h('p', { class: 'caption', id: 'report-caption' });
  const status = h('p', { class: 'status', id: 'report-status', role: 'status' }, 'No report opened yet.');
  let figures: FoundFigure[] = [];

  async function show(i: number): Promise<void> {
    const f = figures[i];
    for (const [j, li] of Array.from(list.children).entries()) li.classList.toggle('current', j === i);
    caption.textContent = `${f.caption}${f.caption ? ' — ' : ''}${f.source}`;
    try {
      await renderChart(chartEl, f.spec, { interactive: true });
    } catch (err) {
      chartEl.replaceChildren(h('p', { class: 'error' }, `This chart could not be drawn: ${err instanceof Error ? err.message : String(err)}`));
    }
  }

  async function open(files: FileList | null): Promise<void> {
    if (!files || files.length === 0) return;
    const found: FoundFigure[] = [];
    const problems: string[] = [];
    const jsonFiles = Array.from(files).filter((f) => f.name.toLowerCase().endsWith('.json'));
    for (const file of jsonFiles) {
      const name = (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name;
      try {
        found.push(...collectFigures(JSON.parse(await file.text()), name));
      } catch (err) {
        problems.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    figures = found;
    list.replaceChildren(...figures.map((f, i) => h('li', {}, h('button', { type: 'button', class: 'link', onclick: () => void show(i) }, f.title))));
    status.textContent = `${figures.length} chart${figures.length === 1 ? '' : 's'} in ${jsonFiles.length} JSON file${jsonFiles.length === 1 ? '' : 's'}`
      + (problems.length ? `; skipped ${problems.join('; ')}` : '') + '.';
    status.className = figures.length === 0 ? 'status bad' : 'status';
    if (figures.length > 0) await show(0);
    else chartEl.replaceChildren();
  }

  const fileInput = h('input', { type: 'file', accept: '.json,application/json', multiple: true, id: 'report-files', onchange: (e: Event) => void open((e.target as HTMLInputElement).files) });
  const dirInput = h('input', { type: 'file', id: 'report-folder', webkitdirectory: true, multiple: true, onchange: (e: Event) => void open((e.target as HTMLInputElement).files) });

  root.replaceChildren(
    h('section', { class: 'intro' },
      h('h2', {}, 'Report viewer'),
      h('p', {}, 'Open the results.json files written by lrlab report (or the whole report folder) to browse their charts: hover for values, drag or scroll to zoom, double-click to reset. Files stay on your machine.')),
    h('div', { class: 'row' },
      h('label', { class: 'button' }, 'Open JSON files…', fileInput),
      h('label', { class: 'button' }, 'Open a report folder…', dirInput)),
    status,
    h('div', { class: 'viewer' }, h('nav', { class: 'figures' }, list), h('div', {}, chartEl, caption)),
  );
}
