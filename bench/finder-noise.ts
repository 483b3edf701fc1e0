/**
 * Does the gradient noise scale explain where the finder's suggestion misses (issue 13)? The
 * hypothesis: the range test measures how fast the loss falls early in training, while the best
 * constant LR for a whole budget also pays for the noise that LR injects, so the best LR should be
 * ε_opt ≈ ε_max / (1 + B_noise/B) (McCandlish et al. 2018) with the B_noise of later training.
 * The correction it predicts for a suggestion measured at step 0 is (1 + B0/B) / (1 + Bf/B).
 *
 * For every run of a finder benchmark result (default bench/results/finder-session4.json, the 34
 * seen runs before the Adam/AdamW factor): train the single range test's suggested LR from the
 * run's initial weights and batch order, and measure B_simple
 * (`measureTrainerNoiseScale`, 10 pairs of 64 and 1024 rows) at step 0 and after 5%, 15% and 30%
 * of the budget. Then the Spearman rank correlation between log(best LR / suggestion) and the
 * predicted log correction, over all runs. A usable correction needs a clearly positive one.
 *
 *     node --import tsx bench/finder-noise.ts [--from bench/results/finder-session4.json] [--out FILE.jsonl] [--tasks a,b]
 *
 * bench/results/finder-noise.jsonl is the run the README quotes.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { initBackend } from '../src/engine/backend.js';
import { measureTrainerNoiseScale } from '../src/engine/noise-scale.js';
import { buildTrial } from '../src/trial/build.js';
import { arg } from './args.js';
import { TASKS } from './finder-tasks.js';

interface Point { frac: number; step: number; bSimple: number; lower: number; upper: number }
interface Row { task: string; seed: number; batchSize: number; lr: number; bestLr: number; gapPp: number | null; budget: number; points: Point[] }

const FRACTIONS = [0.05, 0.15, 0.3];
await initBackend('wasm');
const from = JSON.parse(readFileSync(arg('from') ?? 'bench/results/finder-session4.json', 'utf8')) as {
  reports: { task: string; seed: number; best: { lr: number }; methods: { single: { lr: number | null; gapPp: number | null } } }[];
};
const out = arg('out') ?? null;
const only = arg('tasks')?.split(',') ?? null;
if (out) writeFileSync(out, '');
const rows: Row[] = [];
for (const r of from.reports) {
  if (only && !only.includes(r.task)) continue;
  const t = TASKS[r.task];
  const lr = r.methods.single.lr;
  if (!t || lr === null) continue;
  const b = await buildTrial({
    data: t.data, trainSize: t.trainSize, valSize: t.valSize, model: t.model, ...(t.hidden ? { hidden: t.hidden } : {}),
    optimizer: t.optimizer, schedule: lr, batchSize: t.batchSize, epochs: t.epochs, seed: r.seed, dataSeed: r.seed,
  });
  const points: Point[] = [];
  try {
    const tr = b.trainer;
    tr.setLearningRate(lr);
    const budget = t.epochs * tr.stepsPerEpoch;
    const measure = async (frac: number, step: number): Promise<void> => {
      const m = await measureTrainerNoiseScale(tr, { steps: 10 });
      points.push({ frac, step, bSimple: m.bSimple, lower: m.lower, upper: m.upper });
    };
    await measure(0, 0);
    let step = 0;
    for (const f of FRACTIONS) {
      for (const until = Math.round(f * budget); step < until; step++) await tr.trainBatch();
      await measure(f, step);
    }
    const row: Row = { task: r.task, seed: r.seed, batchSize: t.batchSize, lr, bestLr: r.best.lr, gapPp: r.methods.single.gapPp, budget, points };
    rows.push(row);
    if (out) appendFileSync(out, `${JSON.stringify(row)}\n`);
    console.log(`${r.task} seed ${r.seed}: best/suggested ${(r.best.lr / lr).toFixed(2)}; B_simple ${points.map((p) => `${p.frac}: ${p.bSimple.toPrecision(3)}`).join(', ')}`);
  } finally {
    b.dispose();
  }
}

function ranks(v: number[]): number[] {
  const order = v.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(v.length);
  order.forEach(([, i], k) => { r[i] = k; });
  return r;
}
function spearman(a: number[], b: number[]): number {
  const ra = ranks(a), rb = ranks(b);
  const m = (ra.length - 1) / 2;
  let c = 0, va = 0, vb = 0;
  for (let i = 0; i < ra.length; i++) { c += (ra[i] - m) * (rb[i] - m); va += (ra[i] - m) ** 2; vb += (rb[i] - m) ** 2; }
  return c / Math.sqrt(va * vb);
}
const need = rows.map((r) => Math.log(r.bestLr / r.lr));
console.log(`\n${rows.length} runs: Spearman correlation of log(best / suggested) with the predicted log correction`);
FRACTIONS.forEach((f, i) => {
  const predicted = rows.map((r) => Math.log((1 + r.points[0].bSimple / r.batchSize) / (1 + r.points[i + 1].bSimple / r.batchSize)));
  console.log(`  B_noise after ${100 * f}% of the budget: ${spearman(predicted, need).toFixed(2)}`);
});
