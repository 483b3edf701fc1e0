import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SpecError } from '../core/spec-error.js';
import { initBackend, type BackendName } from '../engine/backend.js';
import { renderPng, renderSvg } from '../report/render.js';
import { VERSION } from '../version.js';
import type { Preset, Study, StudyContext, StudyOutput, TrialOutcome, TrialSpec } from './study.js';
import { createTrialPool, defaultJobs, type TrialPool } from '../sweep/pool.js';
import { runSweep } from '../sweep/run-sweep.js';

/** What the progress display shows: which study, which trial, how far. */
export interface StudyProgress {
  study: string;
  label?: string;
  /** Trials finished in the current `runTrials` call, plus the fractions done of the running ones (or the study's own count). */
  done?: number;
  total?: number;
}

export interface RunStudyOptions {
  preset: Preset;
  /** Base seed handed to the study (default 0). */
  seed?: number;
  backend?: BackendName;
  /** Worker threads for the study's trials (default: the number of cores). */
  jobs?: number;
  /** The study's folder: results.json, figures/, trials.jsonl. */
  outDir: string;
  /** Reuse the trials recorded in outDir/trials.jsonl by an earlier, interrupted run. */
  resume?: boolean;
  /** A config to use instead of the preset's (validated by the study's schema all the same). */
  config?: unknown;
  /** A pool shared by several studies (kept open); otherwise one is made and closed here. */
  pool?: TrialPool;
  onProgress?: (p: StudyProgress) => void;
  signal?: AbortSignal;
}

/** A figure as written: its files, relative to the study's folder, and the SVG text. */
export interface WrittenFigure {
  id: string;
  title: string;
  caption: string;
  svgFile: string;
  pngFile: string;
  svg: string;
}

/** The study's `results.json`. */
export interface StudyResults {
  study: string;
  title: string;
  claim: string;
  status: 'ok' | 'failed';
  error?: string;
  preset: Preset;
  config: unknown;
  seed: number;
  backend: string;
  jobs: number;
  versions: { lrlab: string; tfjs: string; node: string };
  timings: { startedAt: string; seconds: number; trials: number; trialsRun: number; trialsResumed: number; trialSeconds: number };
  method?: string;
  verdict?: StudyOutput['verdict'];
  table?: StudyOutput['table'];
  figures: Omit<WrittenFigure, 'svg'>[];
  data?: Record<string, unknown>;
}

/** The results and the figures' SVG text (for the HTML report). */
export interface StudyRun {
  results: StudyResults;
  svgs: Record<string, string>;
}

/** The installed tfjs-core version, read from its package.json (no TensorFlow.js import here). */
export function tfjsVersion(): string {
  try {
    return (createRequire(import.meta.url)('@tensorflow/tfjs-core/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The study's config for a preset (or a given one), validated by its schema: SpecError naming the field. */
export function studyConfig<C>(study: Study<C>, preset: Preset, config?: unknown): C {
  const raw = config === undefined ? study.presets[preset] : config;
  const parsed = study.configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = config === undefined ? `${study.name}.presets.${preset}` : `${study.name}.config`;
    throw new SpecError([where, ...issue.path.map(String)].join('.'), issue.message);
  }
  return parsed.data;
}

/**
 * Run one study: validate its config, give it a context whose `runTrials` goes through the sweep
 * engine (worker threads, each trial appended to `outDir/trials.jsonl`, so a rerun with `resume`
 * skips finished trials), then write `outDir/results.json` (claim, config, seed, backend,
 * versions, timings, verdict, every number) and `outDir/figures/<id>.svg` and `.png`.
 *
 * A study that throws is recorded: results.json with `status: "failed"` and the error, and the
 * error is thrown on (an invalid config is thrown before anything is written).
 *
 * @example const { results } = await runStudy(batchSpeed, { preset: 'quick', outDir: 'report/batch-speed' });
 */
export async function runStudy<C>(study: Study<C>, opts: RunStudyOptions): Promise<StudyRun> {
  const config = studyConfig(study, opts.preset, opts.config);
  const seed = opts.seed ?? 0;
  const jobs = opts.pool?.jobs ?? opts.jobs ?? defaultJobs();
  // Studies may also train in this thread (range tests), so the main thread gets a backend too.
  const backend = await initBackend(opts.backend ?? 'wasm');
  mkdirSync(opts.outDir, { recursive: true });
  const trialsFile = 'trials.jsonl';
  if (!opts.resume) rmSync(join(opts.outDir, trialsFile), { force: true });

  const startedAt = new Date();
  const t0 = performance.now();
  const stats = { trials: 0, run: 0, resumed: 0, seconds: 0 };
  let pool = opts.pool ?? null;
  const progress = (p: Omit<StudyProgress, 'study'>): void => opts.onProgress?.({ study: study.name, ...p });
  const ctx: StudyContext = {
    preset: opts.preset,
    seed,
    backend,
    jobs,
    outDir: opts.outDir,
    signal: opts.signal,
    progress,
    async runTrials(trials: TrialSpec[]): Promise<TrialOutcome[]> {
      pool ??= createTrialPool({ jobs, backend });
      progress({ done: 0, total: trials.length });
      // Finished trials plus the fractions of the running ones, so the time left moves smoothly.
      const running = new Map<string, number>();
      let finished = 0;
      const partial = (): number => [...running.values()].reduce((a, b) => a + b, 0);
      const out = await runSweep({
        trials,
        pool,
        dir: opts.outDir,
        fileName: trialsFile,
        // Earlier calls of this run are in the file too: never truncate it here.
        resume: true,
        signal: opts.signal,
        onResult: (o, p) => {
          stats.trials++;
          if (p.resumed) stats.resumed++;
          else stats.run++;
          stats.seconds += p.resumed ? 0 : o.seconds;
          running.delete(o.id);
          finished = p.done;
          progress({ label: o.id, done: finished + partial(), total: p.total });
        },
        onTrialProgress: (id, fraction) => {
          running.set(id, fraction);
          progress({ label: id, done: finished + partial(), total: trials.length });
        },
      });
      return out;
    },
  };

  const base = {
    study: study.name, title: study.title, claim: study.claim, preset: opts.preset, config, seed, backend, jobs,
    versions: { lrlab: VERSION, tfjs: tfjsVersion(), node: process.version },
  };
  const timings = () => ({
    startedAt: startedAt.toISOString(), seconds: (performance.now() - t0) / 1000,
    trials: stats.trials, trialsRun: stats.run, trialsResumed: stats.resumed, trialSeconds: stats.seconds,
  });
  try {
    const output = await study.run(config, ctx);
    const figures: WrittenFigure[] = [];
    mkdirSync(join(opts.outDir, 'figures'), { recursive: true });
    for (const f of output.figures) {
      const svg = await renderSvg(f.spec);
      const png = await renderPng(f.spec);
      writeFileSync(join(opts.outDir, 'figures', `${f.id}.svg`), svg);
      writeFileSync(join(opts.outDir, 'figures', `${f.id}.png`), png);
      figures.push({ id: f.id, title: f.title, caption: f.caption, svgFile: `figures/${f.id}.svg`, pngFile: `figures/${f.id}.png`, svg });
    }
    const results: StudyResults = {
      ...base, status: 'ok', timings: timings(), method: output.method, verdict: output.verdict,
      ...(output.table ? { table: output.table } : {}),
      figures: figures.map(({ svg: _svg, ...f }) => f),
      data: output.data,
    };
    writeJson(join(opts.outDir, 'results.json'), results);
    return { results, svgs: Object.fromEntries(figures.map((f) => [f.id, f.svg])) };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    writeJson(join(opts.outDir, 'results.json'), { ...base, status: 'failed', error, timings: timings(), figures: [] } satisfies StudyResults);
    throw err;
  } finally {
    if (!opts.pool && pool) await pool.close();
  }
}

/** Write then rename, so an interrupt never leaves a half-written results.json. */
function writeJson(file: string, value: unknown): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, file);
}

/** One study's outcome within `runStudies` (the shape the report builder takes). */
export interface StudyRecord {
  name: string;
  title: string;
  claim: string;
  status: 'ok' | 'failed';
  error?: string;
  results: StudyResults | null;
  svgs: Record<string, string>;
  seconds: number;
}

export interface RunStudiesOptions extends Omit<RunStudyOptions, 'outDir' | 'pool' | 'config'> {
  /** Each study writes to `outRoot/<name>/`. */
  outRoot: string;
  /** Called when a study starts and ends (1-based index). */
  onStudy?: (event: { study: Study; index: number; count: number; record?: StudyRecord }) => void;
}

/**
 * Run studies one after another on one shared worker pool (warm threads keep TensorFlow.js
 * started and data cached between studies). A study that throws is recorded as failed and the
 * others go on; an abort (signal) stops after the current study, marking it failed.
 */
export async function runStudies(studies: readonly Study[], opts: RunStudiesOptions): Promise<{ records: StudyRecord[]; interrupted: boolean }> {
  const backend = await initBackend(opts.backend ?? 'wasm');
  const pool = createTrialPool({ jobs: opts.jobs ?? defaultJobs(), backend });
  const records: StudyRecord[] = [];
  try {
    for (const [i, study] of studies.entries()) {
      if (opts.signal?.aborted) break;
      opts.onStudy?.({ study, index: i + 1, count: studies.length });
      const t0 = performance.now();
      let record: StudyRecord;
      try {
        const { results, svgs } = await runStudy(study, { ...opts, backend, pool, outDir: join(opts.outRoot, study.name) });
        record = { name: study.name, title: study.title, claim: study.claim, status: 'ok', results, svgs, seconds: (performance.now() - t0) / 1000 };
      } catch (err) {
        record = {
          name: study.name, title: study.title, claim: study.claim, status: 'failed',
          error: err instanceof Error ? err.message : String(err), results: null, svgs: {}, seconds: (performance.now() - t0) / 1000,
        };
      }
      records.push(record);
      opts.onStudy?.({ study, index: i + 1, count: studies.length, record });
    }
  } finally {
    await pool.close();
  }
  return { records, interrupted: opts.signal?.aborted === true };
}
