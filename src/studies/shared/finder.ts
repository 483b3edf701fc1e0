import type { RangeTestResult } from '../../core/finder/index.js';
import { initBackend, type Trainer } from '../../engine/index.js';
import { buildTrial } from '../../trial/build.js';
import type { StudyContext, TrialConfig } from '../study.js';

/** A range test's numbers for a study's `data`: options, the curve, suggestions, agreement and verdict. */
export function finderData(r: RangeTestResult): Record<string, unknown> {
  return {
    options: r.options, lrs: r.lrs, losses: r.losses, smoothedLosses: r.smoothedLosses, stopReason: r.stopReason, stopLr: r.stopLr,
    suggestions: r.suggestions, suggested: r.suggested, agreement: r.agreement, verdict: r.verdict,
  };
}

/**
 * Build the data subset, initial weights and batch order a trial with this config gets from the
 * sweep engine (`buildTrial`, the one builder), run `fn` on the trainer in this thread, and
 * dispose everything. For measurements that need a live trainer rather than a finished trial
 * (range tests, the noise scale along a run).
 */
export async function withTrainer<T>(config: TrialConfig, ctx: Pick<StudyContext, 'backend'>, fn: (t: Trainer) => Promise<T>): Promise<T> {
  await initBackend(ctx.backend);
  const built = await buildTrial(config);
  try {
    return await fn(built.trainer);
  } finally {
    built.dispose();
  }
}
