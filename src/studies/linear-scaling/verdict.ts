import type { VerdictStatus } from '../study.js';
import { sig, pct, pp } from '../shared/format.js';

/** Scaling rules of the linear-scaling study, in display order. */
export const RULES = ['unchanged', 'linear', 'linear + warmup', 'sqrt', 'LARS'] as const;
export type Rule = (typeof RULES)[number];

/** Mean final validation accuracy of one rule at one k (null: diverged or failed). */
export interface ScalingPoint {
  k: number;
  rule: Rule;
  valAccuracy: number | null;
}

/**
 * Verdict on "multiply the batch by k, multiply the LR by k" (Goyal et al. 2017), judged on
 * Goyal's recipe (×k with gradual warmup) against the k = 1 baseline: the rule holds at k when its
 * accuracy is at most `tolerance` below the baseline. `holdsUpTo` is the largest k such that it
 * holds at every tested k up to it.
 * - holds at every k → confirmed;
 * - holds at the first k > 1 but fails later → nuanced, naming where it stops;
 * - fails at the first k > 1 → refuted.
 * The text also names the best rule at each k and the effect of warmup and LARS.
 */
export function scalingVerdict(baseline: number, points: readonly ScalingPoint[], tolerance: number): { status: VerdictStatus; text: string; holdsUpTo: number; failsAt: number | null } {
  const ks = [...new Set(points.map((p) => p.k))].filter((k) => k > 1).sort((a, b) => a - b);
  const at = (k: number, rule: Rule) => points.find((p) => p.k === k && p.rule === rule)?.valAccuracy ?? null;
  if (ks.length === 0) return { status: 'inconclusive', text: 'No k > 1 was measured.', holdsUpTo: 1, failsAt: null };
  const holds = (k: number) => { const v = at(k, 'linear + warmup'); return v !== null && v >= baseline - tolerance; };
  let holdsUpTo = 1;
  let failsAt: number | null = null;
  for (const k of ks) {
    if (holds(k)) holdsUpTo = k;
    else { failsAt = k; break; }
  }
  const show = (v: number | null) => (v === null ? 'diverged' : `${pct(v)} (${pp(v - baseline)})`);
  const perK = ks.map((k) => {
    const scored = RULES.map((r) => ({ r, v: at(k, r) })).filter((x): x is { r: Rule; v: number } => x.v !== null);
    const best = scored.reduce<{ r: Rule; v: number } | null>((a, b) => (a === null || b.v > a.v ? b : a), null);
    return `k=${k}: ×k+warmup ${show(at(k, 'linear + warmup'))}, best rule: ${best ? `${best.r} ${pct(best.v)}` : 'none'}`;
  }).join('; ');
  const warmupHelps = ks.filter((k) => {
    const w = at(k, 'linear + warmup'), n = at(k, 'linear');
    return w !== null && (n === null || w > n + tolerance);
  });
  const kMax = ks[ks.length - 1];
  const lars = at(kMax, 'LARS'), lin = at(kMax, 'linear + warmup');
  const larsNote = lars === null && !points.some((p) => p.rule === 'LARS') ? ''
    : ` At k=${kMax} LARS reaches ${show(lars)} against ${show(lin)} for ×k with warmup.`;
  const warmNote = warmupHelps.length > 0 ? ` Warmup beats the plain ×k LR by more than the tolerance at k = ${warmupHelps.join(', ')}.` : ' Warmup never beats the plain ×k LR by more than the tolerance.';
  const head = `Baseline (k=1) ${pct(baseline)}; tolerance ${sig(100 * tolerance, 2)} pp. ${perK}.`;
  let status: VerdictStatus;
  let lead: string;
  if (failsAt === null) {
    status = 'confirmed';
    lead = `The linear rule with warmup matches the baseline at every k up to ${kMax}.`;
  } else if (holdsUpTo > 1) {
    status = 'nuanced';
    lead = `The linear rule with warmup holds up to k=${holdsUpTo} and stops holding at k=${failsAt}.`;
  } else {
    status = 'refuted';
    lead = `The linear rule with warmup already misses the baseline at k=${failsAt}.`;
  }
  return { status, text: `${lead} ${head}${warmNote}${larsNote}`, holdsUpTo, failsAt };
}
