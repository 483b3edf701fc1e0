import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend.js';
import { runTrial } from '../../trial/run-trial.js';
import type { StudyContext } from '../study.js';
import { cosineSpec, wsdBudgets, wsdBudgetsConfigSchema, type WsdBudgetsConfig } from './index.js';

// 200 rows, batch 20 → 10 steps per epoch.
const tiny: WsdBudgetsConfig = {
  setup: { data: 'synthetic:blobs?n=300', trainSize: 200, valSize: 60, model: 'mlp', hidden: [8], batchSize: 20 },
  optimizer: 'momentum', lr: 0.1, budgets: [1, 2, 3], decayFraction: 0.2, decayShape: '1-sqrt', seeds: 2, margin: 0.01,
};

describe('wsd-budgets', () => {
  it('presets are valid; bad configs are rejected naming the field', () => {
    for (const p of ['quick', 'full'] as const) expect(() => wsdBudgetsConfigSchema.parse(wsdBudgets.presets[p])).not.toThrow();
    const bad = (patch: object) => wsdBudgetsConfigSchema.safeParse({ ...tiny, ...patch }).error?.issues[0].path;
    expect(bad({ budgets: [2, 1] })).toEqual(['budgets']);
    expect(bad({ decayFraction: 1 })).toEqual(['decayFraction']);
    expect(bad({ decayShape: 'step' })).toEqual(['decayShape']);
    expect(bad({ margin: -0.1 })).toEqual(['margin']);
  });

  it('a cosine run goes from lr to 0 over exactly its budget', () => {
    // 3 epochs × 10 steps
    expect(cosineSpec(tiny, 3)).toEqual({ type: 'cosine', lr: 0.1, tMax: 30, etaMin: 0 });
  });

  describe('end to end on the engine', () => {
    beforeAll(async () => { await initBackend('cpu'); });
    it('one cosine trial per budget and seed, one branched run per seed, compute counted, verdict computed', async () => {
      const ctx: StudyContext = {
        preset: 'quick', seed: 5, backend: 'cpu', jobs: 1, outDir: '/nonexistent', progress: () => {},
        runTrials: (trials) => Promise.all(trials.map((t) => runTrial(t))),
      };
      const out = await wsdBudgets.run(tiny, ctx);
      const trials = out.data.trials as { id: string; status: string }[];
      expect(trials.map((t) => t.id)).toEqual(['cosine-e1-s5', 'cosine-e1-s6', 'cosine-e2-s5', 'cosine-e2-s6', 'cosine-e3-s5', 'cosine-e3-s6']);
      expect(trials.every((t) => t.status === 'ok')).toBe(true);
      // Branched: the 30-step run plus the decays of 10 (round(0.2·10) = 2) and 20 (4) = 36; separate: 10 + 20 + 30 = 60.
      expect(out.data.compute).toEqual({ branchedSteps: 36, separateSteps: 60 });
      const branched = out.data.branched as { seed: number; branches: { decayStart: number }[]; config: { seed: number; version: string } }[];
      expect(branched.map((b) => b.seed)).toEqual([5, 6]);
      expect(branched[0].branches.map((b) => b.decayStart)).toEqual([8, 16, 24]);
      expect(branched[1].config.seed).toBe(6);
      expect(['confirmed', 'nuanced', 'refuted']).toContain(out.verdict.status);
      expect(out.figures.map((f) => f.id)).toEqual(['accuracy-vs-budget', 'schedules', 'compute']);
      expect(out.table?.rows).toHaveLength(3);
    }, 60_000);
  });
});
