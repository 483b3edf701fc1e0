/**
 * How far could any rule that maps the range test to one LR go? (issue 13) The held-out target —
 * ≥ 90% of runs within 0.5 pp of a 7-point grid's best — asks a single range test to place the
 * LR inside the task's window of near-best LRs. This reads the committed runs of bench/finder.ts
 * (bench/results/, one range test, usable verdicts) and trains nothing. For each protocol
 * (constant LR; the recommended one-cycle) it prints:
 *   1. the estimate it relies on (bench/finder-estimate.ts): its error against the trained
 *      suggestions;
 *   2. runs within 0.5 pp: as trained; the best single multiple k × suggestion, k chosen with
 *      hindsight on all runs (0.01-decade steps over ×0.1 … ×10) — an upper bound for any
 *      rule of that form; the divergence-distance peak (one-cycle, core divergencePeak); and,
 *      trained, the other seed's best grid LR — what the grid itself reproduces across seeds;
 *   3. why: the spread (standard deviation, decades) of log10(estimated best LR / suggestion)
 *      against the width of each run's window within 0.5 pp. A rule lands in the window only
 *      when its error is under about half the window, and the spread is wider than that;
 *   4. per set, for the divergence peak's weight: the weight chosen on the other sets by the
 *      estimate and what it gains on the left-out set.
 *
 *     npm run bench:finder-headroom [-- --json FILE]   (bench/results/finder-headroom.json)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DIVERGENCE_PEAK_WEIGHT, ONECYCLE_PEAK_FACTOR } from '../src/core/finder/index.js';
import { arg } from './args.js';
import { estimateAccuracy, estimatedGapPp, estimatedOptimum, normalCdf, otherSeedGapPp, type GridPoint } from './finder-estimate.js';

const SETS = ['', '-fresh', '-fresh2', '-fresh3', '-fresh4', '-fresh5'];
const PROTOCOLS = { constant: 'finder', onecycle: 'finder-onecycle' } as const;
type Protocol = keyof typeof PROTOCOLS;

interface Run {
  set: string;
  task: string;
  seed: number;
  grid: GridPoint[];
  best: { lr: number; acc: number };
  /** The suggestion (after the Adam/AdamW factor) and the LR it was trained at. */
  s: number;
  trained: number;
  acc: number | null;
  gapPp: number | null;
  /** Where the range test stopped; null when it reached its end. */
  stopLr: number | null;
}

interface SingleReport {
  lr: number | null; trainedLr: number | null; status: string; reason: string; acc: number | null; gapPp: number | null;
  divergencePeak?: { stopLr: number | null } | null;
}

function load(protocol: Protocol): Run[] {
  const runs: Run[] = [];
  for (const suffix of SETS) {
    const file = new URL(`results/${PROTOCOLS[protocol]}${suffix}.json`, import.meta.url);
    if (!existsSync(file)) continue;
    const { reports } = JSON.parse(readFileSync(file, 'utf8')) as { reports: { task: string; seed: number; grid: GridPoint[]; best: { lr: number; acc: number }; methods: { single?: SingleReport } }[] };
    for (const r of reports) {
      const m = r.methods.single;
      if (!m || m.status !== 'usable' || m.lr === null) continue;
      const stop = m.divergencePeak ? m.divergencePeak.stopLr : (/diverged at lr ([0-9.e+-]+)/.exec(m.reason)?.[1] ?? null);
      runs.push({
        set: suffix === '' ? 'seen' : suffix.slice(1), task: r.task, seed: r.seed, grid: r.grid, best: r.best,
        s: m.lr, trained: m.trainedLr ?? m.lr, acc: m.acc, gapPp: m.gapPp, stopLr: stop === null ? null : Number(stop),
      });
    }
  }
  return runs;
}

const within = (gap: number | null): boolean => gap !== null && gap <= 0.5 + 1e-9;
const quantile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const sd = (xs: number[]): number => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
};
const pctOf = (k: number, n: number): string => `${k}/${n} (${(100 * k / n).toFixed(0)}%)`;
/** The divergence-distance peak for weight w (3 × s where the range test did not stop). */
const peakAt = (r: Run, w: number): number => (r.stopLr === null ? ONECYCLE_PEAK_FACTOR * r.s : r.s * (r.stopLr / r.s) ** w);
const countWithin = (runs: Run[], lrOf: (r: Run) => number): number => runs.filter((r) => within(estimatedGapPp(r.grid, lrOf(r)))).length;

/** The other seed's best grid LR, trained on this seed (its grid point), for tasks run at ≥ 2 seeds of the same set. */
function otherSeed(runs: Run[]): { hits: number; of: number; worstPp: number } {
  const gaps = runs.map((r) => otherSeedGapPp(r, runs.filter((q) => q.set === r.set))).filter((g): g is number => g !== null);
  return { hits: gaps.filter(within).length, of: gaps.length, worstPp: Math.max(...gaps) };
}

const out: Record<string, unknown> = {};
for (const protocol of Object.keys(PROTOCOLS) as Protocol[]) {
  const runs = load(protocol);
  if (runs.length === 0) continue;
  const n = runs.length;
  const sets = [...new Set(runs.map((r) => r.set))];
  console.log(`\n== ${protocol === 'constant' ? 'constant LR' : 'one-cycle (the recommended schedule)'}: ${n} usable runs in ${sets.join(', ')}`);

  const errs = runs.filter((r) => r.acc !== null).map((r) => 100 * Math.abs(estimateAccuracy(r.grid, r.trained) - (r.acc as number)));
  console.log(`estimate against the trained suggestions: |error| median ${quantile(errs, 0.5).toFixed(2)} pp, 90th percentile ${quantile(errs, 0.9).toFixed(2)} pp`);

  const trainedHits = runs.filter((r) => within(r.gapPp)).length;
  const estHits = countWithin(runs, (r) => r.trained);
  let bestK = { e: 0, hits: -1 };
  for (let e = -1; e <= 1 + 1e-9; e += 0.01) {
    const hits = countWithin(runs, (r) => r.s * 10 ** e);
    if (hits > bestK.hits) bestK = { e, hits };
  }
  const other = otherSeed(runs);
  console.log('runs within 0.5 pp of the grid\'s best:');
  console.log(`  ${'as trained'.padEnd(38)}${pctOf(trainedHits, n)}   (estimated: ${pctOf(estHits, n)})`);
  console.log(`  ${'best k × suggestion, with hindsight'.padEnd(38)}${pctOf(bestK.hits, n)}   estimated, k = ${(10 ** bestK.e).toFixed(2)}`);
  let divergence: { hits: number; loso: { set: string; weight: number; hits: number; factorHits: number; of: number }[] } | null = null;
  if (protocol === 'onecycle') {
    const hits = countWithin(runs, (r) => peakAt(r, DIVERGENCE_PEAK_WEIGHT));
    console.log(`  ${`divergence peak (weight ${DIVERGENCE_PEAK_WEIGHT})`.padEnd(38)}${pctOf(hits, n)}   estimated`);
    const weights = Array.from({ length: 10 }, (_, i) => 0.05 * (i + 1));
    const loso = sets.map((set) => {
      const rest = runs.filter((r) => r.set !== set);
      const left = runs.filter((r) => r.set === set);
      let w = weights[0];
      let most = -1;
      for (const x of weights) {
        const h = countWithin(rest, (r) => peakAt(r, x));
        if (h > most) {
          most = h;
          w = x;
        }
      }
      return { set, weight: w, hits: countWithin(left, (r) => peakAt(r, w)), factorHits: countWithin(left, (r) => ONECYCLE_PEAK_FACTOR * r.s), of: left.length };
    });
    divergence = { hits, loso };
  }
  console.log(`  ${"the other seed's best grid LR".padEnd(38)}${pctOf(other.hits, other.of)}   trained (the grid's own reproducibility; worst gap ${Number.isFinite(other.worstPp) ? `${other.worstPp.toFixed(2)} pp` : 'diverged'})`);

  const opt = runs.map((r) => estimatedOptimum(r.grid));
  const offsets = runs.map((r, i) => Math.log10(opt[i].lr / r.trained));
  const windows = opt.map((o) => o.windowDecades);
  console.log('why:');
  console.log(`  log10(estimated best LR / trained LR): mean ${(offsets.reduce((a, b) => a + b, 0) / n).toFixed(2)}, sd ${sd(offsets).toFixed(2)} decades; |offset| > 0.5 decades in ${offsets.filter((o) => Math.abs(o) > 0.5).length} of ${n}`);
  const half = quantile(windows, 0.5) / 2;
  const spread = sd(offsets);
  console.log(`  window within 0.5 pp: median ${quantile(windows, 0.5).toFixed(2)} decades (half-width ${half.toFixed(2)}), 10th percentile ${quantile(windows, 0.1).toFixed(2)}`);
  // A centred normal offset with this sd lands within ±half in 2Φ(half/sd) − 1 of runs; 90% needs
  // half/sd ≥ 1.645 (Φ(1.645) = 0.95).
  console.log(`  a centred normal offset of sd ${spread.toFixed(2)} lands within ±${half.toFixed(2)} in ${(100 * (2 * normalCdf(half / spread) - 1)).toFixed(0)}% of runs; 90% would need sd ≤ ${(half / 1.645).toFixed(2)} decades`);
  if (divergence) {
    console.log('divergence peak weight, each set left out (chosen on the others among 0.05 … 0.5):');
    for (const l of divergence.loso) console.log(`  ${l.set.padEnd(7)} weight ${l.weight.toFixed(2)}: ${l.hits}/${l.of} estimated within 0.5 pp, against ${l.factorHits}/${l.of} at ${ONECYCLE_PEAK_FACTOR} × s`);
  }
  out[protocol] = {
    runs: n, sets, trainedWithin: trainedHits, estimatedWithin: estHits,
    estimateError: { medianPp: quantile(errs, 0.5), p90Pp: quantile(errs, 0.9) },
    bestMultiple: { k: 10 ** bestK.e, within: bestK.hits },
    otherSeed: other,
    offsetSdDecades: spread, windowMedianDecades: quantile(windows, 0.5),
    normalWithin: 2 * normalCdf(half / spread) - 1, sdFor90: half / 1.645,
    ...(divergence ? { divergencePeak: divergence } : {}),
  };
}
const jsonOut = arg('json');
if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(out, null, 2)}\n`);
