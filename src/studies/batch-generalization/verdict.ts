import type { VerdictStatus } from '../study.js';
import { sig, pct, pp } from '../shared/format.js';

/** One batch size at its tuned LR: mean final accuracies over seeds and their spread. */
export interface BatchRow {
  batchSize: number;
  lr: number;
  valAccuracy: number;
  trainAccuracy: number;
  /** max − min of the final validation accuracy over seeds (0 with one seed). */
  valSpread: number;
  /** Sample std of the final validation accuracy over seeds, and how many seeds: with both (runs ≥ 2) the verdict measures its noise. */
  valStd?: number;
  runs?: number;
}

/** Smallest tolerance: half a percentage point (the seeds may agree by chance). */
export const MIN_TOLERANCE = 0.005;

/**
 * Verdict on "past a critical batch size, generalization drops" (Keskar et al. 2017), from each
 * batch size at its own tuned LR. "Large" means at least 10% of the training set, Keskar's setting.
 *
 * Tolerance: the mean over rows of the seed spread (max − min), at least MIN_TOLERANCE — the
 * typical seed-to-seed noise, not one unlucky row's. The reference is the
 * small batch (< 10% of N) with the best validation accuracy; a batch "drops" when its validation
 * accuracy is more than the tolerance below it. The critical batch is the smallest batch above
 * the reference that drops.
 * - no large batch drops → refuted;
 * - a large batch drops while its training accuracy falls by less than half as much (the
 *   train–test gap widens) → confirmed: a generalization gap, as Keskar et al. report;
 * - it drops but training accuracy falls as much → nuanced: the large batch fits the training
 *   set worse too, so the loss is (also) optimization, not only generalization;
 * - no small or no large batch in the grid → inconclusive.
 * - underpowered: no large batch drops clearly, and for one of them the drop (ref − row) lies within
 *   2·√2·SE of the tolerance (SE: the standard error of a seed mean, pooled over the rows: √(mean of
 *   std²/runs)), so the seeds' noise decides between "drops" and "holds". Needs `valStd` and
 *   `runs` ≥ 2 on the rows; otherwise the noise is not measured and the verdict is as above.
 */
export function generalizationVerdict(rows: readonly BatchRow[], trainSize: number): { status: VerdictStatus; text: string; tolerance: number; criticalBatch: number | null } {
  const sorted = [...rows].sort((a, b) => a.batchSize - b.batchSize);
  const large = sorted.filter((r) => r.batchSize >= trainSize / 10);
  const small = sorted.filter((r) => r.batchSize < trainSize / 10);
  const tolerance = Math.max(MIN_TOLERANCE, sorted.reduce((a, r) => a + r.valSpread, 0) / Math.max(1, sorted.length));
  if (small.length === 0 || large.length === 0) {
    return { status: 'inconclusive', text: `Needs batch sizes both below and at or above 10% of the ${trainSize} training examples.`, tolerance, criticalBatch: null };
  }
  const ref = small.reduce((a, b) => (b.valAccuracy > a.valAccuracy ? b : a));
  const drops = (r: BatchRow) => ref.valAccuracy - r.valAccuracy > tolerance;
  // Pooled over rows, like the tolerance: two seeds per row measure one row's noise too roughly.
  const measured = sorted.filter((r) => r.valStd !== undefined && r.runs !== undefined && r.runs > 1);
  const se = measured.length === 0 ? 0 : Math.sqrt(measured.reduce((a, r) => a + (r.valStd as number) ** 2 / (r.runs as number), 0) / measured.length);
  const noise = 2 * Math.SQRT2 * se;
  const undecided = (r: BatchRow): boolean => Math.abs(ref.valAccuracy - r.valAccuracy - tolerance) < noise;
  const critical = sorted.find((r) => r.batchSize > ref.batchSize && drops(r)) ?? null;
  const list = sorted.map((r) => `${r.batchSize}: ${pct(r.valAccuracy)} (train ${pct(r.trainAccuracy)})`).join(', ');
  const head = `Validation accuracy by batch size, each at its tuned LR: ${list}. Best small batch: ${ref.batchSize} (${pct(ref.valAccuracy)}); tolerance ${sig(100 * tolerance, 2)} pp.`;
  const dropping = large.filter(drops);
  const open = large.filter(undecided);
  if (open.length > 0 && !dropping.some((r) => !undecided(r))) {
    const w = open.reduce((a, b) => (b.valAccuracy < a.valAccuracy ? b : a));
    return {
      status: 'underpowered', tolerance, criticalBatch: null,
      text: `${head} This preset cannot decide: at batch ${w.batchSize} validation accuracy is ${pp(w.valAccuracy - ref.valAccuracy)} against batch ${ref.batchSize}, `
        + `and that differs from the tolerance by less than 2 standard errors of a difference of seed means (${sig(100 * noise, 2)} pp, the seed spread pooled over batch sizes), while no large batch drops beyond that noise. More seeds or more data would decide it.`,
    };
  }
  if (dropping.length === 0) {
    return { status: 'refuted', text: `${head} No batch of 10% of the data or more is worse by more than the tolerance.`, tolerance, criticalBatch: null };
  }
  const worst = dropping.reduce((a, b) => (b.valAccuracy < a.valAccuracy ? b : a));
  const valDrop = ref.valAccuracy - worst.valAccuracy;
  const trainDrop = ref.trainAccuracy - worst.trainAccuracy;
  const gapRef = ref.trainAccuracy - ref.valAccuracy, gapWorst = worst.trainAccuracy - worst.valAccuracy;
  const facts = `At batch ${worst.batchSize} validation accuracy is ${pp(-valDrop)} and training accuracy ${pp(-trainDrop)} against batch ${ref.batchSize}; ` +
    `the train–test gap goes from ${pp(gapRef)} to ${pp(gapWorst)}. Accuracy first drops beyond the tolerance at batch ${critical?.batchSize}.`;
  if (trainDrop < valDrop / 2) {
    return { status: 'confirmed', text: `${head} ${facts} Training accuracy holds while test accuracy falls: a generalization gap, as Keskar et al. report.`, tolerance, criticalBatch: critical?.batchSize ?? null };
  }
  return {
    status: 'nuanced',
    text: `${head} ${facts} Training accuracy falls as much as test accuracy, so under this budget the large batches fit the training set worse too: the drop is (at least partly) optimization, not only generalization.`,
    tolerance, criticalBatch: critical?.batchSize ?? null,
  };
}
