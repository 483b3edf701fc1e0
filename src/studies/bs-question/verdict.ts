import type { VerdictStatus } from '../study.js';
import { sig, secs } from '../shared/format.js';

/** One batch size at its best LR: when it reached the target loss, and how fast it processed data. */
export interface SpeedRow {
  batchSize: number;
  lr: number;
  /** Training seconds to the target validation loss (interpolated); null if never reached. */
  secondsToTarget: number | null;
  /** Epochs (samples seen / N) to the target; null if never reached. */
  epochsToTarget: number | null;
  samplesPerSecond: number;
  minLoss: number;
}

/**
 * Verdict on the article's answer "batch 100 converges fastest" among the batch sizes tried:
 * - no batch size reached the target → inconclusive;
 * - the claimed batch reaches it first in wall-clock seconds → confirmed;
 * - it does not, but it needs the fewest epochs → nuanced;
 * - otherwise → refuted.
 * The text gives seconds and epochs to the target and samples/s per batch size, and, when the
 * smallest batch processes data several times slower than the claimed one, says that per-step
 * overhead (not the optimization) decides its wall-clock time.
 */
export function bsQuestionVerdict(rows: readonly SpeedRow[], target: number, claimed: number): { status: VerdictStatus; text: string } {
  const reached = rows.filter((r) => r.secondsToTarget !== null);
  const facts = rows.map((r) => `batch ${r.batchSize} (lr ${sig(r.lr)}): ${r.secondsToTarget === null ? `not reached (best ${sig(r.minLoss)})` : `${secs(r.secondsToTarget)}, ${sig(r.epochsToTarget)} epochs`}, ${sig(r.samplesPerSecond)} samples/s`).join('; ');
  const head = `Time to validation loss ${sig(target)}: ${facts}.`;
  if (reached.length === 0) return { status: 'inconclusive', text: `${head} No batch size reached the target within its budget.` };
  const bySeconds = reached.reduce((a, b) => (b.secondsToTarget! < a.secondsToTarget! ? b : a));
  const byEpochs = reached.reduce((a, b) => (b.epochsToTarget! < a.epochsToTarget! ? b : a));
  const smallest = rows.reduce((a, b) => (b.batchSize < a.batchSize ? b : a));
  const ref = rows.find((r) => r.batchSize === claimed);
  const overhead = ref && smallest.batchSize < claimed && ref.samplesPerSecond > 3 * smallest.samplesPerSecond
    ? ` Batch ${smallest.batchSize} processes ${sig(smallest.samplesPerSecond)} samples/s against ${sig(ref.samplesPerSecond)} at batch ${claimed} (${sig(ref.samplesPerSecond / smallest.samplesPerSecond)}× slower): each step has a fixed cost (kernel dispatch, the loss read back) that a single example cannot amortise, so its wall-clock time is bound by per-step overhead, whatever it gains per epoch.`
    : '';
  const epochNote = byEpochs.batchSize === bySeconds.batchSize ? ` It also needs the fewest epochs.` : ` Per epoch (samples seen) batch ${byEpochs.batchSize} is fastest (${sig(byEpochs.epochsToTarget)} epochs).`;
  let status: VerdictStatus;
  if (bySeconds.batchSize === claimed) status = 'confirmed';
  else if (byEpochs.batchSize === claimed) status = 'nuanced';
  else status = 'refuted';
  return { status, text: `Batch ${bySeconds.batchSize} reaches the target first in wall-clock time (${secs(bySeconds.secondsToTarget)}).${epochNote} ${head}${overhead}` };
}
