import { describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend.js';
import { criticalBatch, type CriticalBatchConfig } from './index.js';
import type { RunResult } from './math.js';
import { runTrial } from '../../trial/run-trial.js';
import type { StudyContext, TrialSpec } from '../study.js';

describe('critical-batch study', () => {
  it('presets are valid; bad configs are rejected naming the field', () => {
    for (const p of ['quick', 'full'] as const) expect(criticalBatch.configSchema.safeParse(criticalBatch.presets[p]).success).toBe(true);
    const bad = (over: Partial<CriticalBatchConfig>) => criticalBatch.configSchema.safeParse({ ...criticalBatch.presets.quick, ...over });
    expect(bad({ batchSizes: [64, 16, 256] }).success).toBe(false);
    expect(bad({ batchSizes: [16, 64] }).success).toBe(false);
    expect(bad({ targetValLoss: -1 }).success).toBe(false);
    const r = bad({ retryFactor: 0.5 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(['retryFactor']);
  });

  it('runs end to end on a tiny synthetic problem with a sequential runTrials', async () => {
    await initBackend('cpu');
    const config: CriticalBatchConfig = {
      data: 'synthetic', trainSize: 256, valSize: 64, model: 'mlp', hidden: [8],
      batchSizes: [4, 16, 64], targetValLoss: 0.8, refBatch: 16, refLr: 0.4, maxLr: 0.8, lrMultipliers: [1],
      budgetExamples: 400, budgetBatch: 64, evalsPerRun: 8, retryFactor: 2, extendGrid: true,
      noise: { bSmall: 8, bBig: 64, steps: 4, curveSteps: 2 },
    };
    const seen: string[] = [];
    const ctx: StudyContext = {
      preset: 'quick', seed: 0, backend: 'cpu', jobs: 1, outDir: '/nonexistent',
      async runTrials(trials: TrialSpec[]) {
        const out = [];
        for (const t of trials) { seen.push(t.id); out.push(await runTrial(t)); }
        return out;
      },
      progress: () => {},
    };
    const out = await criticalBatch.run(config, ctx);
    expect(new Set(seen).size).toBe(seen.length);
    expect(out.table?.rows.map((r) => r[0])).toEqual([4, 16, 64]);
    expect(['confirmed', 'refuted', 'nuanced', 'inconclusive']).toContain(out.verdict.status);
    const data = out.data as { runs: RunResult[]; noiseScale: { count: number; batchSize: number } };
    expect(data.noiseScale).toMatchObject({ count: 4, batchSize: 16 });
    // Blobs reach loss 0.8 at every batch size within the (possibly retried) budget: a fit and both figures.
    expect(out.table?.rows.every((r) => r[2] !== null)).toBe(true);
    expect(out.figures.map((f) => f.id)).toEqual(['steps-vs-examples', 'steps-vs-batch']);
    expect(out.method).toContain('4, 16, 64');
  });
});
