import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReportHtml, type ReportSection, type VerdictStability, type VerdictStatus } from './html.js';

/** The parts of a study's results.json the page shows (the JSON keeps all of it). */
export interface ReportStudyResults {
  method?: string;
  verdict?: { status: VerdictStatus; text: string; stability?: VerdictStability };
  table?: { columns: string[]; rows: (string | number | null)[][] };
  figures?: { id: string; title: string; caption: string }[];
}

/** One study as the report needs it (the study's results.json, plus its figures' SVG text). */
export interface ReportStudy {
  name: string;
  title: string;
  claim: string;
  status: 'ok' | 'failed';
  /** Why a failed study failed. */
  error?: string;
  /** The study's results.json content (for a failed study: what was written, if anything). */
  results: ReportStudyResults | null;
  /** SVG text per figure id. */
  svgs: Record<string, string>;
}

export interface ReportInputs {
  title?: string;
  generatedAt: Date;
  preset: string;
  seed: number;
  /** The base seeds every study ran at (several: each verdict carries its stability); default [seed]. */
  seeds?: readonly number[];
  /** Shown in the environment section (Node, CPU, backend, versions…). */
  environment: Record<string, string>;
  studies: readonly ReportStudy[];
  /** Wall-clock seconds of the whole report. */
  seconds: number;
}

/** The page and the top-level JSON of a report folder. */
export interface AssembledReport {
  html: string;
  json: Record<string, unknown>;
}

/**
 * Assemble the report from the studies' results: `index.html` (one section per claim with the
 * figures inline, the table, the verdict and a link to the study's results.json; a failed study
 * gets a section saying so with its error) and a top-level `results.json` that aggregates every
 * study's results (what the lab's report viewer reads).
 *
 * @example const { html, json } = assembleReport({ generatedAt: new Date(), preset: 'quick', seed: 0, environment, studies, seconds: 120 });
 */
export function assembleReport(inp: ReportInputs): AssembledReport {
  const sections: ReportSection[] = inp.studies.map((s) => {
    const link = `${s.name}/results.json`;
    if (s.status === 'failed' || !s.results?.verdict || !s.results.method) {
      return {
        id: s.name,
        title: `${s.title} — failed`,
        claim: s.claim,
        method: 'The study stopped with an error before it produced its measurements, so this claim was not tested in this run.',
        figures: [],
        verdict: { status: 'inconclusive', text: `The study failed: ${s.error ?? 'no result was recorded'}` },
        jsonLink: link,
      };
    }
    const r = s.results;
    return {
      id: s.name,
      title: s.title,
      claim: s.claim,
      method: r.method as string,
      figures: (r.figures ?? []).filter((f) => s.svgs[f.id] !== undefined).map((f) => ({ svg: s.svgs[f.id], caption: `${f.title}. ${f.caption}` })),
      ...(r.table ? { table: r.table } : {}),
      verdict: verdictOf(r.verdict as NonNullable<typeof r.verdict>),
      jsonLink: link,
    };
  });
  const failed = inp.studies.filter((s) => s.status === 'failed').map((s) => s.name);
  const seeds = inp.seeds ?? [inp.seed];
  const environment = {
    ...inp.environment,
    preset: inp.preset,
    ...(seeds.length > 1 ? { seeds: `${seeds.join(', ')} (each study at every seed; the verdict is the seeds' majority, a tie going to the more cautious status)` } : { seed: String(inp.seed) }),
    'total time': `${inp.seconds.toFixed(1)} s`,
    ...(failed.length > 0 ? { 'failed studies': failed.join(', ') } : {}),
  };
  const html = buildReportHtml({
    title: inp.title ?? 'lrlab report: learning rate and batch size, measured',
    generatedAt: inp.generatedAt,
    environment,
    sections,
  });
  const json = {
    title: inp.title ?? 'lrlab report',
    generatedAt: inp.generatedAt.toISOString(),
    preset: inp.preset,
    seed: inp.seed,
    seeds,
    seconds: inp.seconds,
    environment: inp.environment,
    failed,
    studies: inp.studies.map((s) => ({
      name: s.name,
      title: s.title,
      claim: s.claim,
      status: s.status,
      ...(s.error !== undefined ? { error: s.error } : {}),
      resultsFile: `${s.name}/results.json`,
      verdict: s.results?.verdict ?? null,
      results: s.results,
    })),
  };
  return { html, json };
}

/** The verdict as the page shows it: status, text and, from a several-seed run, the stability (results.json keeps the seeds too). */
function verdictOf(v: NonNullable<ReportStudyResults['verdict']>): ReportSection['verdict'] {
  return { status: v.status, text: v.text, ...(v.stability ? { stability: { agree: v.stability.agree, of: v.stability.of, statuses: v.stability.statuses } } : {}) };
}

/** Write `index.html` and `results.json` into `outDir` (each written whole, then renamed into place). */
export function writeReportFolder(outDir: string, report: AssembledReport): void {
  mkdirSync(outDir, { recursive: true });
  const put = (name: string, text: string): void => {
    const tmp = join(outDir, `.${name}.tmp-${process.pid}`);
    writeFileSync(tmp, text);
    renameSync(tmp, join(outDir, name));
  };
  put('results.json', `${JSON.stringify(report.json, null, 2)}\n`);
  put('index.html', report.html);
}
