/**
 * GPU throughput: lrlab's Trainer on the webgpu backend (in Node through Dawn, the optional
 * `webgpu` package) against the same Trainer on wasm with lrlab's kernels, in one process — MLP
 * 784-256-10, SGD, the same MNIST rows and seed, at batch 128, 1024 and 8192. Each batch size
 * trains a whole number of batches (no smaller last batch, whose new shapes would compile new
 * shaders inside the timing); a warm-up epoch per batch size and backend comes first (wasm's
 * operator caches, webgpu's shader compilation). The two backends alternate run by run; each
 * figure is the median of `reps` runs of the Trainer's own training-time figure (a loss read back
 * every 25 steps, as in real training). The mean training loss of both is printed: the same seed
 * gives the same numbers within float32 rounding, so a wrong kernel shows here too.
 *
 *     npm run bench -- --backend webgpu [--reps 3] [--quick] [--json FILE]
 *
 * Without a GPU adapter it prints one line saying so and exits 2; nothing is measured.
 */
import { loadData, type DataSplit } from '../src/data/index.js';
import { BackendUnavailableError, describeAdapter, initBackend, type BackendName, type GpuAdapter } from '../src/engine/backend.js';
import { findAdapter } from '../src/engine/webgpu.js';
import { createModel } from '../src/engine/models.js';
import { Trainer } from '../src/engine/trainer/index.js';

export interface WebgpuBenchOptions {
  /** Alternating runs per batch size (≥ 1; default 3). */
  reps?: number;
  /** Two batches per batch size: a smoke test, not a measurement (default false). */
  quick?: boolean;
  log?: (line: string) => void;
}

export interface WebgpuBenchRow {
  batchSize: number;
  /** Rows trained per run: a whole number of batches. */
  samples: number;
  /** Median samples/s of lrlab's Trainer on wasm (lrlab's kernels). */
  wasm: number;
  /** Median samples/s of the same Trainer on webgpu. */
  webgpu: number;
  /** webgpu / wasm. */
  ratio: number;
  /** Mean training loss of the first run on each backend (same seed, same rows). */
  wasmLoss: number;
  webgpuLoss: number;
}

export interface WebgpuBench {
  adapter: GpuAdapter;
  reps: number;
  rows: WebgpuBenchRow[];
}

export const WEBGPU_BATCH_SIZES = [128, 1024, 8192] as const;
/** MNIST's training set: 60,000 rows. */
const MNIST_ROWS = 60000;

/** Batches per run: about 16k rows, at least 4 batches (2 with `quick`), within MNIST's 60k rows. */
export function batchesPerRun(batchSize: number, quick: boolean): number {
  if (quick) return 2;
  return Math.min(Math.floor(MNIST_ROWS / batchSize), Math.max(4, Math.floor(16384 / batchSize)));
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function subset(split: DataSplit, n: number): DataSplit {
  const d = split.train.featureShape.reduce((a, b) => a * b, 1);
  return { ...split, train: { ...split.train, n, x: split.train.x.subarray(0, n * d), y: split.train.y.subarray(0, n) } };
}

/** One epoch of the Trainer on `backend`: samples/s of its training time, and its mean training loss. */
async function timeTrainer(backend: BackendName, data: DataSplit, batchSize: number): Promise<{ rate: number; loss: number }> {
  const used = await initBackend(backend);
  if (used !== backend) throw new Error(`bench: ${backend} did not start (got ${used})`);
  const model = createModel({ kind: 'mlp', inputShape: data.train.featureShape, numClasses: 10, seed: 1 });
  const trainer = new Trainer({ model, optimizer: { name: 'sgd' }, schedule: 0.01, data, batchSize, seed: 1 });
  try {
    const r = await trainer.run({ epochs: 1 });
    const e = r.epochs[0];
    return { rate: e.samplesPerSecond, loss: e.trainLoss };
  } finally {
    trainer.dispose();
    model.dispose();
  }
}

/**
 * Run the comparison. Throws {@link BackendUnavailableError} (one line) before loading anything
 * when webgpu cannot start here (no adapter, or the webgpu package missing).
 */
export async function runWebgpuBench(opts: WebgpuBenchOptions = {}): Promise<WebgpuBench> {
  const reps = Math.max(1, opts.reps ?? 3);
  const quick = opts.quick ?? false;
  const log = opts.log ?? ((): void => undefined);
  const adapter = await findAdapter();
  const most = Math.max(...WEBGPU_BATCH_SIZES.map((b) => b * batchesPerRun(b, quick)));
  const full = await loadData({ data: 'mnist', trainSize: most, valSize: 100, seed: 0 });
  const rows: WebgpuBenchRow[] = [];
  for (const b of WEBGPU_BATCH_SIZES) {
    const n = b * batchesPerRun(b, quick);
    const data = subset(full, n);
    await timeTrainer('wasm', subset(full, b), b);
    await timeTrainer('webgpu', subset(full, b), b);
    const wasm: { rate: number; loss: number }[] = [];
    const gpu: { rate: number; loss: number }[] = [];
    for (let r = 0; r < reps; r++) {
      wasm.push(await timeTrainer('wasm', data, b));
      gpu.push(await timeTrainer('webgpu', data, b));
    }
    const w = median(wasm.map((t) => t.rate));
    const g = median(gpu.map((t) => t.rate));
    const row: WebgpuBenchRow = { batchSize: b, samples: n, wasm: w, webgpu: g, ratio: g / w, wasmLoss: wasm[0].loss, webgpuLoss: gpu[0].loss };
    rows.push(row);
    log(formatWebgpuRow(row));
  }
  return { adapter, reps, rows };
}

const k = (v: number): string => Math.round(v).toLocaleString('en-US');

export const WEBGPU_BENCH_HEADER = `${'case'.padEnd(12)}${'rows'.padStart(8)}${'wasm/s'.padStart(12)}${'webgpu/s'.padStart(12)}${'ratio'.padStart(9)}  train loss wasm / webgpu`;

export function formatWebgpuRow(r: WebgpuBenchRow): string {
  return `${`mlp b=${r.batchSize}`.padEnd(12)}${k(r.samples).padStart(8)}${k(r.wasm).padStart(12)}${k(r.webgpu).padStart(12)}${`${r.ratio.toFixed(2)}×`.padStart(9)}` +
    `  ${r.wasmLoss.toFixed(4)} / ${r.webgpuLoss.toFixed(4)}`;
}

/** The adapter line printed under the table. */
export function adapterLine(b: WebgpuBench): string {
  return `webgpu adapter: ${describeAdapter(b.adapter)}; medians of ${b.reps} alternating runs, MNIST rows, MLP 784-256-10 SGD`;
}

export { BackendUnavailableError };
