import { SpecError } from '../core/spec-error.js';
import { escapeHtml, paragraphs } from './html-escape.js';
import { inlineSvg } from './inline-svg.js';
import { REPORT_CSS } from './report-style.js';

/** How a measured result bears on a claim; computed from the numbers by each study. */
export type VerdictStatus = 'confirmed' | 'refuted' | 'nuanced' | 'inconclusive' | 'underpowered';
export const VERDICT_STATUSES: readonly VerdictStatus[] = ['confirmed', 'refuted', 'nuanced', 'inconclusive', 'underpowered'];

/** How many base seeds gave the reported status, and each seed's status in seed order. */
export interface VerdictStability {
  agree: number;
  of: number;
  statuses: VerdictStatus[];
}

/** A rendered chart (from `renderSvg`) and its caption. */
export interface ReportFigure {
  svg: string;
  caption: string;
}

/** A results table; numbers are shown with up to 4 significant digits, null as an em dash. */
export interface ReportTable {
  columns: string[];
  rows: Array<Array<string | number | null>>;
}

/** One claim of the article, tested by one study. */
export interface ReportSection {
  /** Anchor id, e.g. 'lr-range': a letter, then letters, digits, '-' or '_'; unique. */
  id: string;
  /** Heading (default: the id). */
  title?: string;
  /** The claim under test, as plain text. */
  claim: string;
  /** How it was tested (data, model, grid, seeds), plain text; blank lines separate paragraphs. */
  method: string;
  figures: ReportFigure[];
  table?: ReportTable;
  /** `stability`: present when the study ran at several seeds; shown beside the badge. */
  verdict: { status: VerdictStatus; text: string; stability?: VerdictStability };
  /** Link to the study's result JSON: a relative path or an http(s) URL. */
  jsonLink?: string;
}

/** Everything `buildReportHtml` needs. */
export interface ReportInput {
  title: string;
  /** When the measurements were made: a Date, or an ISO 8601 string. */
  generatedAt: string | Date;
  /** Shown as a two-column table: Node, backend, CPU, lrlab version, preset, seed, ... */
  environment: Record<string, string>;
  sections: ReportSection[];
}

const ID = /^[A-Za-z][A-Za-z0-9_-]*$/;
const RESERVED_IDS = new Set(['contents', 'environment']);

/**
 * One self-contained HTML page for the study results: inline CSS and inline SVG, no scripts, no
 * network. A table of contents with each verdict, one section per claim (claim, method, figures,
 * table, verdict badge, JSON link), and an environment section. All text is escaped.
 *
 * Example: `buildReportHtml({title: 'lrlab report', generatedAt: new Date(), environment: {node: process.version},
 * sections: [{id: 'lr-range', claim: '…', method: '…', figures: [{svg, caption: '…'}], verdict: {status: 'confirmed', text: '…'}}]})`.
 */
export function buildReportHtml(input: ReportInput): string {
  const title = requireText('title', input?.title);
  const when = generatedAt(input.generatedAt);
  const environment = environmentRows(input.environment);
  if (!Array.isArray(input.sections)) throw new SpecError('sections', 'must be an array');
  const ids = new Set<string>();
  const sections = input.sections.map((s, i) => {
    const at = `sections[${i}]`;
    const id = requireText(`${at}.id`, s?.id);
    if (!ID.test(id)) throw new SpecError(`${at}.id`, 'must start with a letter and contain only letters, digits, - and _');
    if (RESERVED_IDS.has(id) || ids.has(id)) throw new SpecError(`${at}.id`, `must be unique and not "contents" or "environment" ("${id}")`);
    ids.add(id);
    return { ...s, id };
  });

  const counts = VERDICT_STATUSES.map((status) => [status, sections.filter((s) => s.verdict?.status === status).length] as const).filter(([, n]) => n > 0);
  const body = sections.map((s, i) => section(s, i)).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="meta">Generated <time datetime="${escapeHtml(when.iso)}">${escapeHtml(when.text)}</time> · ${sections.length} claim${sections.length === 1 ? '' : 's'} tested</p>
<p class="summary">${counts.map(([status, n]) => `${badge(status)} ${n}`).join(' &nbsp; ')}</p>
</header>
<nav aria-labelledby="contents"><h2 id="contents">Contents</h2>
<ol>
${sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title ?? s.id)}</a> ${badge(s.verdict.status)}${s.verdict.stability ? ` <span class="stability">${s.verdict.stability.agree}/${s.verdict.stability.of} seeds</span>` : ''}</li>`).join('\n')}
<li><a href="#environment">Environment</a></li>
</ol>
</nav>
<main>
${body}
<section id="environment" aria-labelledby="environment-h"><h2 id="environment-h">Environment</h2>
<div class="table-wrap"><table class="env"><tbody>
${environment.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('\n')}
</tbody></table></div>
</section>
</main>
</body>
</html>
`;
}

function section(s: ReportSection, index: number): string {
  const at = `sections[${index}]`;
  const heading = s.title === undefined ? s.id : requireText(`${at}.title`, s.title);
  const claim = requireText(`${at}.claim`, s.claim);
  const method = requireText(`${at}.method`, s.method);
  const status = s.verdict?.status;
  if (!VERDICT_STATUSES.includes(status)) throw new SpecError(`${at}.verdict.status`, `must be one of ${VERDICT_STATUSES.join(', ')}`);
  const verdictText = requireText(`${at}.verdict.text`, s.verdict.text);
  const stability = s.verdict.stability === undefined ? '' : ` <span class="stability">${escapeHtml(describeStability(s.verdict.stability, `${at}.verdict.stability`))}</span>`;
  if (!Array.isArray(s.figures)) throw new SpecError(`${at}.figures`, 'must be an array');
  const figures = s.figures.map((f, j) => {
    const svg = inlineSvg(f?.svg, `${s.id}-f${j}`, `${at}.figures[${j}].svg`);
    const caption = requireText(`${at}.figures[${j}].caption`, f.caption);
    return `<figure><div class="chart">${svg}</div><figcaption>${escapeHtml(caption)}</figcaption></figure>`;
  });
  const parts = [
    `<section id="${s.id}" aria-labelledby="${s.id}-h">`,
    `<h2 id="${s.id}-h">${index + 1}. ${escapeHtml(heading)}</h2>`,
    `<blockquote class="claim">${paragraphs(claim)}</blockquote>`,
    '<h3>How it was tested</h3>',
    paragraphs(method),
    ...figures,
  ];
  if (s.table !== undefined) parts.push(table(s.table, `${at}.table`));
  parts.push(`<div class="verdict">${badge(status)}${stability}${paragraphs(verdictText)}</div>`);
  if (s.jsonLink !== undefined) parts.push(`<p class="json">Every number behind this section: <a href="${escapeHtml(link(`${at}.jsonLink`, s.jsonLink))}">${escapeHtml(s.jsonLink)}</a></p>`);
  parts.push('</section>');
  return parts.join('\n');
}

function table(t: ReportTable, at: string): string {
  if (!Array.isArray(t?.columns) || t.columns.length === 0) throw new SpecError(`${at}.columns`, 'must be a non-empty array');
  const columns = t.columns.map((c, i) => requireText(`${at}.columns[${i}]`, c));
  if (!Array.isArray(t.rows)) throw new SpecError(`${at}.rows`, 'must be an array');
  const rows = t.rows.map((row, r) => {
    if (!Array.isArray(row) || row.length !== columns.length) throw new SpecError(`${at}.rows[${r}]`, `must have ${columns.length} cells`);
    return `<tr>${row.map((cell, c) => tableCell(cell, `${at}.rows[${r}][${c}]`)).join('')}</tr>`;
  });
  // Right-align a header over a column of numbers, as its cells are.
  const numeric = (c: number) => t.rows.some((row) => typeof row[c] === 'number') && t.rows.every((row) => row[c] === null || typeof row[c] === 'number');
  return `<div class="table-wrap"><table>
<thead><tr>${columns.map((c, i) => `<th scope="col"${numeric(i) ? ' class="num"' : ''}>${escapeHtml(c)}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

function tableCell(cell: unknown, at: string): string {
  if (cell === null) return '<td class="num">—</td>';
  if (typeof cell === 'string') return `<td>${escapeHtml(cell)}</td>`;
  if (typeof cell === 'number') return `<td class="num">${escapeHtml(formatNumber(cell))}</td>`;
  throw new SpecError(at, 'must be a string, a number or null');
}

/**
 * A table number: integers as they are, others with 4 significant digits and no trailing zeros;
 * NaN and infinities spelled out (a diverged run's loss is a result, not an error).
 *
 * Example: 0.97341 → '0.9734', 1234567 → '1234567', 123.456 → '123.5', 2.5e-7 → '2.5e-7'.
 */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(4)));
}

/**
 * The stability in words: "3/3 seeds agree" when every seed gave the reported status, else
 * "2/3 seeds: confirmed, confirmed, refuted" (each seed's status in seed order).
 */
export function describeStability(s: VerdictStability, at = 'stability'): string {
  if (!Number.isInteger(s?.of) || s.of < 1 || !Array.isArray(s.statuses) || s.statuses.length !== s.of) throw new SpecError(`${at}.statuses`, 'must list one status per seed (of)');
  if (!Number.isInteger(s.agree) || s.agree < 1 || s.agree > s.of) throw new SpecError(`${at}.agree`, `must be an integer from 1 to ${s.of}`);
  s.statuses.forEach((x, i) => {
    if (!VERDICT_STATUSES.includes(x)) throw new SpecError(`${at}.statuses[${i}]`, `must be one of ${VERDICT_STATUSES.join(', ')}`);
  });
  return s.agree === s.of ? `${s.of}/${s.of} seeds agree` : `${s.agree}/${s.of} seeds: ${s.statuses.join(', ')}`;
}

function badge(status: VerdictStatus): string {
  return `<span class="badge badge-${status}">${status}</span>`;
}

function requireText(path: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new SpecError(path, 'must be a non-empty string');
  return value;
}

function link(path: string, href: string): string {
  // A colon before any slash means a URL scheme; only http(s) is allowed, so no javascript: or data: links.
  if (typeof href !== 'string' || href.trim() === '' || (/^[^/]*:/.test(href) && !/^https?:\/\//i.test(href))) {
    throw new SpecError(path, 'must be a relative path or an http(s) URL');
  }
  return href;
}

function generatedAt(value: unknown): { iso: string; text: string } {
  const date = value instanceof Date ? value : typeof value === 'string' && value.trim() !== '' ? new Date(value) : null;
  if (date === null || Number.isNaN(date.getTime())) throw new SpecError('generatedAt', 'must be a Date or an ISO 8601 date string');
  const iso = date.toISOString();
  return { iso, text: `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` };
}

function environmentRows(env: unknown): Array<[string, string]> {
  if (env === null || typeof env !== 'object' || Array.isArray(env)) throw new SpecError('environment', 'must be an object of strings');
  return Object.entries(env).map(([k, v]) => {
    if (typeof v !== 'string') throw new SpecError(`environment.${k}`, 'must be a string');
    return [k, v];
  });
}
