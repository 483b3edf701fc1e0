import type { VerdictStatus } from '../study.js';
import { sig, pct, pp } from '../shared/format.js';
import { mean, minMax } from '../../core/stats.js';

/** One schedule's measurements: final validation accuracy per seed and parameter updates. */
export interface VariantResult {
  name: string;
  finals: number[];
  updates: number;
  /** Mean validation accuracy per epoch (for the per-epoch comparison). */
  perEpoch: number[];
}

/** Smallest tolerance when the seeds happen to agree closely: half a percentage point. */
export const MIN_TOLERANCE = 0.005;

/**
 * Verdict on "instead of decaying the LR, increase the batch size" (Smith et al. 2018): the
 * growing-batch schedule should reach the LR-decay baseline's accuracy with fewer parameter updates.
 *
 * Tolerance: the baseline's seed-to-seed spread (max − min of its final accuracies), at least
 * MIN_TOLERANCE. A variant "matches" when its mean final accuracy is no more than the tolerance
 * below the baseline's mean. Status: confirmed when the batch-growth variant matches with fewer
 * updates; nuanced when only the hybrid matches, or matches without saving updates; refuted when
 * neither matches; inconclusive when the baseline has no finished run.
 */
export function increaseBatchVerdict(decay: VariantResult, others: VariantResult[]): { status: VerdictStatus; text: string; tolerance: number | null } {
  if (decay.finals.length === 0) return { status: 'inconclusive', text: 'The LR-decay baseline has no finished run.', tolerance: null };
  const spread = minMax(decay.finals)!;
  const tolerance = Math.max(spread[1] - spread[0], MIN_TOLERANCE);
  const base = mean(decay.finals);
  const parts = [`LR decay: ${pct(base)} (seeds ${pct(spread[0])}–${pct(spread[1])}), ${decay.updates} updates.`];
  const verdicts = others.map((v) => {
    if (v.finals.length === 0) {
      parts.push(`${v.name}: no finished run.`);
      return { v, matches: false, fewer: false };
    }
    const m = mean(v.finals);
    const d = m - base;
    const n = Math.min(v.perEpoch.length, decay.perEpoch.length);
    const gap = n > 0 ? mean(v.perEpoch.slice(0, n).map((a, i) => Math.abs(a - decay.perEpoch[i]))) : NaN;
    const matches = d >= -tolerance;
    const fewer = v.updates < decay.updates;
    parts.push(`${v.name}: ${pct(m)} (${pp(d)}; ${matches ? 'within' : 'outside'} the tolerance of ${sig(100 * tolerance, 2)} pp), ` +
      `${v.updates} updates (${sig(decay.updates / v.updates)}× fewer), per-epoch accuracy ${sig(100 * gap, 2)} pp from the baseline on average.`);
    return { v, matches, fewer };
  });
  const growth = verdicts[0];
  const rest = verdicts.slice(1);
  let status: VerdictStatus;
  if (growth && growth.matches && growth.fewer) status = 'confirmed';
  else if ((growth && growth.matches) || rest.some((x) => x.matches)) status = 'nuanced';
  else status = 'refuted';
  const lead = status === 'confirmed'
    ? `Growing the batch instead of decaying the LR reached the baseline's accuracy with ${sig(decay.updates / growth.v.updates)}× fewer parameter updates.`
    : status === 'nuanced'
      ? 'Only part of the claim holds.'
      : 'Growing the batch did not reach the LR-decay accuracy.';
  return { status, text: `${lead} ${parts.join(' ')}`, tolerance };
}
