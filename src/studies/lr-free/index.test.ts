import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../engine/backend.js';
import { runTrial } from '../../trial/run-trial.js';
import type { StudyContext } from '../study.js';
import { lrFree, lrFreeConfigSchema, type LrFreeConfig } from './index.js';
import { METHOD_NAMES } from './methods.js';

// 200 rows, batch 20 → 10 steps per epoch.
const tiny: LrFreeConfig = {
  setups: [{ data: 'synthetic:blobs?n=300', trainSize: 200, valSize: 60, model: 'mlp', hidden: [8], batchSize: 20 }],
  epochs: 2, seeds: 1, momentum: 0.9, finder: { startLr: 1e-4, endLr: 10, steps: 30 },
  wsd: { warmupFraction: 0.05, decayFraction: 0.2, decayShape: '1-sqrt' }, adamLr: 1e-3, margin: 0.01, gridPoints: 5,
};

describe('lr-free', () => {
  it('presets are valid; bad configs are rejected naming the field', () => {
    for (const p of ['quick', 'full'] as const) expect(() => lrFreeConfigSchema.parse(lrFree.presets[p])).not.toThrow();
    const bad = (patch: object) => lrFreeConfigSchema.safeParse({ ...tiny, ...patch }).error?.issues[0].path;
    expect(bad({ setups: [] })).toEqual(['setups']);
    expect(bad({ finder: { startLr: 1, endLr: 0.1, steps: 30 } })).toEqual(['finder', 'endLr']);
    expect(bad({ wsd: { warmupFraction: 0.5, decayFraction: 0.6, decayShape: 'linear' } })).toEqual(['wsd', 'decayFraction']);
    expect(bad({ epochs: 1 })).toEqual(['epochs']);
  });

  describe('end to end on the engine', () => {
    beforeAll(async () => { await initBackend('cpu'); });
    it('one range test per setup, every method trained, compute with the tuning counted, verdict computed', async () => {
      const ctx: StudyContext = {
        preset: 'quick', seed: 2, backend: 'cpu', jobs: 1, outDir: '/nonexistent', progress: () => {},
        runTrials: (trials) => Promise.all(trials.map((t) => runTrial(t))),
      };
      const out = await lrFree.run(tiny, ctx);
      const setup = (out.data.setups as { rangeTestSteps: number; gridSteps: number; stepsPerEpoch: number; rangeTest: { lrs: number[]; suggested: unknown }; methods: { name: string; trainSteps: number; tuningSteps: number; finals: number[] }[] }[])[0];
      expect(setup.stepsPerEpoch).toBe(10);
      // The grid alternative: 5 LRs × 2 epochs × 10 steps.
      expect(setup.gridSteps).toBe(100);
      expect(setup.rangeTestSteps).toBeGreaterThanOrEqual(setup.rangeTest.lrs.length);
      const names = setup.rangeTest.suggested ? [...METHOD_NAMES] : METHOD_NAMES.filter((n) => !n.startsWith('finder'));
      expect(setup.methods.map((m) => m.name)).toEqual(names);
      for (const m of setup.methods) {
        expect(m.trainSteps).toBe(20);
        expect(m.tuningSteps).toBe(m.name.startsWith('finder') ? setup.rangeTestSteps : 0);
      }
      const trials = out.data.trials as { id: string; status: string }[];
      expect(trials.map((t) => t.id)).toEqual(names.map((n) => `s0-${n}-seed2`));
      expect(['confirmed', 'nuanced', 'refuted', 'inconclusive']).toContain(out.verdict.status);
      expect(out.figures.map((f) => f.id)).toContain('accuracy-per-epoch-0');
      expect(out.figures.map((f) => f.id)).toContain('accuracy-vs-compute-0');
    }, 60_000);
  });
});
