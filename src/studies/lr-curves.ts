import { z } from 'zod';
import { rangeTest } from '../core/finder/index.js';
import { finderChart } from '../report/charts/finder-chart.js';
import { lineChart } from '../report/charts/index.js';
import type { Study, StudyContext, StudyOutput, TrialOutcome } from './study.js';
import { finderData } from './util/a-finder.js';
import { sig } from './util/a-format.js';
import { describeSetup, intAtLeast, positiveNumber, setupSchema, trialConfig, withTrainer } from './util/a-setup.js';
import { windowMean } from './util/a-stats.js';

/** The four learning rates of the cs231n picture, in the order they are drawn. */
export const ROLES = ['veryHigh', 'high', 'low', 'good'] as const;
export type Role = (typeof ROLES)[number];

/** What a loss curve looks like, judged by {@link classifyCurve}. */
export type CurveLabel = 'explodes' | 'plateau-high' | 'fast-then-stuck' | 'slow' | 'good';

/** The shape the cs231n picture predicts for each role. */
export const EXPECTED: Record<Role, readonly CurveLabel[]> = {
  veryHigh: ['explodes', 'plateau-high'],
  high: ['fast-then-stuck'],
  low: ['slow'],
  good: ['good'],
};

const ROLE_NAMES: Record<Role, string> = { veryHigh: 'very high', high: 'high', low: 'low', good: 'good' };

/**
 * Thresholds of {@link classifyCurve}, exported so the verdict text and the docs quote the same numbers.
 * - `window` 0.02: the loss at a point is the mean over 2% of the steps around it (single batches are noisy).
 * - `early` 0.1: the "early" loss is read at 10% of the steps.
 * - `goodTol` 0.1: a curve is "good" when its final loss is at most 10% above the lowest final loss.
 * - `plateauProgress` 0.15, `plateauLate` 0.05: "plateau" when the curve made < 15% of the best
 *   curve's drop and its second half fell < 5% of it.
 */
export const CURVE_THRESHOLDS = { window: 0.02, early: 0.1, goodTol: 0.1, plateauProgress: 0.15, plateauLate: 0.05 } as const;

/** Numbers read off one per-step loss curve (windowed means, see CURVE_THRESHOLDS.window). */
export interface CurveFeatures {
  /** Steps recorded (a diverged run stops early). */
  steps: number;
  diverged: boolean;
  initial: number;
  /** Loss at `early` (10%) of the steps. */
  early: number;
  quarter: number;
  half: number;
  final: number;
  /** (initial − quarter) / (initial − final): the share of the drop done in the first quarter (a straight line: ¼); NaN without a drop. */
  earlyShare: number;
}

/**
 * Read a loss curve: the mean loss over the first and last `window`·n steps and around 10%, 25%
 * and 50% of the steps. `diverged` when the run said so or any loss is not finite; the non-finite
 * tail is cut. Steps are counted in the curve's own length, so compare curves of equal length.
 *
 * @example curveFeatures([4, 3, 2, 1], false) // window 1 step: initial 4, early 4, quarter 3, final 1, earlyShare (4−3)/(4−1) = 1/3
 */
export function curveFeatures(losses: readonly number[], diverged: boolean): CurveFeatures {
  const cut = losses.findIndex((l) => !Number.isFinite(l));
  const xs = cut < 0 ? losses : losses.slice(0, cut);
  const n = xs.length;
  const w = Math.max(1, Math.round(n * CURVE_THRESHOLDS.window));
  const at = (f: number): number => {
    const c = Math.min(n - 1, Math.floor(f * n));
    return windowMean(xs, c - Math.floor(w / 2), c - Math.floor(w / 2) + w);
  };
  const initial = windowMean(xs, 0, w);
  const final = windowMean(xs, n - w, n);
  const quarter = at(0.25);
  const drop = initial - final;
  return {
    steps: n, diverged: diverged || cut >= 0, initial, early: at(CURVE_THRESHOLDS.early), quarter, half: at(0.5), final,
    earlyShare: drop > 0 ? (initial - quarter) / drop : NaN,
  };
}

/**
 * Label one curve against the best curve — the one with the lowest final loss among those that did
 * not explode (the picture's shapes are comparisons: "high" is ahead of the best early and behind it
 * at the end; "low" is behind it all along):
 * - `explodes`: diverged, no finite loss, or the final loss above the initial one;
 * - `good`: final ≤ (1 + goodTol) · best final;
 * - `plateau-high`: progress (initial − final)/(initial − best final) < plateauProgress and the second
 *   half fell less than plateauLate·(initial − best final);
 * - `fast-then-stuck`: its early loss ≤ the best curve's early loss (as fast a start or faster), but it ends above it;
 * - `slow`: behind the best curve early and at the end.
 *
 * @example classifyCurve(curveFeatures([4, 3, 2, 1], false), curveFeatures([4, 3, 2, 1], false)) // 'good'
 */
export function classifyCurve(f: CurveFeatures, best: CurveFeatures | null): CurveLabel {
  const t = CURVE_THRESHOLDS;
  if (f.diverged || f.steps === 0 || !(f.final <= f.initial)) return 'explodes';
  if (!best) return 'good';
  if (f.final <= (1 + t.goodTol) * best.final) return 'good';
  const span = f.initial - best.final;
  if ((f.initial - f.final) / span < t.plateauProgress && (f.half - f.final) / span < t.plateauLate) return 'plateau-high';
  return f.early <= best.early ? 'fast-then-stuck' : 'slow';
}

/** One curve's judgement. */
export interface CurveJudgement {
  role: Role;
  lr: number;
  features: CurveFeatures;
  label: CurveLabel;
  expected: readonly CurveLabel[];
  matches: boolean;
}

/**
 * Judge the four curves: each is labelled by {@link classifyCurve} against the curve with the lowest
 * final loss among those that did not explode, and compared with the shape the picture predicts
 * (EXPECTED). Status: all four match → confirmed; two or three → nuanced; fewer → refuted.
 */
export function judgeCurves(curves: Record<Role, { lr: number; losses: readonly number[]; diverged: boolean }>): { judgements: CurveJudgement[]; status: 'confirmed' | 'nuanced' | 'refuted'; matched: number; bestRole: Role | null } {
  const feats = ROLES.map((role) => ({ role, lr: curves[role].lr, features: curveFeatures(curves[role].losses, curves[role].diverged) }));
  const alive = feats.filter((c) => !c.features.diverged && c.features.steps > 0 && c.features.final <= c.features.initial);
  const best = alive.length > 0 ? alive.reduce((a, b) => (b.features.final < a.features.final ? b : a)) : null;
  const judgements = feats.map((c) => {
    const label = classifyCurve(c.features, best?.features ?? null);
    return { ...c, label, expected: EXPECTED[c.role], matches: EXPECTED[c.role].includes(label) };
  });
  const matched = judgements.filter((j) => j.matches).length;
  return { judgements, matched, bestRole: best?.role ?? null, status: matched === 4 ? 'confirmed' : matched >= 2 ? 'nuanced' : 'refuted' };
}

const factorsSchema = z.strictObject({
  veryHigh: positiveNumber(),
  high: positiveNumber(),
  low: positiveNumber(),
  good: positiveNumber(),
});

export const lrCurvesConfigSchema = z.strictObject({
  setup: setupSchema,
  /** Plain SGD (the picture is about the LR alone) or SGD with momentum. */
  optimizer: z.enum(['sgd', 'momentum'], { error: 'must be sgd or momentum' }),
  epochs: intAtLeast(1),
  /** Each LR = factor × the range test's suggested LR. */
  factors: factorsSchema,
  finder: z.strictObject({ startLr: positiveNumber(), endLr: positiveNumber(), steps: intAtLeast(10) }),
}).check((ctx) => {
  if (ctx.value.finder.endLr <= ctx.value.finder.startLr) ctx.issues.push({ code: 'custom', path: ['finder', 'endLr'], message: 'must be greater than startLr', input: ctx.value.finder.endLr });
});
export type LrCurvesConfig = z.output<typeof lrCurvesConfigSchema>;

const FACTORS = { veryHigh: 30, high: 3, low: 1 / 30, good: 1 };

/**
 * Loss against step for LRs placed at ×30, ×3, ÷30 and ×1 the range test's suggestion (cs231n's picture).
 * Verdict: how many of the four curves get the predicted label from {@link judgeCurves}.
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

async function runLrCurves(config: LrCurvesConfig, ctx: StudyContext): Promise<StudyOutput> {
  const c = lrCurvesConfigSchema.parse(config);
  const seed = ctx.seed;
  const optimizer = (lr: number) => (c.optimizer === 'sgd' ? { name: 'sgd', lr } : { name: 'momentum', lr, momentum: 0.9 });
  ctx.progress({ label: 'lr-curves: range test', done: 0, total: 5 });
  const finder = await withTrainer(trialConfig(c.setup, { optimizer: optimizer(c.finder.startLr), epochs: 1, seed }), ctx,
    (t) => rangeTest(t, { ...c.finder }));
  ctx.progress({ done: 1 });
  const base = finder.suggested?.lr ?? null;
  const method = `Range test (${c.finder.steps} batches, LR ${sig(c.finder.startLr)} → ${sig(c.finder.endLr)}, exponential) on ${describeSetup(c.setup)}, optimizer ${c.optimizer}. `
    + `Then ${c.epochs} epochs from the same initial weights at ${ROLES.map((r) => `${ROLE_NAMES[r]} = ×${sig(c.factors[r])}`).join(', ')} the suggested LR, recording every step's training loss. `
    + `Each curve is read in windows of ${CURVE_THRESHOLDS.window * 100}% of the steps and labelled against the curve with the lowest final loss: good (final within ${CURVE_THRESHOLDS.goodTol * 100}% of it), fast-then-stuck (as low or lower at ${CURVE_THRESHOLDS.early * 100}% of the steps, higher at the end), slow (higher at both), explodes or plateau-high; then compared with the shape the picture predicts.`;
  if (base === null) {
    return {
      method,
      figures: [{ id: 'range-test', title: 'Range test', caption: 'The range test gave no suggestion.', spec: finderChart(finder) }],
      verdict: { status: 'inconclusive', text: `The range test gave no suggested LR (its verdict: ${finder.verdict.status}, ${finder.verdict.reason}), so the four LRs could not be placed.` },
      data: { config: c, seed, backend: ctx.backend, rangeTest: finderData(finder) },
    };
  }
  const lrs = Object.fromEntries(ROLES.map((r) => [r, base * c.factors[r]])) as Record<Role, number>;
  const outcomes = await ctx.runTrials(ROLES.map((role) => ({
    id: role,
    config: trialConfig(c.setup, { optimizer: optimizer(lrs[role]), epochs: c.epochs, seed, recordStepLosses: true }),
  })));
  ctx.progress({ done: 5 });
  const byRole = Object.fromEntries(ROLES.map((r, i) => [r, outcomes[i]])) as Record<Role, TrialOutcome>;
  const failed = outcomes.filter((o) => o.status === 'error');
  if (failed.length > 0) {
    return {
      method, figures: [],
      verdict: { status: 'inconclusive', text: `Trial(s) failed: ${failed.map((o) => `${o.id}: ${o.error ?? 'error'}`).join('; ')}.` },
      data: { config: c, seed, backend: ctx.backend, rangeTest: finderData(finder), lrs, outcomes },
    };
  }
  const judged = judgeCurves(Object.fromEntries(ROLES.map((r) => [r, { lr: lrs[r], losses: byRole[r].stepLosses ?? [], diverged: byRole[r].status === 'diverged' }])) as Record<Role, { lr: number; losses: number[]; diverged: boolean }>);

  const series = ROLES.map((r) => {
    const losses = byRole[r].stepLosses ?? [];
    const cut = losses.findIndex((l) => !Number.isFinite(l));
    const xs = cut < 0 ? losses : losses.slice(0, cut);
    const w = Math.max(1, Math.round(xs.length * 0.02));
    // A short moving average: single-batch losses are too noisy to read the shape by eye.
    return { name: `${ROLE_NAMES[r]} (lr ${sig(lrs[r])})`, points: xs.map((_, i) => ({ x: i + 1, y: windowMean(xs, i - w + 1, i + 1) })).filter((p) => p.y > 0) };
  });
  const lines = judged.judgements.map((j) => {
    const f = j.features;
    return `${ROLE_NAMES[j.role]} (lr ${sig(j.lr)}): ${j.label}${j.matches ? '' : ` (expected ${j.expected.join(' or ')})`} — loss ${sig(f.initial)} → ${sig(f.early)} at 10% → ${sig(f.final)}${f.diverged ? `, diverged after ${f.steps} steps` : ''}`;
  });
  const b = judged.bestRole;
  const bestNote = b !== null && b !== 'good'
    ? ` The lowest final loss came from the ${ROLE_NAMES[b]} LR (×${sig(c.factors[b])}), not the suggestion itself: on this setting and budget the range test's suggestion is ${c.factors[b] > c.factors.good ? 'conservative' : 'too aggressive'}, and the curves are labelled against the ${ROLE_NAMES[b]} one.`
    : '';
  const text = `${judged.matched} of 4 curves have the predicted shape (suggested LR ${sig(base)} by ${finder.suggested?.from.length === 1 ? `the ${finder.suggested.rule} rule` : `the ${finder.suggested?.rule} rules`}). ${lines.join('; ')}.${bestNote}`;
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
    verdict: { status: judged.status, text },
    data: {
      config: c, seed, backend: ctx.backend, thresholds: CURVE_THRESHOLDS,
      rangeTest: finderData(finder), suggestedLr: base, lrs,
      judgements: judged.judgements,
      curves: Object.fromEntries(ROLES.map((r) => [r, { status: byRole[r].status, stepLosses: byRole[r].stepLosses ?? [], result: byRole[r].result, seconds: byRole[r].seconds }])),
    },
  };
}
