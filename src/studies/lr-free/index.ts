import * as z from 'zod';
import { rangeTest, type RangeTestResult } from '../../core/finder/index.js';
import { WSD_DECAY_SHAPES } from '../../core/schedules/index.js';
import { across, mean, minMax } from '../../core/stats.js';
import { finderChart } from '../../report/charts/finder-chart.js';
import { lineChart } from '../../report/charts/index.js';
import type { Study, StudyContext, StudyOutput, TrialOutcome, TrialSpec } from '../study.js';
import { finderData, withTrainer } from '../shared/finder.js';
import { pct, pp, sig } from '../shared/format.js';
import { describeSetup, intAtLeast, posNum, seedList, seedsField, setupSchema, trialConfig, type BatchSetup } from '../shared/setup.js';
import { epochRows, errorNote, finalMetrics, indexOutcomes, trialRecord } from '../shared/trials.js';
import { METHODS, methodSpecs, type MethodName, type MethodSpec } from './methods.js';
import { lrFreeVerdict, MIN_NOISE, type SetupResult } from './verdict.js';

const fraction = (rule: string) => z.number({ error: rule }).min(0, { error: rule }).lt(1, { error: rule });

export const lrFreeConfigSchema = z.strictObject({
  /** One or more data/model settings; the claim is judged on each. */
  setups: z.array(setupSchema).min(1, { error: 'must list at least one setup' }),
  epochs: intAtLeast(2),
  seeds: seedsField(),
  /** Heavy-ball momentum of the finder-tuned SGD runs and their range test. */
  momentum: z.number({ error: 'must be in [0, 1)' }).min(0, { error: 'must be in [0, 1)' }).lt(1, { error: 'must be in [0, 1)' }),
  /** The LR range test (exponential sweep) whose suggestion sets the one-cycle peak and the WSD stable LR. */
  finder: z.strictObject({ startLr: posNum(), endLr: posNum(), steps: intAtLeast(10) }),
  wsd: z.strictObject({
    warmupFraction: fraction('must be a number in [0, 1)'),
    decayFraction: fraction('must be a number in [0, 1)'),
    decayShape: z.enum(WSD_DECAY_SHAPES, { error: `must be one of ${WSD_DECAY_SHAPES.join('|')}` }),
  }),
  /** Adam's LR: its library default, 1e-3. */
  adamLr: posNum(),
  /** "Within a small margin": the accuracy gap (fraction) that still counts; never below 0.5 pp. */
  margin: z.number({ error: 'must be a number in [0, 0.1]' }).min(0, { error: 'must be a number in [0, 0.1]' }).max(0.1, { error: 'must be a number in [0, 0.1]' }),
  /** LRs in the grid a user would otherwise train to tune (for the compute comparison; not run). */
  gridPoints: intAtLeast(2),
}).check((ctx) => {
  const v = ctx.value;
  if (v.finder.endLr <= v.finder.startLr) ctx.issues.push({ code: 'custom', path: ['finder', 'endLr'], message: 'must be greater than startLr', input: v.finder.endLr });
  if (v.wsd.warmupFraction + v.wsd.decayFraction > 1) ctx.issues.push({ code: 'custom', path: ['wsd', 'decayFraction'], message: 'plus warmupFraction must be <= 1', input: v.wsd.decayFraction });
});
export type LrFreeConfig = z.output<typeof lrFreeConfigSchema>;

const common = { momentum: 0.9, finder: { startLr: 1e-5, endLr: 10, steps: 100 }, wsd: { warmupFraction: 0.05, decayFraction: 0.2, decayShape: '1-sqrt' as const }, adamLr: 1e-3, margin: 0.01, gridPoints: 8 };

/** A setup in a few words for labels and ids: `mnist mlp`. */
const setupLabel = (s: BatchSetup) => `${s.data} ${s.model}`;
const trialId = (k: number, m: MethodName, seed: number) => `s${k}-${m}-seed${seed}`;

interface SetupRun {
  setup: BatchSetup;
  label: string;
  finder: RangeTestResult;
  /** Steps the range test trained (recorded points, plus the one that gave a non-finite loss). */
  finderSteps: number;
  stepsPerEpoch: number;
  specs: MethodSpec[];
}

/**
 * Range test + one-cycle or WSD against learning-rate-free and schedule-free optimizers at their
 * defaults, same epochs, on every setup; accuracy by epoch and compute including the tuning.
 * Verdict: {@link lrFreeVerdict}. Papers: Smith 2017 (range test), Smith & Topin 2019 (one-cycle),
 * Hägele et al. 2024 (WSD), Defazio et al. 2024 "The Road Less Scheduled" (schedule-free),
 * Defazio & Mishchenko 2023 (D-Adaptation), Mishchenko & Defazio 2024 (Prodigy).
 */
export const lrFree: Study<LrFreeConfig> = {
  name: 'lr-free',
  title: 'Range test + schedule against learning-rate-free methods',
  claim: 'A learning rate found by the range test, with a one-cycle or WSD schedule, beats learning-rate-free methods at the same epochs; learning-rate-free methods get within a small margin with no tuning at all.',
  configSchema: lrFreeConfigSchema,
  presets: {
    quick: {
      ...common,
      setups: [{ data: 'mnist', trainSize: 5000, valSize: 2000, model: 'mlp', hidden: [128], batchSize: 64 }],
      epochs: 3, seeds: 2,
    },
    full: {
      ...common,
      setups: [
        { data: 'mnist', trainSize: 20000, valSize: 5000, model: 'mlp', hidden: [256], batchSize: 64 },
        { data: 'fashion-mnist', trainSize: 20000, valSize: 5000, model: 'mlp', hidden: [256], batchSize: 64 },
        { data: 'mnist', trainSize: 10000, valSize: 2000, model: 'cnn', batchSize: 64 },
        { data: 'fashion-mnist', trainSize: 10000, valSize: 2000, model: 'cnn', batchSize: 64 },
      ],
      epochs: 5, seeds: 2,
    },
  },
  run: runLrFree,
};

async function runLrFree(c: LrFreeConfig, ctx: StudyContext): Promise<StudyOutput> {
  const seeds = seedList(ctx.seed, c.seeds);
  const sgd = { name: 'momentum' as const, momentum: c.momentum };
  const runs: SetupRun[] = [];
  for (const [k, setup] of c.setups.entries()) {
    ctx.progress({ label: `lr-free: range test on ${setupLabel(setup)}`, done: k, total: c.setups.length });
    const { finder, stepsPerEpoch } = await withTrainer(trialConfig(setup, { optimizer: sgd, schedule: c.finder.startLr, epochs: 1, seed: seeds[0] }), ctx,
      async (t) => ({ finder: await rangeTest(t, { ...c.finder }), stepsPerEpoch: t.stepsPerEpoch }));
    const specs = methodSpecs({ suggestedLr: finder.suggested?.lr ?? null, stepsPerEpoch, epochs: c.epochs, momentum: c.momentum, adamLr: c.adamLr, wsd: c.wsd });
    runs.push({ setup, label: setupLabel(setup), finder, finderSteps: finder.lrs.length + (finder.stopReason === 'nan' ? 1 : 0), stepsPerEpoch, specs });
  }
  const trials: TrialSpec[] = runs.flatMap((r, k) => r.specs.flatMap((m) => seeds.map((seed) => ({
    id: trialId(k, m.name, seed),
    // The data subset is fixed (dataSeed) so seeds vary only the initialisation and batch order.
    config: trialConfig(r.setup, { optimizer: m.optimizer, schedule: m.schedule, epochs: c.epochs, seed, dataSeed: seeds[0] }),
  }))));
  ctx.progress({ label: `lr-free: ${trials.length} training runs`, done: 0, total: trials.length });
  const { byId, errors } = indexOutcomes(await ctx.runTrials(trials));
  ctx.progress({ done: trials.length });

  const measured = runs.map((r, k) => measureSetup(r, k, seeds, byId, c));
  const setupResults: SetupResult[] = measured.map((m) => ({
    label: m.run.label, suggestedLr: m.run.finder.suggested?.lr ?? null,
    methods: m.methods.map((x) => ({ name: METHODS[x.name].label, group: METHODS[x.name].group, finals: x.finals })),
  }));
  const verdict = lrFreeVerdict(setupResults, c.margin);

  const figures = measured.flatMap((m, k) => setupFigures(m, k, seeds.length, c.epochs));
  const judgedBy = new Map(verdict.judged.map((j) => [j.label, j]));
  const rows = measured.flatMap((m) => {
    const best = judgedBy.get(m.run.label)?.finder?.mean ?? null;
    return m.methods.map((x) => {
      const range = minMax(x.finals);
      const f = x.finals.length > 0 ? mean(x.finals) : null;
      return [m.run.label, METHODS[x.name].label, pct(f), range && x.finals.length > 1 ? `${pct(range[0])}–${pct(range[1])}` : null,
        f !== null && best !== null ? pp(f - best) : null, x.trainSteps, x.tuningSteps, x.trainSteps + x.tuningSteps, x.statuses.join('/')];
    });
  });
  const gridNote = `A grid of ${c.gridPoints} LRs instead of the range test would cost ${c.gridPoints}× the training (${c.gridPoints * c.epochs} epochs per setup and seed).`;
  const method = `On ${c.setups.map(describeSetup).join('; ')}: one LR range test per setup (SGD with momentum ${c.momentum}, ${c.finder.steps} batches, LR ${sig(c.finder.startLr)} → ${sig(c.finder.endLr)}, exponential; suggestion = median of the rules), ` +
    `then ${c.epochs} epochs with ${seeds.length} seed(s) each (same data subset) of: ${METHODS['finder-onecycle'].label} (one-cycle peaking at 3 × the suggestion, as lrlab find recommends), ` +
    `${METHODS['finder-wsd'].label} (stable at the suggestion, ${pct(c.wsd.warmupFraction)} linear warmup, ${c.wsd.decayShape} decay over the last ${pct(c.wsd.decayFraction)}), ` +
    `Adam at lr ${sig(c.adamLr)}, and at their authors' defaults with no tuning: schedule-free SGD and AdamW, Prodigy, D-Adaptation SGD and Adam. ` +
    `The finder's compute counts its range-test steps. The finder beats the learning-rate-free methods when the best of each side differ by more than max(${sig(100 * MIN_NOISE, 2)} pp, 2 SE); ` +
    `they are within the margin when at most ${sig(100 * Math.max(c.margin, MIN_NOISE), 2)} pp behind. ${gridNote}`;
  return {
    method,
    figures,
    table: { columns: ['setup', 'method', 'final val. accuracy', 'seed range', 'vs best finder run', 'training steps', 'tuning steps', 'total steps', 'runs'], rows },
    verdict: { status: verdict.status, text: verdict.text + errorNote(errors) },
    data: {
      config: c, seeds, backend: ctx.backend, judged: verdict.judged,
      setups: measured.map((m) => ({
        setup: m.run.setup, label: m.run.label, stepsPerEpoch: m.run.stepsPerEpoch, rangeTest: finderData(m.run.finder), rangeTestSteps: m.run.finderSteps,
        gridSteps: c.gridPoints * c.epochs * m.run.stepsPerEpoch,
        methods: m.methods.map((x) => ({ name: x.name, label: METHODS[x.name].label, group: METHODS[x.name].group, spec: m.run.specs.find((s) => s.name === x.name), finals: x.finals, meanPerEpoch: x.perEpoch, dPerEpoch: x.d, trainSteps: x.trainSteps, tuningSteps: x.tuningSteps })),
      })),
      trials: trials.map((t) => { const o = byId.get(t.id); return o ? trialRecord(o) : { id: t.id, status: 'missing' }; }),
      errors,
    },
  };
}

interface MethodMeasure {
  name: MethodName;
  finals: number[];
  /** Mean validation accuracy after each epoch over the seeds that finished; min and max per epoch. */
  perEpoch: number[];
  band: [number, number][];
  /** Mean adapted step size d after each epoch (prodigy, D-Adaptation), else empty. */
  d: number[];
  trainSteps: number;
  tuningSteps: number;
  statuses: string[];
}

function measureSetup(r: SetupRun, k: number, seeds: number[], byId: Map<string, TrialOutcome>, c: LrFreeConfig): { run: SetupRun; methods: MethodMeasure[] } {
  const methods = r.specs.map((m): MethodMeasure => {
    const outcomes = seeds.map((s) => byId.get(trialId(k, m.name, s)));
    const done = outcomes.filter((o): o is TrialOutcome => finalMetrics(o) !== null && epochRows(o).length === c.epochs);
    const rows = done.map(epochRows);
    const acc = across(rows.map((rs) => rs.map((e) => e.valAccuracy)));
    const ds = rows.map((rs) => rs.map((e) => (e as { d?: number }).d)).filter((xs): xs is number[] => xs.every((x) => typeof x === 'number' && Number.isFinite(x)));
    return {
      name: m.name,
      finals: done.map((o) => finalMetrics(o)!.valAccuracy),
      perEpoch: rows.length > 0 ? acc.mean : [],
      band: rows.length > 0 ? acc.min.map((lo, e) => [lo, acc.max[e]]) : [],
      d: ds.length > 0 ? across(ds).mean : [],
      // Per seed: the trainer's own step counts when a run finished, else the plan.
      trainSteps: rows.length > 0 ? rows[0].reduce((a, e) => a + e.steps, 0) : c.epochs * r.stepsPerEpoch,
      tuningSteps: METHODS[m.name].group === 'finder' ? r.finderSteps : 0,
      statuses: outcomes.map((o) => o?.status ?? 'missing'),
    };
  });
  return { run: r, methods };
}

function setupFigures(m: { run: SetupRun; methods: MethodMeasure[] }, k: number, nSeeds: number, epochs: number): StudyOutput['figures'] {
  const { run } = m;
  const done = m.methods.filter((x) => x.perEpoch.length > 0);
  const figures: StudyOutput['figures'] = [];
  const spe = run.stepsPerEpoch;
  if (done.length > 0) {
    figures.push({
      id: `accuracy-per-epoch-${k}`, title: `Validation accuracy per epoch: ${run.label}`,
      caption: `Mean over ${nSeeds} seed(s)${nSeeds > 1 ? ' (band: min–max)' : ''}; every method trains ${epochs} epochs.`,
      spec: lineChart({
        series: done.map((x) => ({ name: METHODS[x.name].label, points: x.perEpoch.map((y, e) => ({ x: e + 1, y })), ...(nSeeds > 1 ? { band: x.band } : {}) })),
        xTitle: 'epoch', yTitle: 'validation accuracy', title: `${run.label}: accuracy by epoch`,
      }),
    });
    figures.push({
      id: `accuracy-vs-compute-${k}`, title: `Validation accuracy against compute, tuning included: ${run.label}`,
      caption: `The same runs against the optimizer steps spent so far, in epochs (${spe} steps each): the finder's runs start after the ${run.finderSteps} steps of the range test.`,
      spec: lineChart({
        series: done.map((x) => ({ name: METHODS[x.name].label, points: x.perEpoch.map((y, e) => ({ x: (x.tuningSteps + (e + 1) * spe) / spe, y })) })),
        xTitle: 'compute (epochs of training, range test included)', yTitle: 'validation accuracy', title: `${run.label}: accuracy by compute`,
      }),
    });
  }
  const withD = m.methods.filter((x) => x.d.length > 0 && x.d.every((v) => v > 0));
  if (withD.length > 0) {
    figures.push({
      id: `adapted-d-${k}`, title: `The adapted step size d: ${run.label}`,
      caption: 'd at the end of each epoch (mean over seeds), log scale: the step size Prodigy and D-Adaptation estimate in place of a tuned learning rate.',
      spec: lineChart({ series: withD.map((x) => ({ name: METHODS[x.name].label, points: x.d.map((y, e) => ({ x: e + 1, y })) })), xTitle: 'epoch', yTitle: 'd (log scale)', logY: true, title: `${run.label}: adapted d` }),
    });
  }
  if (run.finder.lrs.length > 0) {
    figures.push({
      id: `range-test-${k}`, title: `Range test: ${run.label}`,
      caption: `Training loss against the LR (raw and smoothed); suggestion ${sig(run.finder.suggested?.lr ?? null)} (${run.finder.verdict.reason}).`,
      spec: finderChart(run.finder, { title: `${run.label}: LR range test` }),
    });
  }
  return figures;
}
