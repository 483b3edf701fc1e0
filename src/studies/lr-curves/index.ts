import * as z from 'zod';
import { rangeTest } from '../../core/finder/index.js';
import { finderChart } from '../../report/charts/finder-chart.js';
import { lineChart } from '../../report/charts/index.js';
import type { Study, StudyContext, StudyOutput, TrialOutcome } from '../study.js';
import { windowMean } from '../../core/stats.js';
import { finderData, withTrainer } from '../shared/finder.js';
import { sig } from '../shared/format.js';
import { CURVE_THRESHOLDS, lrCurvesVerdict, ROLE_NAMES, ROLES, type Role } from './verdict.js';
import { describeSetup, intAtLeast, optimizerSettings, posNum, setupSchema, sgdOrMomentum, trialConfig } from '../shared/setup.js';

const factorsSchema = z.strictObject({
  veryHigh: posNum(),
  high: posNum(),
  low: posNum(),
  good: posNum(),
});

export const lrCurvesConfigSchema = z.strictObject({
  setup: setupSchema,
  /** Plain SGD (the picture is about the LR alone) or SGD with momentum. */
  optimizer: sgdOrMomentum(),
  epochs: intAtLeast(1),
  /** Each LR = factor × the range test's suggested LR. */
  factors: factorsSchema,
  finder: z.strictObject({ startLr: posNum(), endLr: posNum(), steps: intAtLeast(10) }),
}).check((ctx) => {
  if (ctx.value.finder.endLr <= ctx.value.finder.startLr) ctx.issues.push({ code: 'custom', path: ['finder', 'endLr'], message: 'must be greater than startLr', input: ctx.value.finder.endLr });
});
export type LrCurvesConfig = z.output<typeof lrCurvesConfigSchema>;

const FACTORS = { veryHigh: 30, high: 3, low: 1 / 30, good: 1 };

/**
 * Loss against step for LRs placed at ×30, ×3, ÷30 and ×1 the range test's suggestion (cs231n's picture).
 * Verdict: {@link lrCurvesVerdict} — how many of the four curves get the predicted label (judgeCurves).
 * Source: Stanford CS231n notes, "Neural Networks Part 3: Learning and Evaluation" (the loss-vs-epoch sketch).
 */
export const lrCurves: Study<LrCurvesConfig> = {
  name: 'lr-curves',
  title: 'Loss curves for a very high, high, low and good learning rate',
  claim: 'A very high learning rate makes the loss explode or stall high; a high one drops fast, then gets stuck at a worse loss; a low one decreases slowly, almost linearly; a good one drops fast and keeps improving.',
  configSchema: lrCurvesConfigSchema,
  presets: {
    quick: {
      setup: { data: 'mnist', trainSize: 5000, valSize: 1000, model: 'mlp', hidden: [128], batchSize: 64 },
      optimizer: 'sgd', epochs: 3, factors: FACTORS, finder: { startLr: 1e-5, endLr: 10, steps: 100 },
    },
    full: {
      setup: { data: 'mnist', trainSize: 20000, valSize: 5000, model: 'mlp', hidden: [256], batchSize: 64 },
      optimizer: 'sgd', epochs: 5, factors: FACTORS, finder: { startLr: 1e-5, endLr: 10, steps: 200 },
    },
  },
  run: runLrCurves,
};

async function runLrCurves(c: LrCurvesConfig, ctx: StudyContext): Promise<StudyOutput> {
  const seed = ctx.seed;
  const optimizer = optimizerSettings(c.optimizer);
  ctx.progress({ label: 'lr-curves: range test', done: 0, total: 5 });
  const finder = await withTrainer(trialConfig(c.setup, { optimizer, schedule: c.finder.startLr, epochs: 1, seed }), ctx,
    (t) => rangeTest(t, { ...c.finder }));
  ctx.progress({ done: 1 });
  const suggested = finder.suggested;
  const method = `Range test (${c.finder.steps} batches, LR ${sig(c.finder.startLr)} → ${sig(c.finder.endLr)}, exponential) on ${describeSetup(c.setup)}, optimizer ${c.optimizer}. `
    + `Then ${c.epochs} epochs from the same initial weights at ${ROLES.map((r) => `${ROLE_NAMES[r]} = ×${sig(c.factors[r])}`).join(', ')} the suggested LR, recording every step's training loss. `
    + `Each curve is read in windows of ${CURVE_THRESHOLDS.window * 100}% of the steps and labelled against the curve with the lowest final loss: good (final within ${CURVE_THRESHOLDS.goodTol * 100}% of it), fast-then-stuck (as low or lower at ${CURVE_THRESHOLDS.early * 100}% of the steps, higher at the end), slow (higher at both), explodes or plateau-high; then compared with the shape the picture predicts.`;
  if (suggested === null) {
    const { status, text } = lrCurvesVerdict({ suggested: null, rangeTest: finder.verdict });
    return {
      method,
      figures: [{ id: 'range-test', title: 'Range test', caption: 'The range test gave no suggestion.', spec: finderChart(finder) }],
      verdict: { status, text },
      data: { config: c, seed, backend: ctx.backend, rangeTest: finderData(finder) },
    };
  }
  const base = suggested.lr;
  const lrs = Object.fromEntries(ROLES.map((r) => [r, base * c.factors[r]])) as Record<Role, number>;
  const outcomes = await ctx.runTrials(ROLES.map((role) => ({
    id: role,
    config: trialConfig(c.setup, { optimizer, schedule: lrs[role], epochs: c.epochs, seed, recordStepLosses: true }),
  })));
  ctx.progress({ done: 5 });
  const byRole = Object.fromEntries(ROLES.map((r, i) => [r, outcomes[i]])) as Record<Role, TrialOutcome>;
  const failed = outcomes.filter((o) => o.status === 'error');
  const curves = Object.fromEntries(ROLES.map((r) => [r, { lr: lrs[r], losses: byRole[r].stepLosses ?? [], diverged: byRole[r].status === 'diverged' }])) as Record<Role, { lr: number; losses: number[]; diverged: boolean }>;
  const { status, text, judged } = lrCurvesVerdict({ suggested, rangeTest: finder.verdict, factors: c.factors, failed, curves });
  if (judged === null) {
    return {
      method, figures: [],
      verdict: { status, text },
      data: { config: c, seed, backend: ctx.backend, rangeTest: finderData(finder), lrs, outcomes },
    };
  }

  const series = ROLES.map((r) => {
    const losses = byRole[r].stepLosses ?? [];
    const cut = losses.findIndex((l) => !Number.isFinite(l));
    const xs = cut < 0 ? losses : losses.slice(0, cut);
    const w = Math.max(1, Math.round(xs.length * 0.02));
    // A short moving average: single-batch losses are too noisy to read the shape by eye.
    return { name: `${ROLE_NAMES[r]} (lr ${sig(lrs[r])})`, points: xs.map((_, i) => ({ x: i + 1, y: windowMean(xs, i - w + 1, i + 1) })).filter((p) => p.y > 0) };
  });
  return {
    method,
    figures: [
      { id: 'loss-vs-step', title: 'Training loss against step', caption: `Per-step training loss (moving average over 2% of the steps) for the four LRs; ${c.epochs} epochs, batch size ${c.setup.batchSize}.`, spec: lineChart({ series, xTitle: 'step', yTitle: 'training loss (log scale)', logY: true, title: 'Loss against step for four learning rates' }) },
      { id: 'range-test', title: 'Range test', caption: 'The range test that placed the four LRs; dashed lines mark them.', spec: finderChart({ ...finder, suggestions: Object.fromEntries(ROLES.map((r) => [`${ROLE_NAMES[r]} ×${sig(c.factors[r])}`, { lr: lrs[r] }])), suggested: null }, { title: 'Range test and the four LRs' }) },
    ],
    table: {
      columns: ['curve', 'lr', 'initial loss', 'loss at 10%', 'final loss', 'share of drop in first quarter', 'label', 'expected', 'matches'],
      rows: judged.judgements.map((j) => [ROLE_NAMES[j.role], sig(j.lr), sig(j.features.initial), sig(j.features.early), sig(j.features.final), Number.isFinite(j.features.earlyShare) ? sig(j.features.earlyShare, 2) : null, j.label, j.expected.join(' / '), j.matches ? 'yes' : 'no']),
    },
    verdict: { status, text },
    data: {
      config: c, seed, backend: ctx.backend, thresholds: CURVE_THRESHOLDS,
      rangeTest: finderData(finder), suggestedLr: base, lrs,
      judgements: judged.judgements,
      curves: Object.fromEntries(ROLES.map((r) => [r, { status: byRole[r].status, stepLosses: byRole[r].stepLosses ?? [], result: byRole[r].result, seconds: byRole[r].seconds }])),
    },
  };
}
