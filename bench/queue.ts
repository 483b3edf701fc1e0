/**
 * What the queue costs (issue 12's two queue targets), in one run:
 *
 * 1. Overhead per trial against the local pool. The same N tiny trials (synthetic blobs, 300 train
 *    / 100 val rows, MLP with 8 hidden units, 1 epoch: training is short, so overhead dominates) run
 *    (a) on the local pool with 1 worker thread (`runSweep` + `createTrialPool`) and (b) through
 *    the queue: coordinator `createQueuePool` + one `startQueueWorker` with 1 job, both in this
 *    process (training on the worker's own thread, as in `lrlab worker`). Overhead per trial =
 *    (wall queue − wall local) / N. Target ≤ 50 ms.
 * 2. Scaling: a sweep of 16 MLP trials (MNIST 6000 train / 2000 val, 784-128-10, sgd momentum 0.9,
 *    batch 64, 3 epochs, learning rates only, so trials take equally long) with 1 worker process
 *    against 2 (`lrlab worker --queue URL --jobs 1` each, run from source through tsx, or from
 *    dist/ with `--cli dist`); speed-up = wall 1 worker / wall 2 workers. Target ≥ 1.6×.
 *
 *    Reference (`--reference yes`, the default): the same trials on the local pool with 1 and 2
 *    worker threads in this process, no Redis and no extra processes — what this machine gives for
 *    the workload at all, so a shortfall can be told apart from the queue's cost. Where the time
 *    went is printed per run: the trials' own seconds against the wall clock, CPU seconds per
 *    process while the trials ran (Linux /proc; a worker's split: the trial thread, its event loop,
 *    the rest — V8's optimizing compiler and GC threads, which on a 2-core machine compete with the
 *    other worker's trial thread) and Redis commands per trial.
 *
 * Every pool and worker is warmed first (TensorFlow.js started and the data loaded in each
 * thread) and the trials are timed after; the wall clock with process start and warm-up is shown
 * too. In each repeat both variants run, in swapped order every other repeat; reported: medians
 * and per-repeat figures. Checked: every run gives the same numbers (every field of each outcome
 * but its timings, val loss included) and results.jsonl holds each trial once.
 *
 * Starts its own redis-server (loopback, free port, persistence off) and stops it, the worker
 * processes and its temp folder when it ends, fails or is interrupted.
 *
 *     npm run bench:queue -- [--repeats 3] [--tiny-trials 40] [--trials 16] [--train-size 6000] [--epochs 3] [--cli src|dist] [--part both|overhead|scaling] [--reference yes|no]
 */
import { median } from '../src/core/stats.js';
import { startTestRedis } from '../src/queue/test-redis.js';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { outcomeNumbers } from '../src/queue/protocol.js';
import { createQueuePool } from '../src/queue/queue-pool.js';
import { startQueueWorker } from '../src/queue/queue-worker.js';
import { createTrialPool, type TrialPool } from '../src/sweep/pool.js';
import { runSweep } from '../src/sweep/run-sweep.js';
import type { TrialConfig, TrialOutcome, TrialSpec } from '../src/trial/config.js';
import { flag } from './args.js';

const fail = (line: string, code = 2): never => {
  console.error(`bench/queue: ${line}`);
  process.exit(code);
};
const repeats = Number(flag('repeats', '3'));
const tinyCount = Number(flag('tiny-trials', '40'));
const count = Number(flag('trials', '16'));
const trainSize = Number(flag('train-size', '6000'));
const epochs = Number(flag('epochs', '3'));
const cli = flag('cli', 'src');
const part = flag('part', 'both');
const withReference = flag('reference', 'yes') === 'yes';
const referenceFlag = flag('reference', 'yes');
for (const [name, v, min] of [['repeats', repeats, 1], ['tiny-trials', tinyCount, 1], ['trials', count, 2], ['train-size', trainSize, 100], ['epochs', epochs, 1]] as const) {
  if (!Number.isInteger(v) || v < min) fail(`--${name} must be an integer >= ${min}`);
}
if (cli !== 'src' && cli !== 'dist') fail(`--cli must be src or dist, got '${cli}'`);
if (part !== 'both' && part !== 'overhead' && part !== 'scaling') fail(`--part must be both, overhead or scaling, got '${part}'`);
if (referenceFlag !== 'yes' && referenceFlag !== 'no') fail(`--reference must be yes or no, got '${referenceFlag}'`);
const root = fileURLToPath(new URL('..', import.meta.url));
const cliArgs = cli === 'dist' ? [join(root, 'dist/cli/main.js')] : ['--import', 'tsx', join(root, 'src/cli/main.ts')];
if (cli === 'dist' && !existsSync(cliArgs[0])) fail(`--cli dist: ${cliArgs[0]} is missing (npm run build first)`);
const redisVersion = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
if (redisVersion.status !== 0) fail('redis-server is not installed (Debian: apt-get install redis-server); this benchmark starts one of its own');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// CPU time per thread from /proc (Linux): utime + stime, in clock ticks of CLK_TCK per second.
const clkTck = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
const hasProc = existsSync('/proc/self/task');
/** CPU seconds so far of each thread of process `pid`, by thread id (empty where /proc is missing or the process is gone). */
function threadCpu(pid: number | undefined): Map<number, number> {
  const out = new Map<number, number>();
  if (!hasProc || pid === undefined) return out;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      // Fields after the parenthesised name: state is field 3, utime 14 and stime 15.
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), (Number(f[11]) + Number(f[12])) / clkTck);
    }
  } catch {
    // A thread ended between the listing and the read: the others are still counted.
  }
  return out;
}
/**
 * CPU seconds of a process between two `threadCpu` snapshots: in all, in its main thread (the
 * event loop: BullMQ, Redis replies, logging), in its busiest other thread (for an `lrlab worker`,
 * the trial's worker thread) and in the rest (V8's GC and compiler threads, libuv).
 */
interface CpuSplit { total: number; main: number; busiest: number; rest: number }
function cpuSplit(pid: number | undefined, before: Map<number, number>, after: Map<number, number>): CpuSplit {
  const d = [...after].map(([tid, s]) => ({ tid, s: s - (before.get(tid) ?? 0) }));
  const main = d.find((t) => t.tid === pid)?.s ?? 0;
  const others = d.filter((t) => t.tid !== pid).map((t) => t.s);
  const busiest = others.length > 0 ? Math.max(...others) : 0;
  const total = d.reduce((a, t) => a + t.s, 0);
  return { total, main, busiest, rest: total - main - busiest };
}

/** Commands Redis has processed since it started (INFO stats), read over a plain socket. */
function redisCommands(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let buf = '';
    sock.once('error', reject);
    sock.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      const m = /total_commands_processed:(\d+)/.exec(buf);
      if (m) {
        sock.end();
        resolve(Number(m[1]));
      }
    });
    sock.write('INFO stats\r\n');
  });
}

// Everything this process started, ended on any exit (success, error, Ctrl-C).
const children = new Set<ChildProcess>();
const tmp = mkdtempSync(join(tmpdir(), 'lrlab-bench-queue-'));
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});
/** Kill redis-server and any worker process, wait (≤ 5 s) until they are gone, then exit. */
async function shutdown(code: number): Promise<never> {
  const gone = [...children].map((c) => new Promise<void>((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    c.once('exit', () => resolve());
    c.kill('SIGKILL');
  }));
  await Promise.race([Promise.all(gone), sleep(5000)]);
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void shutdown(130));


async function startRedis(): Promise<{ url: string; port: number; child: ChildProcess }> {
  const r = await startTestRedis();
  children.add(r.child);
  r.child.once('exit', () => children.delete(r.child));
  return { url: r.url, port: r.port, child: r.child };
}

/** An `lrlab worker` process (1 job) and the trial ids it reported training. */
interface WorkerProcess { child: ChildProcess; lines: string[]; exited: Promise<void> }

function spawnWorker(url: string): WorkerProcess {
  const child = spawn(process.execPath, [...cliArgs, 'worker', '--queue', url, '--jobs', '1'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  const lines: string[] = [];
  let rest = '';
  child.stderr?.on('data', (d: Buffer) => {
    const parts = (rest + d.toString()).split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => { children.delete(child); resolve(); }));
  return { child, lines, exited };
}

/** Trial ids a worker trained (its `HH:MM:SS <id>: training` lines). */
const trainedBy = (w: WorkerProcess): string[] => w.lines.filter((l) => l.endsWith(': training')).map((l) => l.slice(9, -': training'.length));

async function workerReady(w: WorkerProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!w.lines.some((l) => l.includes(' worker on '))) {
    if (w.child.exitCode !== null || Date.now() > deadline) throw new Error(`worker process did not start: ${w.lines.slice(-5).join(' | ') || 'no output'}`);
    await sleep(50);
  }
}

async function stopWorker(w: WorkerProcess): Promise<void> {
  if (w.child.exitCode !== null) return;
  w.child.kill('SIGTERM');
  const timer = setTimeout(() => w.child.kill('SIGKILL'), 20_000);
  await w.exited;
  clearTimeout(timer);
}

/**
 * One timed run: seconds for the trials on a warm pool, seconds with start and warm-up, the
 * outcomes; for the scaling runs also where the CPU went while the trials ran and how many
 * commands Redis served.
 */
interface Timed {
  trials: number;
  total: number;
  outcomes: TrialOutcome[];
  note?: string;
  cpu?: { coordinator: CpuSplit; redis: CpuSplit; workers: CpuSplit[] };
  redisCommands?: number;
}

/** Warm `pool`, then time `trials` on it into a fresh results file, checked to hold each trial once. */
async function timeOn(pool: TrialPool, trials: TrialSpec[], warm: TrialSpec[], t0: number): Promise<Timed> {
  await runSweep({ trials: warm, pool });
  const dir = mkdtempSync(join(tmp, 'run-'));
  const t1 = performance.now();
  const outcomes = await runSweep({ trials, pool, dir });
  const t2 = performance.now();
  const ids = readFileSync(join(dir, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as TrialOutcome).id);
  if (ids.length !== trials.length || new Set(ids).size !== trials.length) throw new Error(`${dir}/results.jsonl holds ${ids.length} lines for ${trials.length} trials (${new Set(ids).size} distinct)`);
  return { trials: (t2 - t1) / 1000, total: (t2 - t0) / 1000, outcomes };
}

/** Numbers of a run, and whether every run so far agrees with the first. */
const reference = new Map<string, string>();
function agrees(partName: string, outcomes: TrialOutcome[]): boolean {
  const numbers = JSON.stringify(outcomes.map(outcomeNumbers));
  if (!reference.has(partName)) reference.set(partName, numbers);
  return reference.get(partName) === numbers;
}
const valLosses = (os: TrialOutcome[]): string => os.slice(0, 3).map((o) => (o.result?.final?.valLoss ?? NaN).toFixed(4)).join(', ');
const statuses = (os: TrialOutcome[]): string => Object.entries(os.reduce<Record<string, number>>((a, o) => ({ ...a, [o.status]: (a[o.status] ?? 0) + 1 }), {})).map(([s, n]) => `${n} ${s}`).join(', ');

let allSame = true;
let redis: { url: string; port: number; child: ChildProcess };
try {
  redis = await startRedis();
  console.log(`redis-server ${/v=(\S+)/.exec(redisVersion.stdout)?.[1] ?? '?'} at ${redis.url} (persistence off); ${repeats} repeat(s), variants alternated; shared machine: treat single repeats as noisy`);
  if (part !== 'scaling') await overhead();
  if (part !== 'overhead') await scaling();
} catch (err) {
  console.error(`bench/queue: ${err instanceof Error ? err.message : String(err)}`);
  await shutdown(1);
}
await shutdown(allSame ? 0 : 1);

async function overhead(): Promise<void> {
  const tiny = (id: string, lr: number): TrialSpec => ({
    id, config: { data: 'synthetic', trainSize: 300, valSize: 100, model: 'mlp', hidden: [8], optimizer: { name: 'sgd' }, schedule: lr, batchSize: 32, epochs: 1, seed: 3 },
  });
  const trials = Array.from({ length: tinyCount }, (_, i) => tiny(`tiny-${i}`, 0.05 * 1.05 ** i));
  const warm = [tiny('warm', 0.01)];
  const local = async (): Promise<Timed> => {
    const t0 = performance.now();
    const pool = createTrialPool({ jobs: 1 });
    try {
      return await timeOn(pool, trials, warm, t0);
    } finally {
      await pool.close();
    }
  };
  const queued = async (r: number): Promise<Timed> => {
    const t0 = performance.now();
    const worker = await startQueueWorker({ url: redis.url, jobs: 1 });
    const pool = await createQueuePool({ url: redis.url, sweepName: `bench-overhead-${r}` });
    try {
      return await timeOn(pool, trials, warm, t0);
    } finally {
      await pool.close();
      worker.stop();
      await worker.done;
    }
  };
  console.log(`\n1. Queue overhead per trial: ${tinyCount} tiny trials (synthetic blobs 300 train / 100 val, MLP hidden 8, sgd, batch 32, 1 epoch)`);
  console.log('   local: runSweep on createTrialPool (1 thread); queue: createQueuePool + 1 in-process startQueueWorker (1 job); both warmed first');
  const per: { local: Timed; queue: Timed }[] = [];
  for (let r = 0; r < repeats; r++) {
    let l: Timed;
    let q: Timed;
    if (r % 2 === 0) {
      l = await local();
      q = await queued(r);
    } else {
      q = await queued(r);
      l = await local();
    }
    allSame = agrees('overhead', l.outcomes) && agrees('overhead', q.outcomes) && allSame;
    per.push({ local: l, queue: q });
    console.log(`   repeat ${r + 1}: local ${l.trials.toFixed(2)} s, queue ${q.trials.toFixed(2)} s → ${(1000 * (q.trials - l.trials) / tinyCount).toFixed(1)} ms/trial overhead`);
  }
  const ms = (s: number): string => (1000 * s / tinyCount).toFixed(1);
  const overheads = per.map((p) => 1000 * (p.queue.trials - p.local.trials) / tinyCount);
  console.log(`   median: local ${ms(median(per.map((p) => p.local.trials)))} ms/trial, queue ${ms(median(per.map((p) => p.queue.trials)))} ms/trial`);
  console.log(`   overhead per trial: median ${median(overheads).toFixed(1)} ms (per repeat ${overheads.map((o) => o.toFixed(1)).join(', ')}) — target ≤ 50 ms`);
  const first = per[0].local.outcomes;
  console.log(`   same numbers local and queue, all repeats: ${allSame ? 'yes' : 'NO'} (every outcome field but timings; ${statuses(first)}; val loss of the first trials ${valLosses(first)})`);
}

/**
 * Where a scaling run's time went: the trials' own seconds (each measured in its thread) against
 * the wall clock, and CPU seconds per process while the trials ran (a worker's split: the trial
 * thread, the event loop, the rest).
 */
function whereTimeWent(t: Timed, n: number): string {
  const trialSeconds = t.outcomes.reduce((a, o) => a + o.seconds, 0);
  const cpu = t.cpu;
  const s = (x: number): string => x.toFixed(2);
  const parts = [`trial time ${s(trialSeconds / n)} s/trial (sum ${s(trialSeconds)} s over ${s(t.trials)} s wall)`];
  if (cpu && hasProc) {
    const workers = cpu.workers.map((w, i) => `worker ${i + 1} ${s(w.total)} (trial thread ${s(w.busiest)}, event loop ${s(w.main)}, other ${s(w.rest)})`);
    const all = cpu.coordinator.total + cpu.redis.total + cpu.workers.reduce((a, w) => a + w.total, 0);
    parts.push(`CPU s: coordinator ${s(cpu.coordinator.total)}, redis ${s(cpu.redis.total)}, ${workers.join(', ')}; all ${s(all)} = ${(100 * all / t.trials).toFixed(0)}% of one core`);
  }
  if (t.redisCommands !== undefined) parts.push(`${(t.redisCommands / n).toFixed(0)} Redis commands/trial`);
  return parts.join('; ');
}

async function scaling(): Promise<void> {
  const base: TrialConfig = { data: 'mnist', trainSize, valSize: 2000, model: 'mlp', hidden: [128], optimizer: { name: 'sgd', momentum: 0.9 }, schedule: 0.01, batchSize: 64, epochs, seed: 1 };
  const trials: TrialSpec[] = Array.from({ length: count }, (_, i) => {
    const lr = 0.1 * 0.8 ** i;
    return { id: `lr=${lr.toPrecision(3)}`, config: { ...base, schedule: lr } };
  });
  const run = async (workers: number, r: number): Promise<Timed> => {
    const t0 = performance.now();
    const ws = Array.from({ length: workers }, () => spawnWorker(redis.url));
    try {
      await Promise.all(ws.map(workerReady));
      const pool = await createQueuePool({ url: redis.url, sweepName: `bench-scaling-${workers}-${r}` });
      try {
        // Warm-up trials (0 epochs: tfjs start, data load, one evaluation) until every worker ran one.
        let warm: TrialSpec[] = [];
        for (let round = 0; round < 4 && !ws.every((w) => trainedBy(w).some((id) => id.startsWith('warm-'))); round++) {
          warm = Array.from({ length: workers }, (_, i) => ({ id: `warm-${round}-${i}`, config: { ...base, epochs: 0, schedule: 0.01 } }));
          await runSweep({ trials: warm, pool });
        }
        const unwarmed = ws.filter((w) => !trainedBy(w).some((id) => id.startsWith('warm-'))).length;
        const pids = [process.pid, redis.child.pid, ...ws.map((w) => w.child.pid)];
        const before = pids.map(threadCpu);
        const commandsBefore = await redisCommands(redis.port);
        const timed = await timeOn(pool, trials, [], t0);
        const after = pids.map(threadCpu);
        const commands = await redisCommands(redis.port) - commandsBefore;
        const [coordinator, redisCpu, ...workerCpu] = pids.map((pid, i) => cpuSplit(pid, before[i], after[i]));
        const shares = ws.map((w) => trainedBy(w).filter((id) => !id.startsWith('warm-')).length).join('/');
        return {
          ...timed, cpu: { coordinator, redis: redisCpu, workers: workerCpu }, redisCommands: commands,
          note: `trials per worker ${shares}${unwarmed > 0 ? `; ${unwarmed} worker(s) not warmed` : ''}`,
        };
      } finally {
        await pool.close();
      }
    } finally {
      await Promise.all(ws.map(stopWorker));
    }
  };
  /**
   * The same trials on the local pool (1 or `jobs` worker threads in this process, no queue): what
   * this machine gives for this workload without Redis or extra processes.
   */
  const local = async (jobs: number): Promise<Timed> => {
    const t0 = performance.now();
    const pool = createTrialPool({ jobs });
    try {
      await runSweep({ trials: Array.from({ length: jobs }, (_, i) => ({ id: `warm-${i}`, config: { ...base, epochs: 0, schedule: 0.01 } })), pool });
      const before = threadCpu(process.pid);
      const timed = await timeOn(pool, trials, [], t0);
      const all = cpuSplit(process.pid, before, threadCpu(process.pid));
      return { ...timed, note: hasProc ? `CPU ${all.total.toFixed(2)} s = ${(100 * all.total / timed.trials).toFixed(0)}% of one core` : '' };
    } finally {
      await pool.close();
    }
  };
  console.log(`\n2. Scaling: ${count} trials (MNIST ${trainSize} train / 2000 val, MLP 784-128-10, sgd momentum 0.9, batch 64, ${epochs} epochs, lr 0.1·0.8^i)`);
  console.log(`   1 vs 2 worker processes (${cli === 'dist' ? 'node dist/cli/main.js' : 'node --import tsx src/cli/main.ts'} worker --jobs 1 each), coordinator createQueuePool in this process; workers warmed first`);
  if (withReference) console.log('   reference: the same trials on the local pool (1 vs 2 worker threads in one process, no queue): this machine\'s own scaling for the workload');
  const per: { one: Timed; two: Timed }[] = [];
  const refs: { one: Timed; two: Timed }[] = [];
  for (let r = 0; r < repeats; r++) {
    let one: Timed;
    let two: Timed;
    if (r % 2 === 0) {
      one = await run(1, r);
      two = await run(2, r);
    } else {
      two = await run(2, r);
      one = await run(1, r);
    }
    allSame = agrees('scaling', one.outcomes) && agrees('scaling', two.outcomes) && allSame;
    per.push({ one, two });
    console.log(`   repeat ${r + 1}: 1 worker ${one.trials.toFixed(2)} s (${one.total.toFixed(2)} s with start), 2 workers ${two.trials.toFixed(2)} s (${two.total.toFixed(2)} s with start; ${two.note}) → ×${(one.trials / two.trials).toFixed(2)}`);
    for (const [name, t] of [['1 worker ', one], ['2 workers', two]] as const) console.log(`      ${name}: ${whereTimeWent(t, count)}`);
    if (withReference) {
      const ref = r % 2 === 0 ? { one: await local(1), two: await local(2) } : { two: await local(2), one: await local(1) };
      allSame = agrees('scaling', ref.one.outcomes) && agrees('scaling', ref.two.outcomes) && allSame;
      refs.push(ref);
      console.log(`   repeat ${r + 1} reference: local pool 1 thread ${ref.one.trials.toFixed(2)} s (${ref.one.note}), 2 threads ${ref.two.trials.toFixed(2)} s (${ref.two.note}) → ×${(ref.one.trials / ref.two.trials).toFixed(2)}`);
    }
  }
  const oneT = median(per.map((p) => p.one.trials));
  const twoT = median(per.map((p) => p.two.trials));
  const oneAll = median(per.map((p) => p.one.total));
  const twoAll = median(per.map((p) => p.two.total));
  console.log(`   median: 1 worker ${oneT.toFixed(2)} s (${(oneT / count).toFixed(2)} s/trial), 2 workers ${twoT.toFixed(2)} s`);
  console.log(`   speed-up: median ×${(oneT / twoT).toFixed(2)} (per repeat ×${per.map((p) => (p.one.trials / p.two.trials).toFixed(2)).join(', ')}); with process start and warm-up ×${(oneAll / twoAll).toFixed(2)} — target ≥ 1.6`);
  if (withReference) {
    const ratios = refs.map((p) => p.one.trials / p.two.trials);
    console.log(`   reference, local pool without the queue: median ×${(median(refs.map((p) => p.one.trials)) / median(refs.map((p) => p.two.trials))).toFixed(2)} (per repeat ×${ratios.map((x) => x.toFixed(2)).join(', ')})`);
  }
  const first = per[0].one.outcomes;
  const same = per.every((p) => agrees('scaling', p.one.outcomes) && agrees('scaling', p.two.outcomes));
  console.log(`   same numbers with 1 and 2 workers, all repeats: ${same ? 'yes' : 'NO'} (every outcome field but timings; ${statuses(first)}; val loss of the first trials ${valLosses(first)})`);
}
