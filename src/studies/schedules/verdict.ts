import { across, mean, sampleStd } from '../../core/stats.js';
import { pct, pp } from '../shared/format.js';
import type { VerdictStatus } from '../study.js';
import { LABELS, type ScheduleName } from './specs.js';

/** Per-schedule summary of validation accuracy over seeds. */
export interface ScheduleSummary {
  name: ScheduleName;
  /** Mean over seeds of the validation accuracy after each epoch. */
  perEpoch: number[];
  final: number;
  finalStd: number;
  finals: number[];
  /** Mean accuracy after the epoch at half the budget (⌈E/2⌉). */
  mid: number;
}

/** What the verdict reads. */
export interface SchedulesJudgement {
  status: 'confirmed' | 'nuanced' | 'refuted' | 'inconclusive' | 'underpowered';
  /** The fixed-LR run with the higher final accuracy: the baseline cyclical/SGDR must beat. */
  fixedRef: ScheduleName | null;
  /** Final and half-budget advantage over fixedRef, and whether the final one exceeds the margin. */
  /** `undecided`: it does not help beyond the margin, yet a gain of MIN_MARGIN is within 2 standard errors of its gain. */
  helps: Partial<Record<'triangular2' | 'sgdr', { endGain: number; midGain: number; margin: number; helps: boolean; late: boolean; undecided: boolean }>>;
  best: ScheduleName | null;
  /**
   * multistep's final minus the best final, and whether that is within the margin (or multistep is
   * the best); `undecided`: the shortfall is within 2 standard errors of the margin.
   */
  multistep: { behindBest: number; margin: number; strong: boolean; undecided: boolean } | null;
}

/** Smallest difference in final accuracy that counts: half a percentage point. */
export const MIN_MARGIN = 0.005;

/** Summarise one schedule's runs (`acc[s][e]`: seed s, epoch e+1). Runs that stopped early are left out. */
export function summarise(name: ScheduleName, acc: readonly (readonly number[])[], epochs: number): ScheduleSummary | null {
  const full = acc.filter((a) => a.length === epochs && a.every(Number.isFinite));
  if (full.length === 0) return null;
  const a = across(full);
  const finals = full.map((x) => x[epochs - 1]);
  return { name, perEpoch: a.mean, final: mean(finals), finalStd: sampleStd(finals), finals, mid: a.mean[Math.ceil(epochs / 2) - 1] };
}

/**
 * Judge "cyclical/SGDR help late in training; multistep is the common strong baseline".
 * - margin(a, b) = max(MIN_MARGIN, 2·√(s_a²/n_a + s_b²/n_b)) over the seeds' final accuracies.
 * - triangular2 / SGDR *help* when their final accuracy beats the better fixed LR by more than the
 *   margin; *late* when that final gain is at least their gain at half the budget.
 * - multistep is *strong* when it is the best schedule or behind the best by at most the margin.
 * Status: both cyclical and SGDR help and multistep is strong → confirmed; none helps and multistep is
 * not strong → refuted; anything between → nuanced. Missing schedules → inconclusive.
 * - A "does not help" is *undecided* when the seeds' noise cannot rule out a gain of MIN_MARGIN:
 *   endGain + 2·SE ≥ MIN_MARGIN (SE of the difference of the seed means; 0 with one seed). When
 *   counting an undecided one as helping would change the status → underpowered. Likewise when
 *   multistep's shortfall from the best is within 2·SE of the margin and flipping "strong" would
 *   change the status.
 */
export function judgeSchedules(summaries: readonly ScheduleSummary[]): SchedulesJudgement {
  const by = new Map(summaries.map((s) => [s.name, s]));
  const se = (a: ScheduleSummary, b: ScheduleSummary): number =>
    Math.sqrt((a.finals.length > 1 ? a.finalStd ** 2 / a.finals.length : 0) + (b.finals.length > 1 ? b.finalStd ** 2 / b.finals.length : 0));
  const margin = (a: ScheduleSummary, b: ScheduleSummary): number => Math.max(MIN_MARGIN, 2 * se(a, b));
  const fixed = (['fixed-max', 'fixed-base'] as const).map((n) => by.get(n)).filter((s): s is ScheduleSummary => s !== undefined);
  const ref = fixed.length > 0 ? fixed.reduce((a, b) => (b.final > a.final ? b : a)) : null;
  const best = summaries.length > 0 ? summaries.reduce((a, b) => (b.final > a.final ? b : a)) : null;
  const helps: SchedulesJudgement['helps'] = {};
  for (const n of ['triangular2', 'sgdr'] as const) {
    const s = by.get(n);
    if (!s || !ref) continue;
    const m = margin(s, ref);
    const endGain = s.final - ref.final;
    const midGain = s.mid - ref.mid;
    helps[n] = { endGain, midGain, margin: m, helps: endGain > m, late: endGain > m && endGain >= midGain, undecided: endGain <= m && endGain + 2 * se(s, ref) >= MIN_MARGIN };
  }
  const ms = by.get('multistep');
  const multistep = ms && best ? {
    behindBest: ms.final - best.final, margin: margin(ms, best), strong: ms === best || best.final - ms.final <= margin(ms, best),
    undecided: ms !== best && Math.abs(best.final - ms.final - margin(ms, best)) < 2 * se(ms, best),
  } : null;
  const judged = { fixedRef: ref?.name ?? null, helps, best: best?.name ?? null, multistep };
  if (!ref || !multistep || !helps.triangular2 || !helps.sgdr) return { status: 'inconclusive', ...judged };
  const statusOf = (nHelp: number, strong: boolean) => (nHelp === 2 && strong ? 'confirmed' : nHelp === 0 && !strong ? 'refuted' : 'nuanced');
  const hs = [helps.triangular2, helps.sgdr];
  const decided = hs.filter((h) => h.helps).length;
  const open = hs.filter((h) => h.undecided).length;
  const strongs = multistep.undecided ? [true, false] : [multistep.strong];
  const possible = new Set(strongs.flatMap((strong) => Array.from({ length: open + 1 }, (_, k) => statusOf(decided + k, strong))));
  return { status: possible.size > 1 ? 'underpowered' : statusOf(decided, multistep.strong), ...judged };
}

/** What the verdict reads: the accuracy range test's bounds, the schedules that finished, and every run's status. */
export interface SchedulesVerdictInput {
  /** maxLr and baseLr from the accuracy range test (null: it found none, nothing else ran), and its reason. */
  accuracyTest: { maxLr: number | null; baseLr: number | null; reason: string };
  /** One summary per schedule with at least one finished run. */
  summaries: readonly ScheduleSummary[];
  /** Every schedule's run statuses (one per seed), in the order they are listed. */
  runs: readonly { name: ScheduleName; statuses: readonly string[] }[];
}

/**
 * The verdict: {@link judgeSchedules}'s status, with the better fixed LR, whether triangular2 and
 * SGDR beat it (at the end and at half the budget), where multistep stands, the top three and the
 * runs that did not finish in the text. Inconclusive when the accuracy range test gave no bounds.
 */
export function schedulesVerdict(v: SchedulesVerdictInput): { status: VerdictStatus; text: string; judgement: SchedulesJudgement | null } {
  if (v.accuracyTest.maxLr === null || v.accuracyTest.baseLr === null) {
    return { status: 'inconclusive', judgement: null, text: `The accuracy range test gave no LR bounds (${v.accuracyTest.reason}).` };
  }
  const summaries = v.summaries;
  const judged = judgeSchedules(summaries);
  const failed = v.runs.filter((r) => r.statuses.some((s) => s !== 'ok')).map((r) => `${LABELS[r.name]} (${r.statuses.join('/')})`);
  const parts: string[] = [];
  if (judged.fixedRef) {
    const ref = summaries.find((s) => s.name === judged.fixedRef) as ScheduleSummary;
    parts.push(`The better fixed LR is ${LABELS[ref.name]} at ${pct(ref.final)}.`);
    for (const n of ['triangular2', 'sgdr'] as const) {
      const h = judged.helps[n];
      if (!h) { parts.push(`${LABELS[n]} did not finish.`); continue; }
      const how = h.helps ? (h.late ? 'helps, and the gain is largest at the end' : 'helps, but its gain was already as large at half the budget')
        : h.undecided ? `does not beat it beyond the noise, nor can the noise rule out a gain of ${pp(MIN_MARGIN).replace('+', '')}` : 'does not beat it beyond the noise';
      parts.push(`${LABELS[n]} ${how}: ${pp(h.endGain)} at the end vs ${pp(h.midGain)} at half the budget (noise margin ${pp(h.margin).replace('+', '')}).`);
    }
  }
  if (judged.multistep && judged.best) {
    const best = summaries.find((s) => s.name === judged.best) as ScheduleSummary;
    parts.push(judged.best === 'multistep'
      ? `Multistep is the best schedule (${pct(best.final)}).`
      : `Multistep ends ${pp(judged.multistep.behindBest)} behind the best, ${LABELS[best.name]} (${pct(best.final)}): ${judged.multistep.strong ? 'within the noise, a strong baseline' : 'beyond the noise'}${judged.multistep.undecided ? ` (but within 2 standard errors of the ${pp(judged.multistep.margin).replace('+', '')} margin)` : ''}.`);
  }
  const ranked = [...summaries].sort((a, b) => b.final - a.final);
  if (ranked.length > 0) parts.push(`Top three: ${ranked.slice(0, 3).map((x) => `${LABELS[x.name]} ${pct(x.final)}`).join(', ')}.`);
  if (failed.length > 0) parts.push(`Not every run finished: ${failed.join(', ')}.`);
  if (judged.status === 'underpowered') parts.unshift('This preset cannot decide: whether cyclical or SGDR helps, or whether multistep keeps up with the best, is within the seeds\' noise, and the verdict depends on it.');
  return { status: judged.status, text: parts.join(' ') || 'No schedule finished.', judgement: judged };
}
