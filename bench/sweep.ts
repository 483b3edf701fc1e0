/**
 * Speedup of the sweep engine with 2 worker threads over 1, on real work: MLP trials on an
 * MNIST subset. Each pool is warmed first (TensorFlow.js started and the data loaded in every
 * worker), then the same trials are timed; the wall clock with the pool start is shown too.
 * Also checks that both runs give the same numbers.
 *
 *     npx tsx bench/sweep.ts [--trials 8] [--train-size 8000] [--epochs 2] [--jobs 2]
 */
import { createTrialPool } from '../src/studies/sweep/pool.js';
import { runSweep } from '../src/studies/sweep/run-sweep.js';
import type { TrialSpec } from '../src/studies/study.js';

function flag(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}
const count = Number(flag('trials', '8'));
const trainSize = Number(flag('train-size', '8000'));
const epochs = Number(flag('epochs', '2'));
const maxJobs = Number(flag('jobs', '2'));

const base = { data: 'mnist', trainSize, valSize: 2000, model: 'mlp', hidden: [256], batchSize: 64, epochs, seed: 1 };
const trials: TrialSpec[] = Array.from({ length: count }, (_, i) => {
  const lr = 0.01 * 2 ** (i / 2);
  return { id: `lr=${lr.toPrecision(3)}`, config: { ...base, optimizer: { name: 'sgd', lr } } };
});

async function timeJobs(jobs: number): Promise<{ warm: number; total: number; numbers: string }> {
  const t0 = performance.now();
  const pool = createTrialPool({ jobs });
  // Warm-up: one short trial per worker at once, so every thread has started tfjs and loaded the data.
  const warmups = Array.from({ length: jobs }, (_, i) => ({ id: `warm-${i}`, config: { ...base, epochs: 0, seed: 100 + i, optimizer: { name: 'sgd', lr: 0.1 } } }));
  await runSweep({ trials: warmups, pool });
  const t1 = performance.now();
  const out = await runSweep({ trials, pool });
  const t2 = performance.now();
  await pool.close();
  const numbers = JSON.stringify(out.map((o) => [o.id, o.status, o.result?.final?.valLoss, o.result?.final?.valAccuracy]));
  return { warm: (t2 - t1) / 1000, total: (t2 - t0) / 1000, numbers };
}

console.log(`${count} trials: MNIST ${trainSize} train / 2000 val, MLP 784-256-10, sgd, batch 64, ${epochs} epochs (${count * epochs * trainSize} samples)`);
const one = await timeJobs(1);
console.log(`jobs 1: ${one.warm.toFixed(2)} s trials (warm pool), ${one.total.toFixed(2)} s with pool start`);
for (let jobs = 2; jobs <= maxJobs; jobs++) {
  const r = await timeJobs(jobs);
  console.log(`jobs ${jobs}: ${r.warm.toFixed(2)} s trials (warm pool), ${r.total.toFixed(2)} s with pool start; speedup ×${(one.warm / r.warm).toFixed(2)} (×${(one.total / r.total).toFixed(2)} with start); same numbers: ${r.numbers === one.numbers}`);
}
