import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, HAVE_CHROMIUM, newPage, openLab, shot, type Lab } from './harness.js';

if (!HAVE_CHROMIUM) console.warn(`browser tests skipped: ${CHROMIUM} not found (apt-get install chromium)`);

/** The spec the designer's URL holds (`#/designer?spec=…`). */
function specInUrl(url: string): Record<string, unknown> | null {
  const q = new URL(url).hash.split('?')[1] ?? '';
  const raw = new URLSearchParams(q).get('spec');
  return raw === null ? null : (JSON.parse(raw) as Record<string, unknown>);
}

describe.skipIf(!HAVE_CHROMIUM)('the lab in chromium', () => {
  let lab: Lab;
  /** One tab for the whole run: pages change by hash, as a user clicking the tabs would. */
  let tab: Page;
  const errors: string[] = [];
  /** The wasm range test's suggestion and verdict, which the same run on webgpu must repeat. */
  let wasmRange: { suggested: number; verdict: string } | null = null;

  beforeAll(async () => {
    lab = await openLab();
    tab = await open('#/designer');
  }, 120_000);
  afterAll(async () => {
    await lab?.close();
  });

  /** A freshly loaded page (a new tab) at `hash`. */
  async function open(hash: string): Promise<Page> {
    const page = await newPage(lab, errors);
    await page.goto(`${lab.server.url}${hash}`);
    await page.waitForSelector('body[data-ready]');
    return page;
  }

  /** Switch the shared tab to another page of the app (a hash change, no reload). */
  async function go(hash: string, ready: string): Promise<Page> {
    await tab.evaluate((h) => (location.hash = h), hash);
    await tab.waitForSelector(ready, { state: 'attached' });
    return tab;
  }

  it('designer: a field change redraws the chart and updates the URL; a bad value is rejected at the field', async () => {
    const page = tab;
    await page.waitForSelector('#designer-chart svg');
    const before = await page.innerHTML('#designer-chart svg');
    expect(specInUrl(page.url())).toEqual({ type: 'cosine', lr: 0.1, tMax: 1000 });

    await page.fill('[name="p0.tMax"]', '250');
    await page.waitForFunction(() => decodeURIComponent(location.hash).includes('"tMax":250'));
    expect(specInUrl(page.url())).toEqual({ type: 'cosine', lr: 0.1, tMax: 250 });
    // cos with tMax 250 over 1000 steps has a period of 500: the drawn path changes.
    await page.waitForFunction((old) => document.querySelector('#designer-chart svg')?.innerHTML !== old, before);

    await page.fill('[name="p0.tMax"]', '-3');
    await expect.poll(() => page.textContent('[data-error-for="p0.tMax"]')).toBe('must be a positive integer');
    expect(await page.getAttribute('[name="p0.tMax"]', 'aria-invalid')).toBe('true');
    // The URL keeps the last valid design.
    expect(specInUrl(page.url())).toEqual({ type: 'cosine', lr: 0.1, tMax: 250 });
    expect(await page.textContent('#designer-status')).toContain('to fix');
    await shot(page, 'designer-invalid');

    // Log axis and CSV: the toggle goes into the URL; the CSV has a row per plotted step.
    await page.fill('[name="p0.tMax"]', '250');
    await page.check('#designer-log');
    await page.waitForFunction(() => new URLSearchParams(location.hash.split('?')[1]).get('log') === '1');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    const csv = readFileSync(await download.path(), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('step,lr,momentum');
    expect(csv).toHaveLength(1 + 1000);
    // cos annealing at t = 125 of tMax = 250: 0.1 · (1 + cos(π/2)) / 2 = 0.05.
    expect(Number(csv[1 + 125].split(',')[1])).toBeCloseTo(0.05, 12);
    await page.uncheck('#designer-log');

    // Sequence: warmup in front; then the link alone reproduces the design in a new page.
    await page.fill('[name="p0.tMax"]', '900');
    await page.click('#add-warmup');
    await page.waitForFunction(() => decodeURIComponent(location.hash).includes('"sequence"'));
    const link = page.url();
    const spec = specInUrl(link) as { type: string; parts: Array<{ schedule: Record<string, unknown>; steps?: number }> };
    expect(spec.parts.map((p) => p.schedule.type)).toEqual(['linear', 'cosine']);
    expect(spec.parts[0].steps).toBe(50);
    await shot(page, 'designer-sequence');

    const copy = await open(link.slice(lab.server.url.length));
    await copy.waitForSelector('#designer-chart svg');
    expect(await copy.inputValue('[name="p0.totalIters"]')).toBe('50');
    expect(await copy.inputValue('[name="p1.tMax"]')).toBe('900');
    expect(await copy.inputValue('[name="p1.type"]')).toBe('cosine');
    await copy.close();
  });

  it('range test: 30 steps on wasm run to a suggestion that opens in the designer', async () => {
    const page = await go('#/range', '#range-run');
    await page.fill('#range-steps', '30');
    await page.fill('#range-startLr', '1e-4');
    await page.selectOption('#range-backend', 'wasm');
    await page.click('#range-run');
    await page.waitForSelector('#range-suggested', { timeout: 45_000 });
    expect(await page.textContent('#range-backend-info')).toMatch(/^Backend: wasm/);
    const suggested = Number(/learning rate: ([\d.e+-]+)/.exec((await page.textContent('#range-suggested')) ?? '')?.[1]);
    // Inside the swept range, which is all a suggestion can be.
    expect(suggested).toBeGreaterThan(1e-4);
    expect(suggested).toBeLessThan(10);
    expect(await page.textContent('#range-verdict')).toMatch(/Verdict: (usable|noisy|unusable)/);
    expect(await page.locator('#range-chart svg').count()).toBe(1);
    wasmRange = { suggested, verdict: (await page.textContent('#range-verdict')) ?? '' };
    await shot(page, 'range-test');

    await page.click('#range-open-designer');
    await page.waitForSelector('#designer-chart svg');
    expect(await page.inputValue('[name="p0.type"]')).toBe('onecycle');
    // The recommended one-cycle peaks at 3 × the suggestion (core ONECYCLE_PEAK_FACTOR).
    expect(Number(await page.inputValue('[name="p0.maxLr"]'))).toBeCloseTo(3 * suggested, 2);
  });

  it('range test on webgpu (SwiftShader here): curve, verdict and suggestion as on wasm, backend shown webgpu', async () => {
    const page = await go('#/range', '#range-run');
    await page.fill('#range-steps', '30');
    await page.fill('#range-startLr', '1e-4');
    await page.selectOption('#range-backend', 'webgpu');
    await page.click('#range-run');
    await page.waitForSelector('#range-suggested', { timeout: 60_000 });
    // Exactly webgpu: no fallback (a fallback would name another backend and list webgpu as skipped).
    expect(await page.textContent('#range-backend-info')).toBe('Backend: webgpu');
    expect(await page.textContent('#range-verdict')).toMatch(/Verdict: (usable|noisy|unusable)/);
    expect(await page.locator('#range-chart svg').count()).toBe(1);
    const suggested = Number(/learning rate: ([\d.e+-]+)/.exec((await page.textContent('#range-suggested')) ?? '')?.[1]);
    // The same data, seed and steps as the wasm run above: float32 on both, so the same curve
    // within rounding, the same suggestion to 1% and the same verdict.
    expect(wasmRange).not.toBeNull();
    expect(Math.abs(suggested / (wasmRange?.suggested ?? NaN) - 1)).toBeLessThan(0.01);
    expect(await page.textContent('#range-verdict')).toBe(wasmRange?.verdict);
    await shot(page, 'range-test-webgpu');
  }, 90_000);

  it('range test: Stop ends a long run at once and the page stays usable', async () => {
    const page = await go('#/range', '#range-run');
    await page.fill('#range-steps', '2000');
    await page.selectOption('#range-backend', 'wasm');
    await page.click('#range-run');
    await page.waitForFunction(() => /^step \d+/.test(document.querySelector('#range-status')?.textContent ?? ''), null, { timeout: 30_000 });
    await page.click('#range-stop');
    await expect.poll(() => page.textContent('#range-status')).toMatch(/^Stopped after \d+ points/);
    expect(await page.isEnabled('#range-run')).toBe(true);
    expect(await page.isDisabled('#range-stop')).toBe(true);
  });

  it('batch-size race: two configurations finish with metrics for each', async () => {
    const page = await go('#/race', '#race-run');
    await page.fill('#race-epochs', '2');
    await page.fill('#race-trainSize', '512');
    await page.selectOption('#race-backend', 'wasm');
    await page.click('#race-run');
    await page.waitForSelector('#race-status[data-done]', { timeout: 45_000 });
    const rows = await page.$$eval('#race-table tbody tr', (trs) => trs.map((tr) => Array.from(tr.children, (td) => td.textContent ?? '')));
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r[3]).toBe('2'); // epochs done
      expect(r[4]).toMatch(/^\d+(\.\d)?%$/); // validation accuracy
      expect(Number(r[7].replace(/,/g, ''))).toBeGreaterThan(0); // samples/s
    }
    expect(rows.map((r) => r[1])).toEqual(['32', '512']);
    expect(await page.textContent('#race-table caption')).toMatch(/Backend: wasm/);
    expect(await page.locator('#race-acc-seconds svg').count()).toBe(1);
    await shot(page, 'race');
  });

  it('report viewer: opening a results.json lists its figures and draws the first', async () => {
    const page = await go('#/report', '#report-files');
    const results = {
      figures: [
        { id: 'loss', title: 'Loss vs epoch', caption: 'two batch sizes', spec: { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', data: { values: [{ x: 1, y: 2 }, { x: 2, y: 1 }] }, mark: 'line', encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } } },
        { id: 'acc', title: 'Accuracy', caption: '', spec: { data: { values: [{ a: 'b32', v: 0.9 }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'v', type: 'quantitative' } } } },
      ],
      data: { anything: [1, 2, 3] },
    };
    await page.setInputFiles('#report-files', { name: 'results.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(results)) });
    await page.waitForSelector('#report-chart svg');
    expect(await page.$$eval('#report-list li', (lis) => lis.map((li) => li.textContent))).toEqual(['Loss vs epoch', 'Accuracy']);
    expect(await page.textContent('#report-status')).toBe('2 charts in 1 JSON file.');
    expect(await page.textContent('#report-caption')).toContain('two batch sizes');
    await page.click('#report-list li:nth-child(2) button');
    await expect.poll(() => page.textContent('#report-caption')).toBe('results.json: figures[1]');
    await shot(page, 'report-viewer');
  });

  it('no page errors on any page', () => {
    expect(errors).toEqual([]);
  });
});
