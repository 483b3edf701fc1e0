/**
 * Training throughput: stock TensorFlow.js `model.fit` with the stock wasm kernels against
 * lrlab's Trainer with lrlab's kernels — same model (MLP 784-256-10, same seed), same 10k MNIST
 * rows, same backend, one process. The two alternate run by run; each figure is the median of
 * `reps` runs. Batch 1 and 8 train a fixed number of steps, not a whole epoch. Then the issue's
 * CNN at batch 64 (stock `fit` cannot train it on wasm: no Conv2DBackpropFilter kernel), and, if
 * python3 with numpy is importable, a NumPy MLP with forward/backward written out (float32, one
 * BLAS thread, like the single-threaded wasm backend). Besides samples per wall-clock second it
 * reports samples per CPU-second of the process, which stays meaningful when other jobs share
 * the cores (the wall-clock figures then mostly measure the load).
 *
 *     npx tsx bench/train.ts [--reps 3] [--quick] [--json FILE]
 *
 * Targets (issue 3): ≥ 5× stock at batch 128, ≥ 3× at batch 1, CNN ≥ 2,250 samples/s.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadData, type DataSplit } from '../src/data/index.js';
import { backendInfo, initBackend, setFastKernels } from '../src/engine/backend.js';
import { createModel, type ModelKind } from '../src/engine/models.js';
import { Trainer } from '../src/engine/trainer/index.js';
import { arg, isMain } from './args.js';

export interface TrainBenchOptions {
  /** Alternating runs per case (≥ 1; default 3). */
  reps?: number;
  /** 2k rows and fewer steps: a smoke test, not a measurement (default false). */
  quick?: boolean;
  /** Run the NumPy reference when python3 + numpy exist (default true). */
  numpy?: boolean;
  log?: (line: string) => void;
}

export interface TrainBenchRow {
  model: 'mlp' | 'cnn';
  batchSize: number;
  /** Rows trained per run (one epoch over them). */
  samples: number;
  /** Median samples/s of stock `model.fit` with stock kernels; null when it cannot train. */
  stockFit: number | null;
  /** Median samples/s of lrlab's Trainer with lrlab's kernels. */
  lrlab: number;
  /** lrlab / stockFit. */
  ratio: number | null;
  /** Median samples/s of the NumPy reference, or null when skipped. */
  numpy: number | null;
  /** max/min − 1 over lrlab's runs: how noisy the machine was. */
  spread: number;
  /** The same three figures per CPU-second of this process (robust when other jobs share the cores). */
  cpu: { stockFit: number | null; lrlab: number; ratio: number | null };
  target: string;
  note?: string;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function subset(split: DataSplit, n: number): DataSplit {
  const d = split.train.featureShape.reduce((a, b) => a * b, 1);
  return { ...split, train: { ...split.train, n, x: split.train.x.subarray(0, n * d), y: split.train.y.subarray(0, n) } };
}

/** Wall-clock and CPU seconds of a run. */
interface Timing {
  wall: number;
  cpu: number;
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1e6;
}

/** Seconds of one `model.fit` epoch over the split's rows, stock kernels. */
async function timeStockFit(kind: ModelKind, data: DataSplit, batchSize: number): Promise<Timing> {
  setFastKernels(false);
  const model = createModel({ kind, inputShape: data.train.featureShape, numClasses: 10, seed: 1 });
  model.compile({ optimizer: tf.train.sgd(0.01), loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred) });
  const { x, y } = tf.tidy(() => ({
    x: tf.tensor(data.train.x, [data.train.n, ...data.train.featureShape]),
    y: tf.cast(tf.oneHot(tf.tensor1d(data.train.y, 'int32'), 10), 'float32'),
  }));
  try {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await model.fit(x, y, { batchSize, epochs: 1, shuffle: true, verbose: 0 });
    return { wall: (performance.now() - t0) / 1000, cpu: cpuSeconds(c0) };
  } finally {
    tf.dispose([x, y]);
    model.dispose();
    setFastKernels(true);
  }
}

/** Seconds of one Trainer epoch over the split's rows (wall: its own training-time figure), lrlab kernels. */
async function timeTrainer(kind: ModelKind, data: DataSplit, batchSize: number): Promise<Timing> {
  setFastKernels(true);
  const model = createModel({ kind, inputShape: data.train.featureShape, numClasses: 10, seed: 1 });
  const trainer = new Trainer({ model, optimizer: { name: 'sgd' }, schedule: 0.01, data, batchSize, seed: 1 });
  try {
    const c0 = process.cpuUsage();
    const r = await trainer.run({ epochs: 1 });
    return { wall: r.epochs[0].seconds, cpu: cpuSeconds(c0) };
  } finally {
    trainer.dispose();
    model.dispose();
  }
}

const NUMPY_SCRIPT = String.raw`
import json, sys, time
import numpy as np
d, out = sys.argv[1], sys.argv[2]
cfg = json.load(open(d + '/cfg.json'))
x = np.fromfile(d + '/x.bin', dtype=np.float32).reshape(-1, 784)
y = np.fromfile(d + '/y.bin', dtype=np.int32)
rng = np.random.default_rng(1)
res = {}
for b, n in cfg['cases']:
    times = []
    for r in range(cfg['reps']):
        W1 = (rng.standard_normal((784, 256)) * np.sqrt(2 / 784)).astype(np.float32)
        W2 = (rng.standard_normal((256, 10)) * np.sqrt(1 / 256)).astype(np.float32)
        b1 = np.zeros(256, np.float32); b2 = np.zeros(10, np.float32)
        lr = np.float32(0.01)
        p = rng.permutation(n)
        t0 = time.perf_counter()
        for s in range(0, n, b):
            i = p[s:s + b]; xb = x[i]; yb = y[i]; m = len(i)
            h = np.maximum(xb @ W1 + b1, 0)
            z = h @ W2 + b2
            z -= z.max(1, keepdims=True)
            e = np.exp(z)
            g = e / e.sum(1, keepdims=True)
            g[np.arange(m), yb] -= 1
            g /= np.float32(m)
            gW2 = h.T @ g; gb2 = g.sum(0)
            dh = (g @ W2.T) * (h > 0)
            gW1 = xb.T @ dh; gb1 = dh.sum(0)
            W1 -= lr * gW1; b1 -= lr * gb1; W2 -= lr * gW2; b2 -= lr * gb2
        times.append(time.perf_counter() - t0)
    res[str(b)] = n / sorted(times)[len(times) // 2]
json.dump(res, open(out, 'w'))
`;

/** NumPy samples/s per batch size, or null when python3/numpy are missing. */
function numpyReference(data: DataSplit, cases: [number, number][], reps: number, log: (l: string) => void): Record<string, number> | null {
  const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    log('numpy reference: skipped (python3 with numpy not available)');
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'lrlab-bench-'));
  try {
    writeFileSync(join(dir, 'x.bin'), data.train.x);
    writeFileSync(join(dir, 'y.bin'), data.train.y);
    writeFileSync(join(dir, 'cfg.json'), JSON.stringify({ cases, reps }));
    writeFileSync(join(dir, 'bench.py'), NUMPY_SCRIPT);
    const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const r = spawnSync('python3', [join(dir, 'bench.py'), dir, join(dir, 'out.json')], { encoding: 'utf8', env });
    if (r.status !== 0) {
      log(`numpy reference: failed (${(r.stderr || '').trim().split('\n').pop()})`);
      return null;
    }
    return JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as Record<string, number>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runTrainBench(opts: TrainBenchOptions = {}): Promise<TrainBenchRow[]> {
  const reps = Math.max(1, opts.reps ?? 3);
  const quick = opts.quick ?? false;
  const log = opts.log ?? ((): void => undefined);
  if ((await initBackend('wasm')) !== 'wasm') throw new Error('the training benchmark needs the wasm backend');
  const rowsTotal = quick ? 2048 : 10000;
  const full = await loadData({ data: 'mnist', trainSize: rowsTotal, valSize: 100, seed: 0 });
  // Batch 1 and 8: a fixed number of steps (the stock loop would take minutes per epoch).
  const cases: [number, number][] = [[1, quick ? 100 : 1000], [8, quick ? 800 : 4000], [32, rowsTotal], [128, rowsTotal], [1024, rowsTotal]];
  const targets: Record<number, string> = { 1: '≥ 3×', 128: '≥ 5×' };

  // Warm-up: wasm compilation, XNNPACK operator caches, tfjs-layers' first-call paths.
  const warm = subset(full, 256);
  await timeStockFit('mlp', warm, 32);
  await timeTrainer('mlp', warm, 32);

  const rows: TrainBenchRow[] = [];
  for (const [b, n] of cases) {
    const data = subset(full, n);
    const stock: Timing[] = [];
    const ours: Timing[] = [];
    for (let r = 0; r < reps; r++) {
      stock.push(await timeStockFit('mlp', data, b));
      ours.push(await timeTrainer('mlp', data, b));
    }
    const rate = (ts: Timing[], k: keyof Timing): number => median(ts.map((t) => n / t[k]));
    const row: TrainBenchRow = {
      model: 'mlp', batchSize: b, samples: n, stockFit: rate(stock, 'wall'), lrlab: rate(ours, 'wall'),
      ratio: rate(ours, 'wall') / rate(stock, 'wall'), numpy: null,
      spread: Math.max(...ours.map((t) => n / t.wall)) / Math.min(...ours.map((t) => n / t.wall)) - 1, target: targets[b] ?? '',
      cpu: { stockFit: rate(stock, 'cpu'), lrlab: rate(ours, 'cpu'), ratio: rate(ours, 'cpu') / rate(stock, 'cpu') },
    };
    rows.push(row);
    log(formatTrainRow(row));
  }

  const cnnN = quick ? 512 : rowsTotal;
  const cnnData = subset(full, cnnN);
  let stockNote: string | undefined;
  try {
    await timeStockFit('cnn', subset(full, 64), 64);
  } catch (err) {
    stockNote = `stock fit cannot train it: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`;
  }
  await timeTrainer('cnn', subset(full, 128), 64);
  const cnn: Timing[] = [];
  for (let r = 0; r < reps; r++) cnn.push(await timeTrainer('cnn', cnnData, 64));
  const cnnWall = cnn.map((t) => cnnN / t.wall);
  const cnnRow: TrainBenchRow = {
    model: 'cnn', batchSize: 64, samples: cnnN, stockFit: null, lrlab: median(cnnWall), ratio: null, numpy: null,
    spread: Math.max(...cnnWall) / Math.min(...cnnWall) - 1, target: '≥ 2,250/s', note: stockNote,
    cpu: { stockFit: null, lrlab: median(cnn.map((t) => cnnN / t.cpu)), ratio: null },
  };
  rows.push(cnnRow);
  log(formatTrainRow(cnnRow));

  if (opts.numpy ?? true) {
    const np = numpyReference(full, cases, reps, log);
    if (np) for (const row of rows) if (row.model === 'mlp') row.numpy = np[String(row.batchSize)] ?? null;
  }
  return rows;
}

const k = (v: number | null): string => (v === null ? '—' : Math.round(v).toLocaleString('en-US'));

export function formatTrainRow(r: TrainBenchRow): string {
  const ratio = r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`;
  const np = r.numpy === null ? '' : `  numpy ${k(r.numpy)}/s (lrlab ${(r.lrlab / r.numpy).toFixed(2)}×)`;
  const cpuRatio = r.cpu.ratio === null ? '—' : `${r.cpu.ratio.toFixed(2)}×`;
  return `${`${r.model} b=${r.batchSize}`.padEnd(12)}${k(r.stockFit).padStart(10)}${k(r.lrlab).padStart(10)}${ratio.padStart(8)}  ±${(r.spread * 100).toFixed(0).padStart(3)}%` +
    `${k(r.cpu.stockFit).padStart(10)}${k(r.cpu.lrlab).padStart(10)}${cpuRatio.padStart(8)}  ${r.target}${np}${r.note ? `  (${r.note})` : ''}`;
}

export const TRAIN_BENCH_HEADER = `${'case'.padEnd(12)}${'fit/s'.padStart(10)}${'lrlab/s'.padStart(10)}${'ratio'.padStart(8)}  spread` +
  `${'fit/cpu·s'.padStart(10)}${'lrlab/cpu·s'.padStart(12)}${'ratio'.padStart(6)}  target`;

if (isMain(import.meta.url)) {
  const reps = Number(arg('reps') ?? '3');
  console.log(TRAIN_BENCH_HEADER);
  const rows = await runTrainBench({ reps, quick: process.argv.includes('--quick'), log: (l) => console.log(l) });
  const info = backendInfo();
  console.log(`\nMNIST rows, wasm simd=${info.simd} threads=${info.threads}, tfjs ${tf.version_core} / layers ${tfl.version_layers}; medians of ${reps} alternating runs.`);
  const out = arg('json');
  if (out) writeFileSync(out, `${JSON.stringify({ backend: info, reps, rows }, null, 2)}\n`);
  for (const r of rows) {
    if (r.model === 'mlp' && r.numpy !== null) console.log(`mlp b=${r.batchSize}: numpy ${k(r.numpy)} samples/s; lrlab/numpy ${(r.lrlab / r.numpy).toFixed(2)}`);
  }
}
