import { readFileSync, appendFileSync } from 'node:fs';
import { initBackend } from '../src/engine/backend.js';
import { measureTrainerNoiseScale } from '../src/engine/noise-scale.js';
import { buildTrial } from '../src/trial/build.js';
import { TASKS } from './finder-tasks.js';
await initBackend('wasm');
const d = JSON.parse(readFileSync('bench/results/finder.json', 'utf8'));
const out = process.argv[2];
const only = process.argv[3]?.split(',');
for (const r of d.reports) {
  if (only && !only.includes(r.task)) continue;
  const t = TASKS[r.task];
  const lr = r.methods.single.lr;
  const t0 = performance.now();
  const b = await buildTrial({ data: t.data, trainSize: t.trainSize, valSize: t.valSize, model: t.model, ...(t.hidden ? { hidden: t.hidden } : {}), optimizer: t.optimizer, schedule: lr, batchSize: t.batchSize, epochs: t.epochs, seed: r.seed, dataSeed: r.seed });
  const tr = b.trainer;
  tr.setLearningRate(lr);
  const budget = t.epochs * tr.stepsPerEpoch;
  const pts: Record<string, unknown>[] = [];
  const m0 = await measureTrainerNoiseScale(tr, { steps: 10 });
  pts.push({ frac: 0, step: 0, b: m0.bSimple, lo: m0.lower, hi: m0.upper, g2: m0.gradSqNorm, tr: m0.traceSigma });
  let step = 0; let loss = 0;
  for (const f of [0.05, 0.15, 0.3]) {
    const until = Math.round(f * budget);
    let s = 0, n = 0;
    while (step < until) { s += await tr.trainBatch(); n++; step++; }
    loss = n ? s / n : loss;
    const m = await measureTrainerNoiseScale(tr, { steps: 10 });
    pts.push({ frac: f, step, loss, b: m.bSimple, lo: m.lower, hi: m.upper });
  }
  b.dispose();
  const rec = { task: r.task, seed: r.seed, B: t.batchSize, lr, best: r.best.lr, gap: r.methods.single.gapPp, budget, pts, s: (performance.now() - t0) / 1000 };
  appendFileSync(out, JSON.stringify(rec) + '\n');
  console.log(r.task, r.seed, 'B', t.batchSize, 'ratio best/sug', (r.best.lr / lr).toFixed(2), pts.map((p) => `${p.frac}:${Number(p.b).toPrecision(3)}`).join(' '), `${rec.s.toFixed(0)}s`);
}
