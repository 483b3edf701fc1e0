import * as z from 'zod';
import { fromSpec, WSD_DECAY_SHAPES, wsdPhases } from '../../core/schedules/index.js';
import { mean } from '../../core/stats.js';
import { barChart, lineChart } from '../../report/charts/index.js';
import { branchDecays, type BranchDecaysResult } from '../../trial/branch-decays.js';
import { initBackend } from '../../engine/index.js';
import type { Study, StudyContext, StudyOutput, TrialSpec } from '../study.js';
import { pct, pp, sig } from '../shared/format.js';
import { describeSetup, increasingInts, optimizerSettings, posNum, seedList, seedsField, setupSchema, sgdOrMomentum, trialConfig } from '../shared/setup.js';
import { errorNote, finalMetrics, indexOutcomes, trialRecord } from '../shared/trials.js';
import { MIN_TOLERANCE, wsdBudgetsVerdict, type BudgetResult } from './verdict.js';

export const wsdBudgetsConfigSchema = z.strictObject({
  setup: setupSchema,
  optimizer: sgdOrMomentum(),
  /** The stable phase's LR, and the cosine runs' peak. */
  lr: posNum(),
  /** Budgets in epochs: one branch (and one separate cosine run) each. */
  budgets: increasingInts(),
  /** Fraction of each budget spent decaying (wsd's decayFraction). */
  decayFraction: z.number({ error: 'must be a number in (0, 1)' }).gt(0, { error: 'must be a number in (0, 1)' }).lt(1, { error: 'must be a number in (0, 1)' }),
  decayShape: z.enum(WSD_DECAY_SHAPES, { error: `must be one of ${WSD_DECAY_SHAPES.join('|')}` }),
  seeds: seedsField(),
  /** Accuracy difference that still counts as a match (fraction; the verdict never uses less than 0.5 pp). */
  margin: z.number({ error: 'must be a number in [0, 0.1]' }).min(0, { error: 'must be a number in [0, 0.1]' }).max(0.1, { error: 'must be a number in [0, 0.1]' }),
});
export type WsdBudgetsConfig = z.output<typeof wsdBudgetsConfigSchema>;

/** Steps per epoch of a setup (every row once per epoch, the last batch partial: BatchOrder's rule). */
const stepsPerEpoch = (c: WsdBudgetsConfig): number => Math.ceil(c.setup.trainSize / c.setup.batchSize);

/** The separate cosine run of `epochs` epochs: from lr down to 0 over exactly its steps. */
export function cosineSpec(c: WsdBudgetsConfig, epochs: number): Record<string, unknown> {
  return { type: 'cosine', lr: c.lr, tMax: epochs * stepsPerEpoch(c), etaMin: 0 };
}

/** The branched run's schedule (its totalSteps is each budget's). */
export function wsdSpec(c: WsdBudgetsConfig): Record<string, unknown> {
  return { type: 'wsd', lr: c.lr, decayFraction: c.decayFraction, decayShape: c.decayShape };
}

const cosineId = (epochs: number, seed: number) => `cosine-e${epochs}-s${seed}`;

/**
 * "One run, many budgets": a warmup-free WSD run at a constant LR with a short decay branched off
 * its stable phase at every budget (`trial/branch-decays.ts`), against one separate cosine run
 * per budget at the same peak LR, same seeds. Verdict: {@link wsdBudgetsVerdict}.
 * Paper: Hägele et al. 2024, "Scaling Laws and Compute-Optimal Training Beyond Fixed Training
 * Durations" (WSD with 1-sqrt cooldown matches cosine; one run serves many budgets).
 */
export const wsdBudgets: Study<WsdBudgetsConfig> = {
  name: 'wsd-budgets',
  title: 'One run, many budgets: branched WSD decays against cosine runs',
  claim: 'One warmup–stable–decay run with short decays branched off its stable phase matches separate cosine runs at every budget within a small margin, at a fraction of the compute.',
  configSchema: wsdBudgetsConfigSchema,
  presets: {
    quick: {
      setup: { data: 'mnist', trainSize: 5000, valSize: 2000, model: 'mlp', hidden: [128], batchSize: 64 },
      optimizer: 'momentum', lr: 0.05, budgets: [1, 2, 3, 4], decayFraction: 0.2, decayShape: '1-sqrt', seeds: 2, margin: 0.01,
    },
    full: {
      setup: { data: 'fashion-mnist', trainSize: 20000, valSize: 5000, model: 'mlp', hidden: [256], batchSize: 64 },
      optimizer: 'momentum', lr: 0.05, budgets: [1, 2, 3, 4, 6, 8], decayFraction: 0.2, decayShape: '1-sqrt', seeds: 3, margin: 0.01,
    },
  },
  run: runWsdBudgets,
};

async function runWsdBudgets(c: WsdBudgetsConfig, ctx: StudyContext): Promise<StudyOutput> {
  const seeds = seedList(ctx.seed, c.seeds);
  const spe = stepsPerEpoch(c);
  const optimizer = optimizerSettings(c.optimizer);
  // The data subset is fixed (dataSeed) so seeds vary only the initialisation and batch order.
  const base = { optimizer, dataSeed: seeds[0] };
  const total = seeds.length * (1 + c.budgets.length);
  ctx.progress({ label: 'wsd-budgets: cosine runs, one per budget', done: 0, total });
  const trials: TrialSpec[] = c.budgets.flatMap((e) => seeds.map((seed) => ({
    id: cosineId(e, seed),
    config: trialConfig(c.setup, { ...base, schedule: cosineSpec(c, e), epochs: e, seed }),
  })));
  const { byId, errors } = indexOutcomes(await ctx.runTrials(trials));

  await initBackend(ctx.backend);
  const branched: BranchDecaysResult[] = [];
  for (const [k, seed] of seeds.entries()) {
    ctx.progress({ label: `wsd-budgets: branched WSD run, seed ${seed}`, done: trials.length + k });
    branched.push(await branchDecays(
      trialConfig(c.setup, { ...base, schedule: wsdSpec(c), epochs: c.budgets[c.budgets.length - 1], seed }),
      { budgets: c.budgets.map((e) => e * spe), ...(ctx.signal ? { signal: ctx.signal } : {}) },
    ));
    if (branched[k].aborted) throw new Error('wsd-budgets: interrupted');
  }
  ctx.progress({ done: total });

  const branchAt = (r: BranchDecaysResult, e: number) => r.branches.find((b) => b.budget === e * spe) ?? null;
  const results: BudgetResult[] = c.budgets.map((e) => ({
    epochs: e,
    wsd: branched.map((r) => branchAt(r, e)?.after?.accuracy ?? null),
    cosine: seeds.map((s) => finalMetrics(byId.get(cosineId(e, s)))?.valAccuracy ?? null),
  }));
  const compute = { branchedSteps: branched[0].totalSteps, separateSteps: c.budgets.reduce((a, e) => a + e * spe, 0) };
  const verdict = wsdBudgetsVerdict(results, compute, c.margin);

  const stable = c.budgets.map((e) => {
    const accs = branched.map((r) => branchAt(r, e)?.before.accuracy).filter((x): x is number => Number.isFinite(x));
    const start = branchAt(branched[0], e)?.decayStart ?? null;
    return { epochs: e, decayStart: start, accuracy: accs.length > 0 ? mean(accs) : null };
  });
  const curve = (name: string, get: (b: BudgetResult) => (number | null)[]) => {
    const rows = results.map((b) => ({ x: b.epochs, ys: get(b).filter((y): y is number => y !== null && Number.isFinite(y)) })).filter((r) => r.ys.length > 0);
    if (rows.length === 0) return [];
    const band = seeds.length > 1 ? { band: rows.map((r) => [Math.min(...r.ys), Math.max(...r.ys)] as const) } : {};
    return [{ name, points: rows.map((r) => ({ x: r.x, y: mean(r.ys) })), ...band }];
  };
  const stablePoints = stable.filter((s) => s.accuracy !== null && s.decayStart !== null).map((s) => ({ x: s.decayStart! / spe, y: s.accuracy! }));
  const accSeries = [
    ...curve('WSD, branched decays', (b) => b.wsd),
    ...curve('cosine, one run each', (b) => b.cosine),
    ...(stablePoints.length > 0 ? [{ name: 'stable phase, no decay', points: stablePoints }] : []),
  ];

  const figures: StudyOutput['figures'] = [];
  if (accSeries.length > 0) {
    figures.push({
      id: 'accuracy-vs-budget', title: 'Validation accuracy against the training budget',
      caption: `Final validation accuracy at each budget: the decays branched off one constant-LR run, separate cosine runs, and the constant-LR run itself where each decay starts. Mean over ${seeds.length} seed(s)${seeds.length > 1 ? ' (band: min–max)' : ''}.`,
      spec: lineChart({ series: accSeries, xTitle: 'budget (epochs)', yTitle: 'validation accuracy', title: 'One run, many budgets' }),
    });
  }
  figures.push({
    id: 'schedules', title: 'The learning rates',
    caption: `LR against epoch: the shared stable phase at ${sig(c.lr)} up to the longest budget, each shorter budget's ${c.decayShape} decay over the last ${pct(c.decayFraction)} of it, and the cosine runs of the shortest and longest budgets.`,
    spec: lineChart({ series: lrSeries(c, spe), xTitle: 'epoch', yTitle: 'learning rate', title: 'WSD branches and cosine runs' }),
  });
  figures.push({
    id: 'compute', title: 'Compute for the whole curve',
    caption: 'Optimizer steps to get an accuracy at every budget: one branched WSD run, or one cosine run per budget (per seed).',
    spec: barChart({
      bars: [{ label: 'WSD, branched decays', value: compute.branchedSteps }, { label: 'cosine, one run per budget', value: compute.separateSteps }],
      valueTitle: 'optimizer steps', title: 'Steps for the accuracy-vs-budget curve', valueFormat: 'd',
    }),
  });

  const judgedAt = new Map(verdict.judged.map((j) => [j.epochs, j]));
  return {
    method: `On ${describeSetup(c.setup)} with ${c.optimizer === 'momentum' ? 'SGD with momentum 0.9' : 'plain SGD'}, ${seeds.length} seed(s) from the same data subset: ` +
      `one WSD run at the constant LR ${sig(c.lr)} (no warmup) with a ${c.decayShape} decay to 0 over the last ${pct(c.decayFraction)} of each budget branched off it ` +
      `(snapshot → decay → evaluate → restore; each branch ends bitwise where a separate WSD run of that budget would), at budgets of ${c.budgets.join(', ')} epochs (${spe} steps each). ` +
      `Against it, one separate cosine run per budget from ${sig(c.lr)} to 0 over exactly that budget. Validation accuracy on ${c.setup.valSize} held-out examples; ` +
      `a budget matches when the mean paired difference is above −max(${sig(100 * Math.max(c.margin, MIN_TOLERANCE), 2)} pp, 2 SE).`,
    figures,
    table: {
      columns: ['budget (epochs)', 'steps', 'decay start', 'WSD branch', 'cosine', 'difference', 'stable phase, no decay', 'match'],
      rows: c.budgets.map((e, i) => {
        const j = judgedAt.get(e);
        return [e, e * spe, stable[i].decayStart, j ? pct(j.wsd) : null, j ? pct(j.cosine) : null, j ? pp(j.diff) : null, pct(stable[i].accuracy), j ? (j.matches ? 'yes' : 'no') : null];
      }),
    },
    verdict: { status: verdict.status, text: verdict.text + errorNote(errors) },
    data: {
      config: c, seeds, backend: ctx.backend, stepsPerEpoch: spe, compute, judged: verdict.judged, budgets: results, stable,
      branched: branched.map((r, k) => ({ seed: seeds[k], ...r })),
      trials: trials.map((t) => { const o = byId.get(t.id); return o ? trialRecord(o) : { id: t.id, status: 'missing' }; }),
      errors,
    },
  };
}

/** LR against epoch: the shared run to the longest budget, every other branch's decay, and the shortest and longest cosine runs (≤ ~200 points each). */
function lrSeries(c: WsdBudgetsConfig, spe: number): { name: string; points: { x: number; y: number }[] }[] {
  const points = (f: (t: number) => number, from: number, to: number) => {
    const every = Math.max(1, Math.floor((to - from) / 200));
    const pts: { x: number; y: number }[] = [];
    for (let t = from; t < to; t += every) pts.push({ x: t / spe, y: f(t) });
    pts.push({ x: to / spe, y: f(to) });
    return pts;
  };
  const wsd = c.budgets.map((e) => {
    const steps = e * spe;
    const { decayStart } = wsdPhases({ lr: c.lr, totalSteps: steps, decayFraction: c.decayFraction, decayShape: c.decayShape });
    const f = fromSpec({ ...wsdSpec(c), totalSteps: steps }).lr;
    return { name: `WSD ${e} ep`, points: points(f, e === c.budgets[c.budgets.length - 1] ? 0 : decayStart, steps) };
  });
  // Only the shortest and longest cosine runs, so every line keeps its own colour (the palette has 8).
  const ends = c.budgets.length > 1 ? [c.budgets[0], c.budgets[c.budgets.length - 1]] : c.budgets;
  const cos = ends.map((e) => ({ name: `cosine ${e} ep`, points: points(fromSpec(cosineSpec(c, e)).lr, 0, e * spe) }));
  return [...wsd, ...cos];
}
