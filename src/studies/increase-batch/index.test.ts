import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend.js';
import { increaseBatch, increaseBatchConfigSchema, increaseBatchVariants, type IncreaseBatchConfig } from './index.js';
import { runTrial } from '../../trial/run-trial.js';
import type { StudyContext } from '../study.js';

const tiny: IncreaseBatchConfig = {
  data: 'synthetic:blobs?n=600', trainSize: 400, valSize: 100, model: 'mlp', hidden: [8], seeds: 2,
  optimizer: 'momentum', momentum: 0.9, lr: 0.05, batchSize: 4, epochs: 3, milestones: [1, 2], factor: 5, hybridMaxBatch: 20,
};

describe('increase-batch', () => {
  it('presets are valid; bad configs are rejected naming the field', () => {
    for (const p of ['quick', 'full'] as const) expect(() => increaseBatchConfigSchema.parse(increaseBatch.presets[p])).not.toThrow();
    const bad = (patch: object) => increaseBatchConfigSchema.safeParse({ ...tiny, ...patch }).error?.issues[0].path;
    expect(bad({ milestones: [1, 3] })).toEqual(['milestones']); // 3 is not < epochs
    expect(bad({ batchSize: 41 })).toEqual(['batchSize']); // > 400/10: no room to grow
    expect(bad({ factor: 1 })).toEqual(['factor']);
  });

  it('variants follow the converter: batch ×5 where the LR would ÷5, hybrid decays past its cap', () => {
    const { variants } = increaseBatchVariants(tiny);
    expect(variants.map((v) => v.name)).toEqual(['LR decay', 'batch growth', 'hybrid']);
    // growth: 4 → 20 → 100 (≤ N = 400), LR constant; hybrid cap 20: 4 → 20, then LR 0.05 → 0.01 at epoch 2
    expect(variants[1].batchSchedule).toEqual({ type: 'multistep', batchSize: 4, milestones: [1, 2], factor: 5 });
    expect(variants[1].lrSchedule).toMatchObject({ type: 'constant', lr: 0.05 });
    expect(variants[2].lrSchedule).toMatchObject({ type: 'multistep', milestones: [2] });
    // updates: decay 3·ceil(400/4) = 300; growth 100 + 20 + 4 = 124; hybrid 100 + 20 + 20 = 140
    expect(variants.map((v) => v.plannedUpdates)).toEqual([300, 124, 140]);
  });

  describe('end to end on the engine', () => {
    beforeAll(async () => { await initBackend('cpu'); });
    it('trains every schedule, counts the updates it measured, and computes a verdict', async () => {
    const small = { ...tiny, data: 'synthetic:blobs?n=300', trainSize: 200, valSize: 50 };
      const ctx: StudyContext = {
        preset: 'quick', seed: 3, backend: 'cpu', jobs: 1, outDir: '/nonexistent', progress: () => {},
        runTrials: (trials) => Promise.all(trials.map((t) => runTrial(t))),
      };
      const out = await increaseBatch.run(small, ctx);
      const variants = out.data.variants as Array<{ name: string; updates: number; plannedUpdates: number; finals: number[]; schedule: Array<{ noiseScale: number }> }>;
      // decay 3·ceil(200/4) = 150; growth 50 + ceil(200/20) + ceil(200/100) = 62; hybrid 50 + 10 + 10 = 70
      expect(variants.map((v) => v.updates)).toEqual([150, 62, 70]);
      for (const v of variants) expect(v.finals).toHaveLength(2);
      // Same noise scale every epoch in all three (the converter's invariant): g = 0.05·200/(4·0.1) = 25, then 5, 1.
      for (const v of variants) expect(v.schedule.map((s) => s.noiseScale)).toEqual([expect.closeTo(25, 9), expect.closeTo(5, 9), expect.closeTo(1, 9)]);
      expect(['confirmed', 'nuanced', 'refuted']).toContain(out.verdict.status);
      expect(out.figures.map((f) => f.id)).toEqual(['acc-per-epoch', 'acc-per-update', 'schedules']);
    }, 60_000);
  });
});
