import type { EpochRow } from '../../engine/index.js';
import type { StudyContext, TrialConfig, TrialOutcome, TrialSpec } from '../study.js';

/** What a fake trial reports: epoch rows, or a status. */
export interface FakeResult {
  status?: TrialOutcome['status'];
  epochs?: Array<Record<string, number>>;
  evals?: TrialOutcome['evals'];
  error?: string;
}

/**
 * A StudyContext for tests whose runTrials answers from a function of the trial config, with
 * no training: the studies' wiring (ids, phases, verdicts, figures) runs in milliseconds on
 * numbers whose right answer is known. Records every trial it was asked for.
 */
export function fakeContext(answer: (c: TrialConfig, id: string) => FakeResult, preset: 'quick' | 'full' = 'quick'): StudyContext & { asked: TrialSpec[] } {
  const asked: TrialSpec[] = [];
  return {
    preset, seed: 1, backend: 'cpu', jobs: 1, outDir: '/nonexistent', asked,
    progress: () => {},
    async runTrials(trials: TrialSpec[]): Promise<TrialOutcome[]> {
      asked.push(...trials);
      return trials.map((t) => {
        const r = answer(t.config, t.id);
        const status = r.status ?? 'ok';
        // Only the fields the studies read; the rest of a real row does not matter here.
        const epochs = (r.epochs ?? []) as unknown as EpochRow[];
        return {
          id: t.id, config: t.config, status, seconds: 0.01,
          result: status === 'error' ? null : {
            config: {}, epochs, final: epochs[epochs.length - 1] ?? null, diverged: status === 'diverged', divergedAtStep: null, aborted: false, steps: 0,
          },
          ...(r.evals ? { evals: r.evals } : {}),
          ...(r.error ? { error: r.error } : {}),
        };
      });
    },
  };
}

/** Epoch rows with the given final accuracies (earlier epochs slightly lower), steps = ceil(N/B). */
export function fakeEpochs(epochs: number, valAccuracy: number, trainAccuracy: number, steps = 10): Array<Record<string, number>> {
  return Array.from({ length: epochs }, (_, i) => {
    const f = (i + 1) / epochs;
    return { epoch: i + 1, valAccuracy: valAccuracy * f, trainAccuracy: trainAccuracy * f, valLoss: 1 - valAccuracy * f, trainLoss: 1 - trainAccuracy * f, steps, lr: 0.1, batchSize: 1, seconds: 1, samplesPerSecond: 1 };
  });
}
