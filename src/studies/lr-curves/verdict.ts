import { windowMean } from '../../core/stats.js';
import { sig } from '../shared/format.js';
import type { VerdictStatus } from '../study.js';

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

/** The roles in words, as the text and the charts name them. */
export const ROLE_NAMES: Record<Role, string> = { veryHigh: 'very high', high: 'high', low: 'low', good: 'good' };

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

/** One trained curve: its LR, per-step training losses and whether the run reported divergence. */
export interface CurveRun {
  lr: number;
  losses: readonly number[];
  diverged: boolean;
}

/** The four curves judged: each curve's label, how many match the picture, and the reference curve. */
export interface JudgedCurves {
  judgements: CurveJudgement[];
  status: 'confirmed' | 'nuanced' | 'refuted';
  matched: number;
  bestRole: Role | null;
}

/**
 * Judge the four curves: each is labelled by {@link classifyCurve} against the curve with the lowest
 * final loss among those that did not explode, and compared with the shape the picture predicts
 * (EXPECTED). Status: all four match → confirmed; two or three → nuanced; fewer → refuted.
 */
export function judgeCurves(curves: Record<Role, CurveRun>): JudgedCurves {
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

/**
 * What the verdict reads: the range test's outcome and, when it placed the four LRs, the trained
 * curves. Without a suggestion nothing else was run.
 */
export type CurvesVerdictInput =
  | {
    suggested: null;
    /** The range test's own verdict, quoted as the reason there is no suggestion. */
    rangeTest: { status: string; reason: string };
  }
  | {
    /** The suggested LR and the rule(s) it is the median of (`from`: one rule, or the two middle ones). */
    suggested: { lr: number; rule: string; from: readonly string[] };
    rangeTest: { status: string; reason: string };
    /** Each role's LR as a multiple of the suggestion. */
    factors: Record<Role, number>;
    /** Trials that ended in an error; any of them makes the verdict inconclusive. */
    failed: readonly { id: string; error?: string }[];
    curves: Record<Role, CurveRun>;
  };

/**
 * The verdict: inconclusive without a suggestion or when a trial failed; otherwise
 * {@link judgeCurves}'s status, with each curve's label and losses in the text and a note when the
 * lowest final loss came from another LR than the suggestion (the reference the others are read against).
 */
export function lrCurvesVerdict(v: CurvesVerdictInput): { status: VerdictStatus; text: string; judged: JudgedCurves | null } {
  if (v.suggested === null) {
    return { status: 'inconclusive', judged: null, text: `The range test gave no suggested LR (its verdict: ${v.rangeTest.status}, ${v.rangeTest.reason}), so the four LRs could not be placed.` };
  }
  if (v.failed.length > 0) {
    return { status: 'inconclusive', judged: null, text: `Trial(s) failed: ${v.failed.map((o) => `${o.id}: ${o.error ?? 'error'}`).join('; ')}.` };
  }
  const judged = judgeCurves(v.curves);
  const lines = judged.judgements.map((j) => {
    const f = j.features;
    return `${ROLE_NAMES[j.role]} (lr ${sig(j.lr)}): ${j.label}${j.matches ? '' : ` (expected ${j.expected.join(' or ')})`} — loss ${sig(f.initial)} → ${sig(f.early)} at 10% → ${sig(f.final)}${f.diverged ? `, diverged after ${f.steps} steps` : ''}`;
  });
  const b = judged.bestRole;
  const factors = v.factors;
  const bestNote = b !== null && b !== 'good'
    ? ` The lowest final loss came from the ${ROLE_NAMES[b]} LR (×${sig(factors[b])}), not the suggestion itself: on this setting and budget the range test's suggestion is ${factors[b] > factors.good ? 'conservative' : 'too aggressive'}, and the curves are labelled against the ${ROLE_NAMES[b]} one.`
    : '';
  const s = v.suggested;
  const text = `${judged.matched} of 4 curves have the predicted shape (suggested LR ${sig(s.lr)} by ${s.from.length === 1 ? `the ${s.rule} rule` : `the ${s.rule} rules`}). ${lines.join('; ')}.${bestNote}`;
  return { status: judged.status, text, judged };
}
