import { mean, sampleStd } from '../../core/stats.js';
import { pct, pp, sig } from '../shared/format.js';
import type { VerdictStatus } from '../study.js';

/** Which side of the claim a method is on: tuned by the range test, learning-rate-free at its defaults, or a default baseline. */
export type MethodGroup = 'finder' | 'lr-free' | 'default';

/** One method's measurements on one setup: final validation accuracy per finished seed. */
export interface MethodResult {
  name: string;
  group: MethodGroup;
  finals: number[];
}

/** One setup's measurements, as the verdict reads them. */
export interface SetupResult {
  /** The setup in a few words (`mnist mlp`). */
  label: string;
  /** The range test's suggestion; null when the test found none (the finder methods did not run). */
  suggestedLr: number | null;
  methods: MethodResult[];
}

/** One setup judged. */
export interface SetupJudgement {
  label: string;
  status: VerdictStatus;
  /** Best finder method and best learning-rate-free method (highest mean final accuracy), or null. */
  finder: { name: string; mean: number } | null;
  lrFree: { name: string; mean: number } | null;
  /** finder − lrFree mean final accuracy. */
  gap: number | null;
  /** What counts as a real difference between the two: max(MIN_NOISE, 2 SE). */
  noise: number | null;
  /** Learning-rate-free methods whose mean is within `margin` of the best finder method. */
  within: string[];
  text: string;
}

/** Smallest difference in final accuracy that counts as real: half a percentage point. */
export const MIN_NOISE = 0.005;

const best = (ms: readonly MethodResult[]): MethodResult | null => {
  const done = ms.filter((m) => m.finals.length > 0);
  return done.length === 0 ? null : done.reduce((a, b) => (mean(b.finals) > mean(a.finals) ? b : a));
};

/** max(MIN_NOISE, 2·√(s_a²/n_a + s_b²/n_b)): seed noise of a difference of two means (0 for single seeds). */
export function differenceNoise(a: readonly number[], b: readonly number[]): number {
  const v = (xs: readonly number[]) => (xs.length > 1 ? sampleStd(xs) ** 2 / xs.length : 0);
  return Math.max(MIN_NOISE, 2 * Math.sqrt(v(a) + v(b)));
}

/**
 * One setup: gap = best finder method − best learning-rate-free method (mean final accuracy).
 * The finder *beats* them when gap > noise; they are *within the margin* when gap ≤ margin.
 * confirmed: beats and within; nuanced: beats but not within (the finder is far ahead), or not
 * beaten (|gap| ≤ noise) — the learning-rate-free methods match it; refuted: gap < −noise (a
 * learning-rate-free method is better); inconclusive: a side has no finished run.
 */
export function judgeSetup(s: SetupResult, margin: number): SetupJudgement {
  const finder = best(s.methods.filter((m) => m.group === 'finder'));
  const lrFree = best(s.methods.filter((m) => m.group === 'lr-free'));
  if (!finder || !lrFree) {
    const why = s.suggestedLr === null ? 'the range test suggested no learning rate' : !finder ? 'no finder-tuned run finished' : 'no learning-rate-free run finished';
    return { label: s.label, status: 'inconclusive', finder: null, lrFree: null, gap: null, noise: null, within: [], text: `${s.label}: inconclusive (${why}).` };
  }
  const f = mean(finder.finals), l = mean(lrFree.finals);
  const gap = f - l;
  const noise = differenceNoise(finder.finals, lrFree.finals);
  const within = s.methods.filter((m) => m.group === 'lr-free' && m.finals.length > 0 && f - mean(m.finals) <= margin).map((m) => m.name);
  const beats = gap > noise;
  const close = gap <= margin;
  const status: VerdictStatus = gap < -noise ? 'refuted' : beats && close ? 'confirmed' : 'nuanced';
  const how = gap < -noise ? `${lrFree.name} beat the finder` : beats ? 'the finder led' : 'no real difference';
  const text = `${s.label}: ${finder.name} ${pct(f)} vs ${lrFree.name} ${pct(l)} (gap ${pp(gap)}, noise ${sig(100 * noise, 2)} pp: ${how}); ` +
    `within ${sig(100 * margin, 2)} pp of the finder: ${within.length > 0 ? within.join(', ') : 'none'}.`;
  return { label: s.label, status, finder: { name: finder.name, mean: f }, lrFree: { name: lrFree.name, mean: l }, gap, noise, within, text };
}

/**
 * Verdict on "a learning rate found by the range test with a one-cycle or WSD schedule beats
 * learning-rate-free methods at the same epochs; learning-rate-free methods get within a small
 * margin with no tuning at all", over every setup ({@link judgeSetup} each, `margin` ≥ MIN_NOISE).
 * Overall: the setups' common status when they agree, nuanced when they differ; setups that
 * are inconclusive are left out unless all are.
 */
export function lrFreeVerdict(setups: readonly SetupResult[], margin: number): { status: VerdictStatus; text: string; judged: SetupJudgement[] } {
  const m = Math.max(margin, MIN_NOISE);
  const judged = setups.map((s) => judgeSetup(s, m));
  const decided = judged.filter((j) => j.status !== 'inconclusive');
  if (decided.length === 0) return { status: 'inconclusive', text: `No setup could be judged. ${judged.map((j) => j.text).join(' ')}`, judged };
  const statuses = new Set(decided.map((j) => j.status));
  const status: VerdictStatus = statuses.size === 1 ? decided[0].status : 'nuanced';
  const count = (st: VerdictStatus) => decided.filter((j) => j.status === st).length;
  const n = decided.length;
  const lead = status === 'confirmed'
    ? `On ${n === 1 ? 'the setup' : `all ${n} setups`}, the range test with a schedule beat the learning-rate-free methods, and the best of them came within ${sig(100 * m, 2)} pp with no tuning.`
    : status === 'refuted'
      ? `A learning-rate-free method beat the range test with a schedule on ${n === 1 ? 'the setup' : `all ${n} setups`}.`
      : statuses.size === 1
        ? `Part of the claim holds on ${n === 1 ? 'the setup' : `all ${n} setups`}: ${nuancedReason(decided, m)}.`
        : `Part of the claim holds: ${count('confirmed')} setup(s) confirm it, ${count('nuanced')} give a mixed answer, ${count('refuted')} refute it.`;
  return { status, text: `${lead} ${judged.map((j) => j.text).join(' ')}`, judged };
}

/** Which half of the claim failed on nuanced setups: the finder did not lead, or led by more than the margin. */
function nuancedReason(js: readonly SetupJudgement[], margin: number): string {
  const tied = js.filter((j) => j.gap !== null && j.noise !== null && j.gap <= j.noise);
  if (tied.length === js.length) return 'the learning-rate-free methods matched the range test with a schedule (no difference beyond the seed noise), so the finder did not beat them';
  if (tied.length === 0) return `the range test with a schedule led, but by more than ${sig(100 * margin, 2)} pp over the best learning-rate-free method`;
  return 'the finder led on some setups by more than the margin and matched the learning-rate-free methods on others';
}
