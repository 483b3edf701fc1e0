/**
 * ASHA against the full grid (issue 12's target): 12 configurations (4 learning rates × 3 batch
 * sizes), MLP on an MNIST subset, R = 9 epochs, η = 3, r = 1 epoch. Per seed: the full grid (every
 * trial 9 epochs) and an ASHA sweep of the same trials; reported: the best final validation
 * accuracy of each and their gap (target: ASHA within 0.5 pp), and the fraction of the grid's
 * epochs ASHA trained (target ≤ 40%), then the mean and spread (min … max) over the seeds.
 * With `--queue URL` the ASHA sweeps run on that Redis (start `lrlab worker --queue URL` first)
 * and are also checked to equal the local ASHA sweep's numbers.
 *
 *     npm run bench:asha -- [--seeds 0,1,2] [--train-size 6000] [--jobs 2] [--queue redis://…]
 */
import { runAshaSweep } from '../src/sweep/asha-sweep.js';
import { createTrialPool } from '../src/sweep/pool.js';
import { runSweep } from '../src/sweep/run-sweep.js';
import { outcomeNumbers } from '../src/queue/protocol.js';
import type { TrialOutcome, TrialSpec } from '../src/trial/config.js';
import { arg, flag } from './args.js';

const seeds = flag('seeds', '0,1,2').split(',').map(Number);
const trainSize = Number(flag('train-size', '6000'));
const jobs = Number(flag('jobs', '2'));
const queueUrl = arg('queue');
if (seeds.some((s) => !Number.isInteger(s)) || !Number.isInteger(trainSize) || trainSize < 100 || !Number.isInteger(jobs) || jobs < 1) {
  console.error('bench/asha: --seeds must be integers, --train-size an integer >= 100, --jobs an integer >= 1');
  process.exit(2);
}
const LRS = [0.003, 0.01, 0.03, 0.1];
const BATCHES = [32, 128, 512];
const EPOCHS = 9;

const trialsFor = (seed: number): TrialSpec[] => LRS.flatMap((lr) => BATCHES.map((batchSize) => ({
  id: `lr=${lr} bs=${batchSize}`,
  config: { data: 'mnist', trainSize, valSize: 2000, model: 'mlp', hidden: [128], optimizer: { name: 'sgd', momentum: 0.9 }, schedule: lr, batchSize, epochs: EPOCHS, seed },
})));
const bestAcc = (os: TrialOutcome[]): number => Math.max(...os.filter((o) => o.status === 'ok').map((o) => (o.result?.final as { valAccuracy: number }).valAccuracy));
const spread = (xs: number[], digits: number): string => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return `mean ${mean.toFixed(digits)}, min ${Math.min(...xs).toFixed(digits)}, max ${Math.max(...xs).toFixed(digits)}`;
};

console.log(`ASHA vs full grid: ${LRS.length}×${BATCHES.length} configs, MNIST ${trainSize} train / 2000 val, MLP 784-128-10, sgd momentum 0.9, R ${EPOCHS}, η 3, r 1; seeds ${seeds.join(',')}; ${jobs} threads`);
const gaps: number[] = [];
const fractions: number[] = [];
const pool = createTrialPool({ jobs });
const queuePool = queueUrl === undefined ? null : await (await import('../src/queue/queue-pool.js')).createQueuePool({ url: queueUrl, sweepName: `bench-asha-${Date.now()}` });
try {
  for (const seed of seeds) {
    const trials = trialsFor(seed);
    const t0 = performance.now();
    const full = await runSweep({ trials, pool });
    const t1 = performance.now();
    const { outcomes, asha } = await runAshaSweep({ trials, pool, minEpochs: 1, eta: 3, slots: jobs });
    const t2 = performance.now();
    const gap = 100 * (bestAcc(full) - bestAcc(outcomes));
    gaps.push(gap);
    fractions.push(asha.fraction);
    console.log(`  seed ${seed}: full grid best ${(100 * bestAcc(full)).toFixed(2)}% in ${((t1 - t0) / 1000).toFixed(1)} s; ASHA best ${(100 * bestAcc(outcomes)).toFixed(2)}% `
      + `(gap ${gap.toFixed(2)} pp) trained ${asha.epochsTrained}/${asha.fullGridEpochs} epochs = ${(100 * asha.fraction).toFixed(1)}% in ${((t2 - t1) / 1000).toFixed(1)} s; trials per rung ${asha.trialsPerRung.join('/')}`);
    if (queuePool !== null) {
      const q = await runAshaSweep({ trials, pool: queuePool, minEpochs: 1, eta: 3, slots: jobs });
      const same = JSON.stringify(q.outcomes.map(outcomeNumbers)) === JSON.stringify(outcomes.map(outcomeNumbers));
      console.log(`    queue: ${(100 * q.asha.fraction).toFixed(1)}% of the epochs, best ${(100 * bestAcc(q.outcomes)).toFixed(2)}%, ${same ? 'same numbers as local' : 'NUMBERS DIFFER from local'} in ${((performance.now() - t2) / 1000).toFixed(1)} s`);
    }
  }
} finally {
  await pool.close();
  await queuePool?.close();
}
console.log(`gap (full grid best − ASHA best, pp): ${spread(gaps, 2)} (target ≤ 0.5)`);
console.log(`fraction of the grid's epochs: ${spread(fractions.map((f) => 100 * f), 1)} % (target ≤ 40)`);
