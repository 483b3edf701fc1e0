import * as z from 'zod';
import { accuracyRangeTest, type AccuracyTestResult } from '../../core/finder/index.js';
import { fromSpec } from '../../core/schedules/index.js';
import { barChart, lineChart } from '../../report/charts/index.js';
import type { Study, StudyContext, StudyOutput, TrialOutcome } from '../study.js';
import { across } from '../../core/stats.js';
import { withTrainer } from '../shared/finder.js';
import { pct, pp, sig } from '../shared/format.js';
import { describeSetup, intAtLeast, posNum, setupSchema, trialConfig } from '../shared/setup.js';
import { trialRecord } from '../shared/trials.js';
import { LABELS, SCHEDULE_NAMES, scheduleSpecs, type ScheduleInputs } from './specs.js';
import { MIN_MARGIN, schedulesVerdict, summarise, type ScheduleSummary } from './verdict.js';

export const schedulesConfigSchema = z.strictObject({
  setup: setupSchema,
  epochs: intAtLeast(2),
  seeds: intAtLeast(1),
  momentum: z.number({ error: 'must be in [0, 1)' }).min(0, { error: 'must be in [0, 1)' }).lt(1, { error: 'must be in [0, 1)' }),
  /** Smith's accuracy range test that sets maxLr (peak accuracy) and baseLr = maxLr / 3. */
  accuracyTest: z.strictObject({ startLr: posNum(), endLr: posNum(), epochs: intAtLeast(1), evalsPerEpoch: intAtLeast(1) }),
  cycles: intAtLeast(1),
  sgdrCycles: intAtLeast(1),
  adamLr: posNum(),
}).check((ctx) => {
  const a = ctx.value.accuracyTest;
  if (a.endLr <= a.startLr) ctx.issues.push({ code: 'custom', path: ['accuracyTest', 'endLr'], message: 'must be greater than startLr', input: a.endLr });
});
export type SchedulesConfig = z.output<typeof schedulesConfigSchema>;

/**
 * Fixed LR vs multistep vs cyclical vs SGDR vs one-cycle vs Adam (± cosine) on the same epoch budget.
 * Verdict: {@link schedulesVerdict}. Papers: Smith, "Cyclical Learning Rates…", WACV 2017; Loshchilov & Hutter,
 * "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR 2017; Smith & Topin, "Super-Convergence", 2019.
 */
export const schedules: Study<SchedulesConfig> = {
  name: 'schedules',
  title: 'Learning-rate schedules on the same epoch budget',
  claim: 'Cyclical learning rates and SGDR help late in training; step decay (multistep) is the common strong baseline.',
  configSchema: schedulesConfigSchema,
  presets: {
    quick: {
      setup: { data: 'fashion-mnist', trainSize: 5000, valSize: 2000, model: 'mlp', hidden: [128], batchSize: 64 },
      epochs: 8, seeds: 2, momentum: 0.9,
      // With momentum 0.9 the accuracy of this MLP peaks below lr 0.1 (the full preset's test
      // found 0.075); a sweep to 1 put its first evaluation (lr 0.04) past the peak and found no
      // rise at all. Ending at 0.3 spends the 24 evaluations where the accuracy changes.
      accuracyTest: { startLr: 1e-3, endLr: 0.3, epochs: 4, evalsPerEpoch: 6 },
      cycles: 2, sgdrCycles: 3, adamLr: 1e-3,
    },
    full: {
      setup: { data: 'fashion-mnist', trainSize: 15000, valSize: 5000, model: 'mlp', hidden: [256], batchSize: 64 },
      epochs: 12, seeds: 3, momentum: 0.9,
      accuracyTest: { startLr: 1e-3, endLr: 1, epochs: 4, evalsPerEpoch: 10 },
      cycles: 2, sgdrCycles: 3, adamLr: 1e-3,
    },
  },
  run: runSchedules,
};

async function runSchedules(c: SchedulesConfig, ctx: StudyContext): Promise<StudyOutput> {
  const seeds = Array.from({ length: c.seeds }, (_, k) => ctx.seed + k);
  const total = 1 + SCHEDULE_NAMES.length * seeds.length;
  ctx.progress({ label: 'schedules: accuracy range test', done: 0, total });
  const { test, stepsPerEpoch } = await withTrainer(
    trialConfig(c.setup, { optimizer: { name: 'momentum', momentum: c.momentum }, schedule: c.accuracyTest.startLr, epochs: 1, seed: seeds[0] }), ctx,
    async (t) => ({ test: await accuracyRangeTest(t, { ...c.accuracyTest, baseDiv: 3 }), stepsPerEpoch: t.stepsPerEpoch }));
  ctx.progress({ label: 'schedules: training', done: 1 });
  const method = (p: ScheduleInputs | null) => `Smith's accuracy range test (LR rising linearly ${sig(c.accuracyTest.startLr)} → ${sig(c.accuracyTest.endLr)} over ${c.accuracyTest.epochs} epoch(s), ${c.accuracyTest.evalsPerEpoch} evaluations per epoch) `
    + `sets maxLr at the peak validation accuracy and baseLr = maxLr/3${p ? ` (here ${sig(p.maxLr)} and ${sig(p.baseLr)})` : ''}. `
    + `Then ${c.epochs} epochs (${p ? p.totalSteps : '?'} steps) on ${describeSetup(c.setup)}, ${seeds.length} seed(s) each (same data subset), for: fixed LR at maxLr and at baseLr; multistep (maxLr, ×0.1 at 50% and 75%); `
    + `cyclical triangular2 between baseLr and maxLr (${c.cycles} cycle(s), momentum fixed); SGDR (maxLr → 0, tMult 2, ${c.sgdrCycles} cycles); one-cycle (max maxLr, PyTorch defaults) — all SGD with momentum ${c.momentum} — `
    + `and Adam (lr ${sig(c.adamLr)}) constant or with cosine decay to 0. Validation accuracy after every epoch; differences below max(${pp(MIN_MARGIN).replace('+', '')}, 2 standard errors over seeds) count as noise.`;
  const accuracyTest = { maxLr: test.maxLr, baseLr: test.baseLr, reason: test.verdict.reason };
  if (test.maxLr === null || test.baseLr === null) {
    const { status, text } = schedulesVerdict({ accuracyTest, summaries: [], runs: [] });
    return {
      method: method(null), figures: accuracyTestFigures(test),
      verdict: { status, text },
      data: { config: c, seeds, backend: ctx.backend, accuracyTest: test },
    };
  }
  const inputs: ScheduleInputs = { maxLr: test.maxLr, baseLr: test.baseLr, totalSteps: c.epochs * stepsPerEpoch, cycles: c.cycles, sgdrCycles: c.sgdrCycles, adamLr: c.adamLr, momentum: c.momentum };
  const specs = scheduleSpecs(inputs);
  const flat = await ctx.runTrials(SCHEDULE_NAMES.flatMap((name) => seeds.map((seed) => ({
    id: `${name}-seed${seed}`,
    config: trialConfig(c.setup, { optimizer: specs[name].optimizer, schedule: specs[name].schedule, epochs: c.epochs, seed, dataSeed: seeds[0] }),
  }))));
  ctx.progress({ done: total });
  const runs = SCHEDULE_NAMES.map((_, i) => flat.slice(i * seeds.length, (i + 1) * seeds.length));
  const accOf = (o: TrialOutcome): number[] => (o.result?.epochs ?? []).map((e: { valAccuracy: number }) => e.valAccuracy);
  const summaries = SCHEDULE_NAMES.map((name, i) => summarise(name, runs[i].map(accOf), c.epochs)).filter((s): s is ScheduleSummary => s !== null);
  const { status, text, judgement } = schedulesVerdict({ accuracyTest, summaries, runs: SCHEDULE_NAMES.map((name, i) => ({ name, statuses: runs[i].map((o) => o.status) })) });

  const ranked = [...summaries].sort((a, b) => b.final - a.final);
  const series = summaries.map((s) => {
    const full = runs[SCHEDULE_NAMES.indexOf(s.name)].map(accOf).filter((a) => a.length === c.epochs);
    const a = across(full);
    return { name: LABELS[s.name], points: s.perEpoch.map((y, e) => ({ x: e + 1, y })), ...(full.length > 1 ? { band: a.min.map((lo, e) => [lo, a.max[e]] as const) } : {}) };
  });
  const lrSeries = SCHEDULE_NAMES.map((n) => {
    const f = fromSpec(specs[n].schedule).lr;
    const every = Math.max(1, Math.floor(inputs.totalSteps / 400));
    const points: { x: number; y: number }[] = [];
    for (let t = 0; t < inputs.totalSteps; t += every) points.push({ x: t / stepsPerEpoch, y: f(t) });
    return { name: LABELS[n], points: points.filter((p) => p.y > 0) };
  });
  return {
    method: method(inputs),
    figures: [
      { id: 'val-accuracy-per-epoch', title: 'Validation accuracy per epoch', caption: `Mean over ${seeds.length} seed(s)${seeds.length > 1 ? ', bands min–max' : ''}.`, spec: lineChart({ series, xTitle: 'epoch', yTitle: 'validation accuracy', title: 'Validation accuracy by schedule' }) },
      { id: 'final-accuracy', title: 'Final validation accuracy', caption: `After ${c.epochs} epochs; whiskers min–max over seeds.`, spec: barChart({ bars: ranked.map((s) => ({ label: LABELS[s.name], value: s.final, ...(s.finals.length > 1 ? { lo: Math.min(...s.finals), hi: Math.max(...s.finals) } : {}) })), valueTitle: 'final validation accuracy', title: 'Final validation accuracy by schedule', valueFormat: '.3f' }) },
      { id: 'lr-schedules', title: 'The learning rates', caption: 'LR against epoch for every run (log scale); SGD schedules share the accuracy test\'s bounds, Adam runs their own LR.', spec: lineChart({ series: lrSeries, xTitle: 'epoch', yTitle: 'learning rate (log scale)', logY: true, title: 'Schedules compared' }) },
      ...accuracyTestFigures(test),
    ],
    table: {
      columns: ['schedule', 'final val accuracy', 'std over seeds', 'at half budget', 'best epoch accuracy', 'runs'],
      rows: SCHEDULE_NAMES.map((n, i) => {
        const s = summaries.find((x) => x.name === n);
        return [LABELS[n], s ? pct(s.final) : null, s && s.finals.length > 1 ? pp(s.finalStd).replace('+', '') : null, s ? pct(s.mid) : null, s ? pct(Math.max(...s.perEpoch)) : null, runs[i].map((o) => o.status).join('/')];
      }),
    },
    verdict: { status, text },
    data: {
      config: c, seeds, backend: ctx.backend, stepsPerEpoch, inputs, specs, minMargin: MIN_MARGIN,
      accuracyTest: test, summaries,
      judgement,
      trials: flat.map((o) => ({ ...trialRecord(o), schedule: o.config.schedule })),
    },
  };
}

function accuracyTestFigures(test: AccuracyTestResult): StudyOutput['figures'] {
  if (test.lrs.length === 0) return [];
  return [{
    id: 'accuracy-range-test', title: 'Accuracy range test',
    caption: `Validation accuracy while the LR rises linearly; maxLr ${sig(test.maxLr)} (peak), baseLr ${sig(test.baseLr)}. ${test.verdict.reason}.`,
    spec: lineChart({ series: [{ name: 'validation accuracy', points: test.lrs.map((lr, i) => ({ x: lr, y: test.accuracies[i] })) }], xTitle: 'learning rate', yTitle: 'validation accuracy', title: 'Accuracy range test' }),
  }];
}
