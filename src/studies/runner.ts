import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SpecError } from '../core/spec-error.js';
import { initBackend, type BackendName } from '../engine/backend.js';
import { renderPng, renderSvg } from '../report/render.js';
import { VERSION } from '../version.js';
import { combineVerdicts } from './stability.js';
import type { Preset, Study, StudyContext, StudyOutput, TrialOutcome, TrialSpec, VerdictStability } from './study.js';
import { canonicalJson } from '../sweep/canonical-json.js';
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
  /** Base seeds: the study runs once per seed (in this order) and reports the seed-majority verdict; overrides `seed`. */
  seeds?: number[];
  backend?: BackendName;
  /** Worker threads for the study's trials (default: the number of cores). */
  jobs?: number;
  /** The study's folder: results.json, figures/, trials.jsonl. */
  outDir: string;
  /** Reuse the trials recorded in outDir/trials.jsonl by an earlier, interrupted run. */
  resume?: boolean;
  /** A config to use instead of the preset's (validated by the study's schema all the same). */
  config?: unknown;
  /**
   * A pool shared by several studies (kept open); otherwise one is made and closed here. A queue
   * pool (`queue/queue-pool.ts`) sends the trials to `lrlab worker` processes; results.json then
   * records its sweep name as `queue` and `jobs` as null (the workers decide how many run at once).
   */
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
  /** The base seed of the run whose data and figures these are (with several seeds: the first with the reported verdict). */
  seed: number;
  /** Every base seed the study ran at, in order. */
  seeds: number[];
  backend: string;
  /** Trials at once on this machine's threads; null when they ran on queue workers (`queue`). */
  jobs: number | null;
  /** Present when the trials went through a BullMQ queue (`--queue`): the sweep's name in Redis. */
  queue?: { sweepName: string };
  versions: { lrlab: string; tfjs: string; node: string };
  timings: { startedAt: string; seconds: number; trials: number; trialsRun: number; trialsResumed: number; trialsShared: number; trialSeconds: number };
  method?: string;
  /** With several seeds, `stability` says how many seeds gave the reported status. */
  verdict?: StudyOutput['verdict'] & { stability?: VerdictStability };
  /** With several seeds: each seed's own verdict and results file (relative to the study's folder). */
  perSeed?: { seed: number; verdict: StudyOutput['verdict']; resultsFile: string }[];
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
 * With several `seeds` the study runs once per base seed, each into `outDir/seed-<S>/` (its own
 * results.json, figures and trials.jsonl); a trial whose config an earlier seed already ran (same
 * canonical JSON, so the same numbers) is taken from that seed instead of trained again.
 * `outDir/results.json` then reports the seed-majority verdict ({@link combineVerdicts}) with
 * `verdict.stability`, `seeds`, every seed's verdict in `perSeed`, and the data and figures of the
 * first seed with that verdict (its `seed`).
 *
 * A study that throws is recorded: results.json with `status: "failed"` and the error, and the
 * error is thrown on (an invalid config is thrown before anything is written).
 *
 * @example const { results } = await runStudy(batchSpeed, { preset: 'quick', outDir: 'report/batch-speed' });
 */
export async function runStudy<C>(study: Study<C>, opts: RunStudyOptions): Promise<StudyRun> {
  const config = studyConfig(study, opts.preset, opts.config);
  const seeds = opts.seeds ?? [opts.seed ?? 0];
  if (seeds.length === 0 || new Set(seeds).size !== seeds.length) throw new SpecError('seeds', 'must be a non-empty list of distinct seeds');
  const jobs = opts.pool?.jobs ?? opts.jobs ?? defaultJobs();
  // Studies may also train in this thread (range tests), so the main thread gets a backend too.
  const backend = await initBackend(opts.backend ?? 'wasm');
  const shared = { pool: opts.pool ?? null };
  const queue = queueOf(opts.pool);
  try {
    if (seeds.length === 1) return await runSeed(study, config, { ...opts, jobs, backend, queue }, seeds[0], opts.outDir, new Map(), shared);
    const t0 = performance.now();
    const startedAt = new Date();
    const measured = new Map<string, TrialOutcome>();
    const runs: StudyRun[] = [];
    for (const seed of seeds) {
      try {
        runs.push(await runSeed(study, config, { ...opts, jobs, backend, queue }, seed, join(opts.outDir, seedFolder(seed)), measured, shared));
      } catch (err) {
        const error = `seed ${seed}: ${err instanceof Error ? err.message : String(err)}`;
        mkdirSync(opts.outDir, { recursive: true });
        writeJson(join(opts.outDir, 'results.json'), {
          ...baseResults(study, opts.preset, config, seed, seeds, backend, jobs, queue), status: 'failed', error,
          timings: sumTimings(startedAt, t0, runs), figures: [],
        } satisfies StudyResults);
        throw err;
      }
    }
    const combined = combineVerdicts(runs.map((r) => ({ seed: r.results.seed, status: r.results.verdict!.status, text: r.results.verdict!.text })));
    const rep = runs.find((r) => r.results.seed === combined.seed) as StudyRun;
    const folder = seedFolder(combined.seed);
    const results: StudyResults = {
      ...rep.results,
      seeds,
      timings: sumTimings(startedAt, t0, runs),
      verdict: { status: combined.status, text: combined.text, stability: combined.stability },
      perSeed: runs.map((r) => ({ seed: r.results.seed, verdict: r.results.verdict!, resultsFile: `${seedFolder(r.results.seed)}/results.json` })),
      figures: rep.results.figures.map((f) => ({ ...f, svgFile: `${folder}/${f.svgFile}`, pngFile: `${folder}/${f.pngFile}` })),
    };
    writeJson(join(opts.outDir, 'results.json'), results);
    return { results, svgs: rep.svgs };
  } finally {
    if (!opts.pool && shared.pool) await shared.pool.close();
  }
}

/** The folder of one seed's run inside the study's folder when several seeds run. */
function seedFolder(seed: number): string {
  return `seed-${seed}`;
}

/** The sweep name of a queue pool (it has one; a local pool has not), else undefined. */
function queueOf(pool: TrialPool | undefined): { sweepName: string } | undefined {
  const name = (pool as { sweepName?: unknown } | undefined)?.sweepName;
  return typeof name === 'string' ? { sweepName: name } : undefined;
}

function baseResults(study: Study, preset: Preset, config: unknown, seed: number, seeds: number[], backend: string, jobs: number, queue: { sweepName: string } | undefined) {
  return {
    study: study.name, title: study.title, claim: study.claim, preset, config, seed, seeds, backend,
    jobs: queue ? null : jobs,
    ...(queue ? { queue } : {}),
    versions: { lrlab: VERSION, tfjs: tfjsVersion(), node: process.version },
  };
}

function sumTimings(startedAt: Date, t0: number, runs: readonly StudyRun[]): StudyResults['timings'] {
  const sum = (k: 'trials' | 'trialsRun' | 'trialsResumed' | 'trialsShared' | 'trialSeconds'): number => runs.reduce((a, r) => a + r.results.timings[k], 0);
  return {
    startedAt: startedAt.toISOString(), seconds: (performance.now() - t0) / 1000,
    trials: sum('trials'), trialsRun: sum('trialsRun'), trialsResumed: sum('trialsResumed'), trialsShared: sum('trialsShared'), trialSeconds: sum('trialSeconds'),
  };
}

/**
 * One base seed of a study into `outDir`. `earlier`: outcomes measured by earlier seeds of this
 * run, keyed by canonical config; a trial found there is reused, and this seed's own outcomes are
 * added to it when the seed has finished (not during, so one seed's run is the same with or
 * without other seeds).
 */
async function runSeed<C>(
  study: Study<C>, config: C, opts: RunStudyOptions & { jobs: number; backend: BackendName; queue: { sweepName: string } | undefined }, seed: number, outDir: string,
  earlier: Map<string, TrialOutcome>, shared: { pool: TrialPool | null },
): Promise<StudyRun> {
  const { jobs, backend } = opts;
  mkdirSync(outDir, { recursive: true });
  const trialsFile = 'trials.jsonl';
  if (!opts.resume) rmSync(join(outDir, trialsFile), { force: true });

  const startedAt = new Date();
  const t0 = performance.now();
  const stats = { trials: 0, run: 0, resumed: 0, shared: 0, seconds: 0 };
  const mine = new Map<string, TrialOutcome>();
  const progress = (p: Omit<StudyProgress, 'study'>): void => opts.onProgress?.({ study: study.name, ...p });
  const ctx: StudyContext = {
    preset: opts.preset,
    seed,
    backend,
    jobs,
    outDir,
    signal: opts.signal,
    progress,
    async runTrials(trials: TrialSpec[]): Promise<TrialOutcome[]> {
      const keys = trials.map((t) => canonicalJson(t.config));
      const fresh = trials.filter((_, i) => !earlier.has(keys[i]));
      stats.trials += trials.length - fresh.length;
      stats.shared += trials.length - fresh.length;
      const ran = new Map<string, TrialOutcome>();
      if (fresh.length > 0) {
        shared.pool ??= createTrialPool({ jobs, backend });
        const pool = shared.pool;
        progress({ done: 0, total: fresh.length });
        // Finished trials plus the fractions of the running ones, so the time left moves smoothly.
        const running = new Map<string, number>();
        let finished = 0;
        const partial = (): number => [...running.values()].reduce((a, b) => a + b, 0);
        const out = await runSweep({
          trials: fresh,
          pool,
          dir: outDir,
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
            progress({ label: id, done: finished + partial(), total: fresh.length });
          },
        });
        for (const o of out) {
          ran.set(o.id, o);
          if (o.status !== 'error') mine.set(canonicalJson(o.config), o);
        }
      }
      return trials.map((t, i) => ran.get(t.id) ?? { ...(earlier.get(keys[i]) as TrialOutcome), id: t.id });
    },
  };

  const base = baseResults(study, opts.preset, config, seed, [seed], backend, jobs, opts.queue);
  const timings = () => ({
    startedAt: startedAt.toISOString(), seconds: (performance.now() - t0) / 1000,
    trials: stats.trials, trialsRun: stats.run, trialsResumed: stats.resumed, trialsShared: stats.shared, trialSeconds: stats.seconds,
  });
  try {
    const output = await study.run(config, ctx);
    const figures: WrittenFigure[] = [];
    mkdirSync(join(outDir, 'figures'), { recursive: true });
    for (const f of output.figures) {
      const svg = await renderSvg(f.spec);
      const png = await renderPng(f.spec);
      writeFileSync(join(outDir, 'figures', `${f.id}.svg`), svg);
      writeFileSync(join(outDir, 'figures', `${f.id}.png`), png);
      figures.push({ id: f.id, title: f.title, caption: f.caption, svgFile: `figures/${f.id}.svg`, pngFile: `figures/${f.id}.png`, svg });
    }
    const results: StudyResults = {
      ...base, status: 'ok', timings: timings(), method: output.method, verdict: output.verdict,
      ...(output.table ? { table: output.table } : {}),
      figures: figures.map(({ svg: _svg, ...f }) => f),
      data: output.data,
    };
    writeJson(join(outDir, 'results.json'), results);
    for (const [k, o] of mine) earlier.set(k, o);
    return { results, svgs: Object.fromEntries(figures.map((f) => [f.id, f.svg])) };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    writeJson(join(outDir, 'results.json'), { ...base, status: 'failed', error, timings: timings(), figures: [] } satisfies StudyResults);
    throw err;
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

export interface RunStudiesOptions extends Omit<RunStudyOptions, 'outDir' | 'config'> {
  /** Each study writes to `outRoot/<name>/`. */
  outRoot: string;
  /** Called when a study starts and ends (1-based index). */
  onStudy?: (event: { study: Study; index: number; count: number; record?: StudyRecord }) => void;
}

/**
 * Run studies one after another on one shared worker pool (warm threads keep TensorFlow.js
 * started and data cached between studies): `opts.pool` when given (a queue pool, say; kept
 * open), else a local pool made and closed here. A study that throws is recorded as failed and
 * the others go on; an abort (signal) stops after the current study, marking it failed.
 */
export async function runStudies(studies: readonly Study[], opts: RunStudiesOptions): Promise<{ records: StudyRecord[]; interrupted: boolean }> {
  const backend = await initBackend(opts.backend ?? 'wasm');
  const pool = opts.pool ?? createTrialPool({ jobs: opts.jobs ?? defaultJobs(), backend });
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
    if (!opts.pool) await pool.close();
  }
  return { records, interrupted: opts.signal?.aborted === true };
}
