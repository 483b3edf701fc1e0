/**
 * lrlab's replacement wasm kernels against the stock tfjs-backend-wasm 4.22 ones, in one
 * process: per kernel (issue 3's shapes), and whole training steps (tf.variableGrads + SGD) of
 * the MLP 784-256-10 at batch 1 and 128 (SGD, and Adam at 128) and of the issue's CNN at batch 64.
 * Stock and fast runs alternate; each figure is the median of `reps` runs, with the spread
 * (max/min) as a noise gauge. Stock 4.22 cannot train the CNN (no Conv2DBackpropFilter), so its
 * CNN runs use lrlab's filter gradient and the stock kernels for everything else.
 *
 *     npx tsx bench/kernels.ts [--reps 5] [--quick] [--only CNN]
 *
 * Targets (issue 3): MLP batch 128 ≳ 24k samples/s; CNN batch 64 ≥ 2,250 samples/s.
 */
import * as tf from '@tensorflow/tfjs-core';
import { backendInfo, initBackend, setFastKernels } from '../src/engine/backend.js';
import { conv2DBackpropFilterConfig } from '../src/engine/kernels/conv2d-backprop-filter.js';
import { arg, isMain } from './args.js';

export interface KernelBenchOptions {
  /** Alternating stock/fast runs per case (≥ 3; default 5). */
  reps?: number;
  /** Fewer calls and steps per run: a smoke test, not a measurement (default false). */
  quick?: boolean;
  /** Progress lines go here (default: none). */
  log?: (line: string) => void;
  /** Run only the cases whose name contains this text (case-insensitive; default all). */
  only?: string;
}

export interface KernelBenchRow {
  kind: 'kernel' | 'step';
  name: string;
  /** Median ms per call (kernel) or per step; null when stock cannot run it. */
  stockMs: number | null;
  fastMs: number;
  /** stockMs / fastMs. */
  speedup: number | null;
  /** Training steps: samples per second at the median. */
  stockSamplesPerSec?: number | null;
  fastSamplesPerSec?: number;
  /** max/min over the reps of the fast runs: how noisy the machine was. */
  fastSpread: number;
  note?: string;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/**
 * Mean ms per call of `f` over `calls` calls, after one warm-up call, in CPU time of this
 * process (user + system). The wasm backend runs on one thread, so on an idle machine this is
 * the wall time; on a shared one (other jobs on the same cores) wall time mostly measures the
 * neighbours, while CPU time stays close to the idle figure.
 */
function timeCalls(f: () => void, calls: number): number {
  f();
  const t0 = process.cpuUsage();
  for (let i = 0; i < calls; i++) f();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000 / calls;
}

/** Alternates stock and fast `reps` times; null for stock when it throws (missing kernel). */
function compare(
  run: () => number,
  reps: number,
  stockExtras: readonly tf.KernelConfig[] = [],
): { stock: number[] | null; fast: number[]; note?: string } {
  const stock: number[] = [];
  const fast: number[] = [];
  let note: string | undefined;
  for (let r = 0; r < reps; r++) {
    for (const useFast of r % 2 === 0 ? [false, true] : [true, false]) {
      setFastKernels(useFast);
      if (!useFast && note !== undefined) continue;
      // Kernels that stock lacks, added for its runs only (and removed before the switch back,
      // so that setFastKernels never mistakes them for stock kernels).
      if (!useFast) for (const k of stockExtras) tf.registerKernel(k);
      try {
        (useFast ? fast : stock).push(run());
      } catch (e) {
        if (useFast) throw e;
        note = `stock: ${(e as Error).message.split('\n')[0]}`;
      } finally {
        if (!useFast) for (const k of stockExtras) tf.unregisterKernel(k.kernelName, k.backendName);
      }
    }
  }
  setFastKernels(true);
  return { stock: note === undefined ? stock : null, fast, note };
}

function row(kind: KernelBenchRow['kind'], name: string, res: ReturnType<typeof compare>, samples = 0): KernelBenchRow {
  const fastMs = median(res.fast);
  const stockMs = res.stock === null ? null : median(res.stock);
  const out: KernelBenchRow = {
    kind,
    name,
    stockMs,
    fastMs,
    speedup: stockMs === null ? null : stockMs / fastMs,
    fastSpread: Math.max(...res.fast) / Math.min(...res.fast),
  };
  if (samples > 0) {
    out.fastSamplesPerSec = (samples * 1000) / fastMs;
    out.stockSamplesPerSec = stockMs === null ? null : (samples * 1000) / stockMs;
  }
  if (res.note !== undefined) out.note = res.note;
  return out;
}

/** Kernel cases: name and a thunk running the op once (inside tidy). */
function kernelCases(): { name: string; op: () => unknown; dispose: tf.Tensor[] }[] {
  const r = (shape: number[], seed: number): tf.Tensor => tf.randomNormal(shape, 0, 1, 'float32', seed);
  const x = r([128, 784], 1);
  const w = r([784, 256], 2);
  const dy = r([128, 256], 3);
  const a3 = r([8, 64, 64], 4);
  const big = r([10000, 784], 5);
  const idx = tf.tensor1d(Array.from({ length: 128 }, (_, i) => (i * 7919) % 10000), 'int32');
  const x1 = r([64, 28, 28, 1], 6);
  const dy1 = r([64, 28, 28, 16], 7);
  const x2 = r([64, 14, 14, 16], 8);
  const dy2 = r([64, 14, 14, 32], 9);
  const f2 = r([3, 3, 16, 32], 10);
  const p1 = r([64, 28, 28, 16], 11);
  const py1 = tf.maxPool(p1 as tf.Tensor4D, 2, 2, 'valid');
  const pdy1 = r([64, 14, 14, 16], 12);
  const v = r([784, 256], 13);
  const conv = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC' };
  const run = (name: string, inputs: tf.NamedTensorMap, attrs: object) => () =>
    tf.engine().runKernel(name, inputs, attrs as unknown as tf.NamedAttrMap);
  return [
    { name: 'BatchMatMul [128,784]ᵀ·[128,256] (dW)', op: () => tf.matMul(x, dy, true, false), dispose: [] },
    { name: 'BatchMatMul [128,256]·[784,256]ᵀ (dx)', op: () => tf.matMul(dy, w, false, true), dispose: [] },
    { name: 'BatchMatMul [8,64,64]ᵀ·[8,64,64]', op: () => tf.matMul(a3, a3, true, false), dispose: [] },
    { name: 'GatherV2 128 rows of [10000,784]', op: () => tf.gather(big, idx), dispose: [] },
    { name: 'Slice 1 row of [10000,784]', op: () => tf.slice(big, [4321, 0], [1, 784]), dispose: [] },
    { name: 'Slice 128 rows of [10000,784]', op: () => tf.slice(big, [4096, 0], [128, 784]), dispose: [] },
    {
      name: 'Conv2DBackpropFilter 3×3 1→16, 64×28×28',
      op: run('Conv2DBackpropFilter', { x: x1, dy: dy1 }, { ...conv, filterShape: [3, 3, 1, 16] }),
      dispose: [],
    },
    {
      name: 'Conv2DBackpropFilter 3×3 16→32, 64×14×14',
      op: run('Conv2DBackpropFilter', { x: x2, dy: dy2 }, { ...conv, filterShape: [3, 3, 16, 32] }),
      dispose: [],
    },
    {
      name: 'Conv2DBackpropInput 3×3 16→32, 64×14×14',
      op: run('Conv2DBackpropInput', { dy: dy2, filter: f2 }, { ...conv, inputShape: [64, 14, 14, 16] }),
      dispose: [],
    },
    {
      name: 'MaxPoolGrad 2×2/2, 64×28×28×16',
      op: run('MaxPoolGrad', { dy: pdy1, input: p1, output: py1 }, { filterSize: 2, strides: 2, pad: 'valid' }),
      dispose: [],
    },
    { name: 'Sum [64,28,28,16] over axes 0-2 (bias grad)', op: () => tf.sum(p1, [0, 1, 2]), dispose: [] },
    { name: 'Identity (clone) [64,28,28,16]', op: () => tf.clone(p1), dispose: [] },
    {
      name: 'Sqrt [784,256]',
      op: () => tf.sqrt(v),
      dispose: [x, w, dy, a3, big, idx, x1, dy1, x2, dy2, f2, p1, py1, pdy1, v],
    },
  ];
}

/** One SGD training step function for a model, on random data cut into batches. */
interface StepCase {
  name: string;
  batch: number;
  steps: number;
  step: (i: number) => void;
  dispose: () => void;
  /** Kernels the stock backend lacks, lent to it so that it can run the case at all. */
  stockExtras?: readonly tf.KernelConfig[];
}

/** Random inputs of `shape` in [0,1) and one-hot labels of 10 classes for its first axis. */
function dataset(shape: number[], seed: number): [tf.Tensor, tf.Tensor] {
  return tf.tidy(() => [
    tf.randomUniform(shape, 0, 1, 'float32', seed),
    tf.cast(tf.oneHot(tf.randomUniform([shape[0]], 0, 10, 'int32', seed + 1), 10), 'float32'),
  ]);
}

function mlpCase(batch: number, steps: number, optimizer: 'sgd' | 'adam' = 'sgd'): StepCase {
  const n = 4096;
  const [data, labels] = dataset([n, 784], 21);
  const vars = tf.tidy(() => [
    tf.variable(tf.randomNormal([784, 256], 0, 0.05, 'float32', 23)),
    tf.variable(tf.zeros([256])),
    tf.variable(tf.randomNormal([256, 10], 0, 0.05, 'float32', 24)),
    tf.variable(tf.zeros([10])),
  ]);
  const [w1, b1, w2, b2] = vars;
  const opt: tf.Optimizer = optimizer === 'adam' ? tf.train.adam(0.001) : tf.train.sgd(0.05);
  const order = tf.tensor1d(Array.from({ length: n }, (_, i) => (i * 2654435761) % n), 'int32');
  return {
    name: `MLP 784-256-10 ${optimizer === 'adam' ? 'Adam ' : ''}step, batch ${batch}`,
    batch,
    steps,
    step: (i) =>
      tf.tidy(() => {
        // A shuffled batch, gathered as a data pipeline would.
        const start = (i * batch) % (n - batch + 1);
        const ids = tf.slice(order, [start], [batch]);
        const xb = tf.gather(data, ids);
        const yb = tf.gather(labels, ids);
        const { value, grads } = tf.variableGrads(() => {
          const h = tf.fused.matMul({ a: xb, b: w1, bias: b1, activation: 'relu' });
          const logits = tf.fused.matMul({ a: h, b: w2, bias: b2 });
          return tf.losses.softmaxCrossEntropy(yb, logits) as tf.Scalar;
        });
        opt.applyGradients(grads);
        if (i % 50 === 0) value.dataSync();
      }),
    dispose: () => {
      tf.dispose([data, labels, order, ...vars]);
      opt.dispose();
    },
  };
}

function cnnCase(batch: number, steps: number): StepCase {
  const n = 1024;
  const [data, labels] = dataset([n, 28, 28, 1], 31);
  const init = (shape: number[], seed: number, std: number): tf.Variable => tf.variable(tf.randomNormal(shape, 0, std, 'float32', seed));
  const vars = tf.tidy(() => [
    init([3, 3, 1, 16], 33, 0.3),
    tf.variable(tf.zeros([16])),
    init([3, 3, 16, 32], 34, 0.1),
    tf.variable(tf.zeros([32])),
    init([7 * 7 * 32, 10], 35, 0.03),
    tf.variable(tf.zeros([10])),
  ]);
  const [k1, c1, k2, c2, wd, bd] = vars;
  const opt = tf.train.sgd(0.05);
  return {
    name: `CNN conv16-pool-conv32-pool-dense10 step, batch ${batch}`,
    // Stock 4.22 has no Conv2DBackpropFilter; its runs borrow lrlab's, everything else stock.
    stockExtras: [conv2DBackpropFilterConfig],
    batch,
    steps,
    step: (i) =>
      tf.tidy(() => {
        const start = (i * batch) % (n - batch + 1);
        const xb = tf.slice(data, [start, 0, 0, 0], [batch, 28, 28, 1]);
        const yb = tf.slice(labels, [start, 0], [batch, 10]);
        const { value, grads } = tf.variableGrads(() => {
          const a1 = tf.fused.conv2d({ x: xb as tf.Tensor4D, filter: k1 as tf.Tensor4D, strides: 1, pad: 'same', bias: c1, activation: 'relu' });
          const p1 = tf.maxPool(a1, 2, 2, 'valid');
          const a2 = tf.fused.conv2d({ x: p1, filter: k2 as tf.Tensor4D, strides: 1, pad: 'same', bias: c2, activation: 'relu' });
          const p2 = tf.maxPool(a2, 2, 2, 'valid');
          const logits = tf.fused.matMul({ a: tf.reshape(p2, [batch, 7 * 7 * 32]), b: wd, bias: bd });
          return tf.losses.softmaxCrossEntropy(yb, logits) as tf.Scalar;
        });
        opt.applyGradients(grads);
        if (i % 10 === 0) value.dataSync();
      }),
    dispose: () => {
      tf.dispose([data, labels, ...vars]);
      opt.dispose();
    },
  };
}

/** Runs the benchmark; returns one row per kernel and per training step case. */
export async function runKernelBench(opts: KernelBenchOptions = {}): Promise<KernelBenchRow[]> {
  const reps = Math.max(3, opts.reps ?? 5);
  const quick = opts.quick ?? false;
  const log = opts.log ?? ((): void => undefined);
  if ((await initBackend('wasm')) !== 'wasm') throw new Error('the kernel benchmark needs the wasm backend');
  const rows: KernelBenchRow[] = [];
  const before = tf.memory().numTensors;

  const only = opts.only?.toLowerCase();
  const wanted = (name: string): boolean => only === undefined || name.toLowerCase().includes(only);
  const cases = kernelCases();
  for (const c of cases) {
    if (!wanted(c.name)) continue;
    const calls = quick ? 2 : 10;
    const res = compare(
      () =>
        timeCalls(
          () =>
            tf.tidy(() => {
              c.op();
            }),
          calls,
        ),
      reps,
    );
    rows.push(row('kernel', c.name, res));
    log(formatRow(rows[rows.length - 1]));
  }
  tf.dispose(cases.flatMap((c) => c.dispose));

  const stepCases: (() => StepCase)[] = [
    () => mlpCase(1, quick ? 20 : 300),
    () => mlpCase(128, quick ? 5 : 60),
    () => mlpCase(128, quick ? 5 : 60, 'adam'),
    () => cnnCase(64, quick ? 2 : 12),
  ];
  for (const make of stepCases) {
    const c = make();
    if (!wanted(c.name)) {
      c.dispose();
      continue;
    }
    let i = 0;
    const res = compare(() => timeCalls(() => c.step(i++), c.steps), reps, c.stockExtras);
    rows.push(row('step', c.name, res, c.batch));
    log(formatRow(rows[rows.length - 1]));
    c.dispose();
  }
  const leaked = tf.memory().numTensors - before;
  if (leaked > 0) log(`note: ${leaked} tensors left by the benchmark's own setup`);
  return rows;
}

/** One line of the printed table. */
export function formatRow(r: KernelBenchRow): string {
  const ms = (v: number | null): string => (v === null ? 'n/a' : v < 1 ? v.toFixed(3) : v.toFixed(2)).padStart(9);
  const ratio = r.speedup === null ? '     n/a' : `${r.speedup.toFixed(1)}×`.padStart(8);
  const sps =
    r.fastSamplesPerSec === undefined
      ? ''
      : `  samples/s ${r.stockSamplesPerSec == null ? 'n/a' : Math.round(r.stockSamplesPerSec)} → ${Math.round(r.fastSamplesPerSec)}`;
  const note = r.note === undefined ? '' : `  (${r.note})`;
  return `${r.name.padEnd(46)}${ms(r.stockMs)}${ms(r.fastMs)}${ratio}  ±${((r.fastSpread - 1) * 100).toFixed(0)}%${sps}${note}`;
}

if (isMain(import.meta.url)) {
  const reps = Number(arg('reps') ?? '5');
  console.log(`${'case'.padEnd(46)}${'stock ms'.padStart(9)}${'fast ms'.padStart(9)}${'speedup'.padStart(8)}  spread`);
  const rows = await runKernelBench({ reps, quick: process.argv.includes('--quick'), only: arg('only'), log: (l) => console.log(l) });
  const info = backendInfo();
  console.log(`\nwasm simd=${info.simd} threads=${info.threads}; medians of ${reps} alternating runs; spread = max/min − 1 of the fast runs.`);
  const mlp = rows.find((r) => r.name.startsWith('MLP 784-256-10 step, batch 128'));
  const cnn = rows.find((r) => r.name.startsWith('CNN'));
  if (mlp?.fastSamplesPerSec !== undefined) console.log(`MLP batch 128: ${Math.round(mlp.fastSamplesPerSec)} samples/s (target ≳ 24,000)`);
  if (cnn?.fastSamplesPerSec !== undefined) console.log(`CNN batch 64: ${Math.round(cnn.fastSamplesPerSec)} samples/s (target ≥ 2,250)`);
}
