import { createHash } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import { BACKEND_CHOICES, backendInfo, describeAdapter, type BackendChoice } from '../../engine/backend.js';
import { redact } from '../../queue/connect.js';
import { checkSweepName } from '../../queue/protocol.js';
import { parseRedisUrl } from '../../queue/redis-url.js';
import { STUDIES, findStudy } from '../../studies/registry.js';
import { runStudies, tfjsVersion, type RunStudiesOptions, type StudyRecord } from '../../studies/runner.js';
import type { Preset, Study } from '../../studies/study.js';
import { defaultJobs } from '../../sweep/pool.js';
import { VERSION } from '../../version.js';
import { choiceFlag, intFlag, numListFlag, parseFlags } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { formatSeconds, Progress } from '../progress.js';
import { resolveBackendFlag } from '../training-flags.js';
import { cpus, platform, arch } from 'node:os';

const help = `lrlab study — run one of the experiments behind the report (or all of them)

Usage: lrlab study NAME|all [flags]

Studies:
${STUDIES.map((s) => `  ${s.name.padEnd(22)}${s.claim}`).join('\n')}

Flags:
  --preset quick|full     how much compute (default quick: all studies in minutes)
  --out DIR               parent folder; the study writes DIR/NAME/ (default report)
  --jobs N                trials at once, one worker thread each (default: ${defaultJobs()}, the number of cores)
  --resume                reuse the trials recorded in DIR/NAME/trials.jsonl by an interrupted run
  --seed S                base seed (default 0)
  --seeds 0,1,2           run at each base seed; the verdict is the seeds' majority (a tie goes to
                          the more cautious status) with "stability" (how many seeds agree); each
                          seed's run is in DIR/NAME/seed-S/, identical trials run once
  --backend B             wasm | cpu | webgpu | auto (default wasm); auto: webgpu when a GPU adapter
                          is found, else wasm
  --queue URL             run the trials on \`lrlab worker\` processes through Redis (redis://[:password@]HOST:PORT[/DB],
                          rediss:// for TLS) instead of local threads; --jobs is then ignored. Range
                          tests and noise-scale probes stay on this machine
  --sweep-name NAME       the trials' namespace in Redis (default: DIR's folder name and 8 hex digits
                          of its absolute path, e.g. report-1a2b3c4d, so separate reports never share
                          results). Results already in Redis under NAME are reused, as --resume does
  --quiet                 no progress display

Writes DIR/NAME/results.json (every number, the verdict, seed, backend, versions, timings),
DIR/NAME/figures/*.svg|png and DIR/NAME/trials.jsonl. Exit code 1 if a study failed.

Example:
  lrlab study batch-speed --preset quick
`;

/** The flags `study` and `report` share. */
export const STUDY_FLAGS = {
  preset: { type: 'string' },
  out: { type: 'string' },
  jobs: { type: 'string' },
  resume: { type: 'boolean' },
  seed: { type: 'string' },
  seeds: { type: 'string' },
  backend: { type: 'string' },
  queue: { type: 'string' },
  'sweep-name': { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

export interface StudyFlags {
  preset: Preset;
  outRoot: string;
  jobs: number;
  resume: boolean;
  seed: number;
  /** From --seeds: several base seeds (distinct, in the order given); absent with --seed. */
  seeds?: number[];
  backend: BackendChoice;
  quiet: boolean;
  /** From --queue (validated): trials go to \`lrlab worker\` processes through this Redis, as sweep \`sweepName\`. */
  queue?: { url: string; sweepName: string };
}

export function parseStudyFlags(values: Record<string, string | boolean | (string | boolean)[] | undefined>): StudyFlags {
  const out = typeof values.out === 'string' ? values.out : 'report';
  if (out.trim() === '') throw new UsageError('--out', 'needs a folder');
  return {
    preset: choiceFlag('preset', values.preset as string | undefined, ['quick', 'full'] as const, 'quick'),
    outRoot: resolve(out),
    jobs: intFlag('jobs', values.jobs as string | undefined, { default: defaultJobs() }),
    resume: values.resume === true,
    seed: intFlag('seed', values.seed as string | undefined, { min: 0, default: 0 }),
    ...(typeof values.seeds === 'string' ? { seeds: seedsFlag(values.seeds, values.seed !== undefined) } : {}),
    backend: choiceFlag('backend', values.backend as string | undefined, BACKEND_CHOICES, 'wasm'),
    quiet: values.quiet === true,
    ...queueFlags(values.queue, values['sweep-name'], resolve(out)),
  };
}

/** `--queue URL [--sweep-name NAME]`, checked before anything runs; `{}` without --queue. */
function queueFlags(url: unknown, name: unknown, outRoot: string): { queue?: { url: string; sweepName: string } } {
  if (typeof url !== 'string') {
    if (name !== undefined) throw new UsageError('--sweep-name', 'needs --queue');
    return {};
  }
  parseRedisUrl(url);
  return { queue: { url, sweepName: typeof name === 'string' ? checkSweepName(name) : defaultSweepName(outRoot) } };
}

/**
 * The sweep name of a queued study or report when --sweep-name is not given: the output folder's
 * name (characters a sweep name cannot hold become '-') and 8 hex digits of the SHA-256 of its
 * absolute path — the same for a rerun or --resume into that folder, another for another folder.
 */
export function defaultSweepName(outRoot: string): string {
  const folder = basename(outRoot).replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 40) || 'report';
  return `${folder}-${createHash('sha256').update(outRoot).digest('hex').slice(0, 8)}`;
}

/** `--seeds 0,1,2`: distinct integers ≥ 0, not together with --seed. */
function seedsFlag(raw: string, withSeed: boolean): number[] {
  if (withSeed) throw new UsageError('--seeds', 'cannot be combined with --seed (give one or the other)');
  const seeds = numListFlag('seeds', raw, { integer: true });
  if (seeds.some((s) => s < 0)) throw new UsageError('--seeds', `must be integers >= 0, got '${raw}'`);
  if (new Set(seeds).size !== seeds.length) throw new UsageError('--seeds', `must not repeat a seed, got '${raw}'`);
  return seeds;
}

/**
 * Run studies with a progress display on stderr (study i/n, its trials, time left) and Ctrl-C
 * handling; returns the records and whether the run was interrupted.
 */
export async function runStudiesWithProgress(studies: readonly Study[], flags: StudyFlags): Promise<{ records: StudyRecord[]; interrupted: boolean }> {
  // auto decided and webgpu's adapter checked before anything starts: no GPU is exit 2.
  const { name: backend } = await resolveBackendFlag(flags.backend);
  // Loaded only with --queue, so local runs do not load BullMQ. A Redis that cannot be reached is
  // an input error before any study starts.
  const pool = flags.queue === undefined ? undefined
    : await (await import('../../queue/queue-pool.js')).createQueuePool({ url: flags.queue.url, sweepName: flags.queue.sweepName, backend });
  if (flags.queue !== undefined && !flags.quiet) {
    process.stderr.write(`lrlab: trials go to the queue at ${redact(flags.queue.url)} as sweep ${flags.queue.sweepName}; start workers with: lrlab worker --queue URL\n`);
  }
  const ac = new AbortController();
  const onSigint = (): void => ac.abort();
  process.once('SIGINT', onSigint);
  let bar: Progress | null = null;
  let barTotal = -1;
  let current = '';
  const log = (line: string): void => {
    if (flags.quiet) return;
    bar?.done();
    process.stderr.write(`${line}\n`);
  };
  const options: RunStudiesOptions = {
    preset: flags.preset, seed: flags.seed, ...(flags.seeds ? { seeds: flags.seeds } : {}), backend, jobs: flags.jobs, resume: flags.resume,
    outRoot: flags.outRoot, signal: ac.signal, ...(pool ? { pool } : {}),
    onStudy: ({ study, index, count, record }) => {
      if (!record) {
        current = `[${index}/${count}] ${study.name}`;
        bar = null;
        barTotal = -1;
        return;
      }
      bar?.done();
      log(record.status === 'ok'
        ? `${current}: ${record.results?.verdict?.status ?? '?'} (${formatSeconds(record.seconds)})`
        : `${current}: FAILED: ${record.error}`);
    },
    onProgress: (p) => {
      if (flags.quiet || p.total === undefined) return;
      // A new runTrials call (a new batch of trials) restarts the bar and its time estimate.
      if (bar === null || p.total !== barTotal || (p.done === 0 && p.label === undefined)) {
        bar?.done();
        bar = new Progress(current, p.total, { quiet: flags.quiet });
        barTotal = p.total;
      }
      bar.update(p.done ?? 0, `trial ${Math.floor(p.done ?? 0)}/${p.total}${p.label ? ` ${p.label}` : ''}`);
    },
  };
  try {
    return await runStudies(studies, options);
  } finally {
    (bar as Progress | null)?.done();
    process.removeListener('SIGINT', onSigint);
    await pool?.close();
  }
}

/** The environment section: machine, Node, backend, versions. */
export function environmentInfo(flags: StudyFlags): Record<string, string> {
  const info = backendInfo();
  const cpu = cpus()[0]?.model ?? 'unknown';
  return {
    lrlab: VERSION,
    'TensorFlow.js': tfjsVersion(),
    Node: process.version,
    platform: `${platform()} ${arch()}`,
    CPU: `${cpu} (${cpus().length} logical cores)`,
    backend: `${info.name}${info.name === 'wasm' ? ` (SIMD ${info.simd ? 'on' : 'off'}, ${info.threads} thread${info.threads === 1 ? '' : 's'} per worker, lrlab kernels ${info.fastKernels ? 'on' : 'off'})` : ''}`
      + `${info.adapter !== null ? ` (GPU adapter: ${describeAdapter(info.adapter)})` : ''}`,
    ...(flags.queue
      ? { trials: `on lrlab worker processes through a Redis queue (sweep ${flags.queue.sweepName})` }
      : { 'worker threads': String(flags.jobs) }),
  };
}

export const command: Command = {
  name: 'study',
  summary: 'run one of the experiments (or all)',
  help,
  async run(argv: string[]): Promise<number> {
    const { values, positionals } = parseFlags(argv, STUDY_FLAGS, true);
    if (positionals.length !== 1) throw new UsageError('study', `needs one study name or all (${STUDIES.map((s) => s.name).join(', ')})`);
    const name = positionals[0];
    const studies = name === 'all' ? [...STUDIES] : [findStudy(name)];
    if (studies[0] === undefined) throw new UsageError('study', `unknown study '${name}' (known: ${STUDIES.map((s) => s.name).join(', ')}, all)`);
    const flags = parseStudyFlags(values);
    const { records, interrupted } = await runStudiesWithProgress(studies as Study[], flags);
    for (const r of records) {
      const v = r.results?.verdict;
      process.stdout.write(r.status === 'ok'
        ? `${r.name}: ${v?.status}${v?.stability ? ` (${v.stability.agree}/${v.stability.of} seeds: ${v.stability.statuses.join(', ')})` : ''}: ${v?.text}\n  → ${join(flags.outRoot, r.name, 'results.json')}\n`
        : `${r.name}: failed: ${r.error}\n`);
    }
    if (interrupted) {
      process.stderr.write(`lrlab: interrupted; finished trials are kept: run the same command with --resume to continue\n`);
      return 1;
    }
    return records.some((r) => r.status === 'failed') ? 1 : 0;
  },
};
