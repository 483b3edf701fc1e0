/**
 * Speedup of the sweep engine with 2 worker threads over 1, on real work: MLP trials on an
 * MNIST subset. Each pool is warmed first (TensorFlow.js started and the data loaded in every
 * worker), then the same trials are timed; the wall clock with the pool start is shown too.
 * Also checks that both runs give the same numbers.
 *
 * With `--repeats R` the 1-job and N-job runs alternate R times and the medians are compared
 * (the machine is noisy; one pair of runs is not a measurement).
 *
 *     npx tsx bench/sweep.ts [--trials 8] [--train-size 8000] [--epochs 2] [--jobs 2] [--repeats 3]
 */
import { createTrialPool } from '../src/sweep/pool.js';
import { runSweep } from '../src/sweep/run-sweep.js';
import type { TrialSpec } from '../src/trial/config.js';
import { flag } from './args.js';

const count = Number(flag('trials', '8'));
const trainSize = Number(flag('train-size', '8000'));
const epochs = Number(flag('epochs', '2'));
const maxJobs = Number(flag('jobs', '2'));
const repeats = Number(flag('repeats', '1'));
for (const [name, v, min] of [['trials', count, 1], ['train-size', trainSize, 100], ['epochs', epochs, 1], ['jobs', maxJobs, 2], ['repeats', repeats, 1]] as const) {
  if (!Number.isInteger(v) || v < min) {
    console.error(`bench/sweep: --${name} must be an integer >= ${min}`);
    process.exit(2);
  }
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const base = { data: 'mnist', trainSize, valSize: 2000, model: 'mlp', hidden: [256], batchSize: 64, epochs, seed: 1 };
const trials: TrialSpec[] = Array.from({ length: count }, (_, i) => {
  const lr = 0.01 * 2 ** (i / 2);
  return { id: `lr=${lr.toPrecision(3)}`, config: { ...base, optimizer: { name: 'sgd' }, schedule: lr } };
});

async function timeJobs(jobs: number): Promise<{ warm: number; total: number; numbers: string }> {
  const t0 = performance.now();
  const pool = createTrialPool({ jobs });
  // Warm-up: one short trial per worker at once, so every thread has started tfjs and loaded the data.
  const warmups: TrialSpec[] = Array.from({ length: jobs }, (_, i) => ({ id: `warm-${i}`, config: { ...base, epochs: 0, seed: 100 + i, optimizer: { name: 'sgd' }, schedule: 0.1 } }));
  await runSweep({ trials: warmups, pool });
  const t1 = performance.now();
  const out = await runSweep({ trials, pool });
  const t2 = performance.now();
  await pool.close();
  const numbers = JSON.stringify(out.map((o) => [o.id, o.status, o.result?.final?.valLoss, o.result?.final?.valAccuracy]));
  return { warm: (t2 - t1) / 1000, total: (t2 - t0) / 1000, numbers };
}

console.log(`${count} trials: MNIST ${trainSize} train / 2000 val, MLP 784-256-10, sgd, batch 64, ${epochs} epochs (${count * epochs * trainSize} samples), ${repeats} repeat(s)`);
const runs = new Map<number, { warm: number; total: number; numbers: string }[]>();
for (let r = 0; r < repeats; r++) {
  for (let jobs = 1; jobs <= maxJobs; jobs++) {
    const res = await timeJobs(jobs);
    runs.set(jobs, [...(runs.get(jobs) ?? []), res]);
    console.log(`  repeat ${r + 1}, jobs ${jobs}: ${res.warm.toFixed(2)} s trials (warm pool), ${res.total.toFixed(2)} s with pool start`);
  }
}
const one = runs.get(1)!;
const oneWarm = median(one.map((x) => x.warm));
const oneTotal = median(one.map((x) => x.total));
console.log(`jobs 1: median ${oneWarm.toFixed(2)} s trials, ${oneTotal.toFixed(2)} s with pool start`);
for (let jobs = 2; jobs <= maxJobs; jobs++) {
  const rs = runs.get(jobs)!;
  const warm = median(rs.map((x) => x.warm));
  const total = median(rs.map((x) => x.total));
  const same = rs.every((x) => x.numbers === one[0].numbers) && one.every((x) => x.numbers === one[0].numbers);
  const ratios = rs.map((x, i) => (one[i].warm / x.warm).toFixed(2)).join(', ');
  console.log(`jobs ${jobs}: median ${warm.toFixed(2)} s trials, ${total.toFixed(2)} s with pool start; speedup ×${(oneWarm / warm).toFixed(2)} (×${(oneTotal / total).toFixed(2)} with start; per repeat ×${ratios}); same numbers: ${same}`);
}
