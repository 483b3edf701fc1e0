import { describe, expect, it } from 'vitest';
import { barChart } from './charts/bar-chart.js';
import type { ReportInput, ReportSection } from './html.js';
import { buildReportHtml, describeStability, formatNumber, VERDICT_STATUSES } from './html.js';
import { REPORT_CSS } from './report-style.js';
import { renderSvg } from './render.js';

const tinySvg = (id: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><linearGradient id="${id}"/><rect fill="url(#${id})" width="10" height="10"/></svg>`;

const section = (over: Partial<ReportSection> = {}): ReportSection => ({
  id: 'lr-range',
  title: 'LR range test',
  claim: 'The range test points where the grid search is best.',
  method: 'MNIST, MLP 256, 3 seeds.\n\nGrid of 7 LRs.',
  figures: [{ svg: tinySvg('gradient_0'), caption: 'Loss against LR' }],
  verdict: { status: 'confirmed', text: 'Suggested 0.08, grid best 0.1.' },
  ...over,
});

const input = (sections: ReportSection[], over: Partial<ReportInput> = {}): ReportInput => ({
  title: 'lrlab report',
  generatedAt: '2025-03-04T05:06:07Z',
  environment: { node: 'v20.11.0', backend: 'wasm' },
  sections,
  ...over,
});

describe('buildReportHtml', () => {
  it('has every section id, a contents entry for each and the environment, and no script', () => {
    const ids = ['lr-curves', 'lr-range', 'bs-question'];
    const html = buildReportHtml(input(ids.map((id, i) => section({ id, verdict: { status: (['confirmed', 'refuted', 'nuanced'] as const)[i], text: 'v' } }))));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const id of [...ids, 'environment']) {
      expect(html).toContain(`<section id="${id}"`);
      expect(html).toContain(`<a href="#${id}">`);
    }
    expect(html).not.toMatch(/<script/i);
    expect(html.match(/<section /g)?.length).toBe(ids.length + 1);
    expect(html.match(/<\/section>/g)?.length).toBe(ids.length + 1);
    for (const status of ['confirmed', 'refuted', 'nuanced']) expect(html).toContain(`class="badge badge-${status}">${status}</span>`);
    expect(html).toContain('<time datetime="2025-03-04T05:06:07.000Z">2025-03-04 05:06:07 UTC</time>');
    expect(html).toContain('<tr><th scope="row">backend</th><td>wasm</td></tr>');
  });

  it('is self-contained: no external scripts, stylesheets, images or imports', () => {
    const html = buildReportHtml(input([section()]));
    expect(html).not.toMatch(/\ssrc=|<link|@import|<iframe|<img/i);
    expect(html).toContain('<style>');
  });

  it('escapes every piece of text', () => {
    const evil = '<script>alert("x")</script>';
    const html = buildReportHtml(
      input(
        [
          section({
            title: evil,
            claim: evil,
            method: evil,
            figures: [{ svg: tinySvg('g'), caption: evil }],
            table: { columns: [evil], rows: [[evil]] },
            verdict: { status: 'nuanced', text: evil },
            jsonLink: 'results/a&b.json',
          }),
        ],
        { title: evil, environment: { [evil]: evil } },
      ),
    );
    expect(html).not.toMatch(/<script/i);
    // title ×2 (head, h1), section heading ×2 (contents, h2), claim, method, caption, column, cell, verdict, env key, env value.
    expect(html.split('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;').length - 1).toBe(12);
    expect(html).toContain('href="results/a&amp;b.json"');
  });

  it('scopes each figure\'s SVG ids so charts cannot share definitions', () => {
    const html = buildReportHtml(
      input([
        section({ id: 'a', figures: [{ svg: tinySvg('gradient_0'), caption: 'one' }, { svg: tinySvg('gradient_0'), caption: 'two' }] }),
        section({ id: 'b', figures: [{ svg: tinySvg('gradient_0'), caption: 'three' }] }),
      ]),
    );
    for (const scope of ['a-f0', 'a-f1', 'b-f0']) {
      expect(html).toContain(`id="${scope}-gradient_0"`);
      expect(html).toContain(`url(#${scope}-gradient_0)`);
    }
    expect(html).not.toContain('id="gradient_0"');
  });

  it('renders tables: numbers to 4 significant digits right-aligned, null as a dash', () => {
    const html = buildReportHtml(input([section({ table: { columns: ['schedule', 'accuracy', 'epochs'], rows: [['multistep', 0.97341, 20], ['adam', null, 20]] } })]));
    expect(html).toContain('<tr><th scope="col">schedule</th><th scope="col" class="num">accuracy</th><th scope="col" class="num">epochs</th></tr>');
    expect(html).toContain('<tr><td>multistep</td><td class="num">0.9734</td><td class="num">20</td></tr>');
    expect(html).toContain('<tr><td>adam</td><td class="num">—</td><td class="num">20</td></tr>');
  });

  it('embeds a real rendered chart', async () => {
    const svg = await renderSvg(barChart({ bars: [{ label: 'multistep', value: 0.97 }], valueTitle: 'Accuracy', width: 120 }));
    const html = buildReportHtml(input([section({ figures: [{ svg, caption: 'bars' }] })]));
    expect(html).toContain('<div class="chart"><svg');
    expect(html).toContain('>multistep<');
  });

  it('names the offending field on bad input', () => {
    const bad = (s: Partial<ReportSection>) => () => buildReportHtml(input([section(s)]));
    expect(bad({ id: '1abc' })).toThrow('sections[0].id: must start with a letter and contain only letters, digits, - and _');
    expect(bad({ id: 'environment' })).toThrow('sections[0].id: must be unique and not "contents" or "environment" ("environment")');
    expect(() => buildReportHtml(input([section(), section()]))).toThrow('sections[1].id: must be unique');
    expect(bad({ verdict: { status: 'maybe' as never, text: 't' } })).toThrow('sections[0].verdict.status: must be one of confirmed, refuted, nuanced, inconclusive');
    expect(bad({ claim: ' ' })).toThrow('sections[0].claim: must be a non-empty string');
    expect(bad({ figures: [{ svg: '<svg><script>x</script></svg>', caption: 'c' }] })).toThrow('sections[0].figures[0].svg: must not contain scripts');
    expect(bad({ jsonLink: 'javascript:alert(1)' })).toThrow('sections[0].jsonLink: must be a relative path or an http(s) URL');
    expect(bad({ jsonLink: 'data:text/html,x' })).toThrow('sections[0].jsonLink: must be a relative path or an http(s) URL');
    expect(bad({ table: { columns: ['a', 'b'], rows: [['x']] } })).toThrow('sections[0].table.rows[0]: must have 2 cells');
    expect(() => buildReportHtml(input([], { generatedAt: 'yesterday' }))).toThrow('generatedAt: must be a Date or an ISO 8601 date string');
    expect(() => buildReportHtml(input([], { environment: { cores: 2 as never } }))).toThrow('environment.cores: must be a string');
  });
});

describe('formatNumber', () => {
  it('keeps integers, rounds others to 4 significant digits (hand values)', () => {
    expect(formatNumber(1234567)).toBe('1234567');
    expect(formatNumber(0.97341)).toBe('0.9734');
    expect(formatNumber(123.456)).toBe('123.5');
    expect(formatNumber(2.5e-7)).toBe('2.5e-7');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatNumber(-Infinity)).toBe('−∞');
  });
});

describe('describeStability', () => {
  it('says "n/n seeds agree" or lists every seed\'s status', () => {
    expect(describeStability({ agree: 3, of: 3, statuses: ['nuanced', 'nuanced', 'nuanced'] })).toBe('3/3 seeds agree');
    expect(describeStability({ agree: 2, of: 3, statuses: ['confirmed', 'confirmed', 'refuted'] })).toBe('2/3 seeds: confirmed, confirmed, refuted');
  });
  it('rejects a record that does not add up, naming the field', () => {
    expect(() => describeStability({ agree: 4, of: 3, statuses: ['confirmed', 'confirmed', 'refuted'] }, 'sections[0].verdict.stability')).toThrow(/^sections\[0\]\.verdict\.stability\.agree: /);
    expect(() => describeStability({ agree: 1, of: 2, statuses: ['confirmed'] })).toThrow(/^stability\.statuses: /);
    expect(() => describeStability({ agree: 1, of: 1, statuses: ['maybe' as 'confirmed'] })).toThrow(/^stability\.statuses\[0\]: /);
  });
  it('every verdict status has a badge style', () => {
    for (const status of VERDICT_STATUSES) expect(REPORT_CSS).toContain(`.badge-${status} {`);
  });
});
