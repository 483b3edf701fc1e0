import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lrFit, lrFitConfigSchema } from './index.js';
import { judgeFit } from './verdict.js';
import type { StudyContext, TrialOutcome, TrialSpec } from '../study.js';

describe('lr-fit config', () => {
  it('presets parse', () => {
    expect(lrFitConfigSchema.safeParse(lrFit.presets.quick).success).toBe(true);
    expect(lrFitConfigSchema.safeParse(lrFit.presets.full).success).toBe(true);
  });
  it.each([
    ['gapTol 1', { gapTol: 1 }, 'gapTol'],
    ['gapTol 0', { gapTol: 0 }, 'gapTol'],
    ['no setup', { setup: undefined }, 'setup'],
    ['empty hidden', { setup: { ...lrFit.presets.quick.setup, hidden: [] } }, 'setup.hidden'],
    ['an empty data name', { setup: { ...lrFit.presets.quick.setup, data: '' } }, 'setup.data'],
  ])('rejects %s', (_, patch, path) => {
    const r = lrFitConfigSchema.safeParse({ ...lrFit.presets.quick, ...patch });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path.join('.')).toBe(path);
  });
});

const runTrialFile = fileURLToPath(new URL('../../trial/run-trial.ts', import.meta.url));

describe.skipIf(!existsSync(runTrialFile))('lr-fit end to end (synthetic data, trials run in-process)', () => {
  it('trains the grid and computes its verdict from the numbers it records', async () => {
    const { runTrial } = await import('../../trial/run-trial.js');
    const { initBackend } = await import('../../engine/index.js');
    await initBackend('cpu');
    const seen: TrialSpec[] = [];
    const ctx: StudyContext = {
      preset: 'quick', seed: 3, backend: 'cpu', jobs: 1, outDir: '/nonexistent',
      runTrials: async (trials) => {
        seen.push(...trials);
        const out: TrialOutcome[] = [];
        for (const t of trials) out.push(await runTrial(t));
        return out;
      },
      progress: () => {},
    };
    const config = {
      setup: { data: 'synthetic:blobs?n=300&classes=3', trainSize: 60, valSize: 40, model: 'mlp' as const, hidden: [8], batchSize: 20 },
      optimizer: 'sgd' as const, epochs: 2, grid: { min: 1e-3, max: 1, points: 3 }, seeds: 1, gapTol: 0.02,
    };
    const out = await lrFit.run(config, ctx);
    // grid 1e-3, 1e-3·(1000)^(1/2) ≈ 0.0316, 1
    expect(seen.map((t) => t.config.schedule)).toEqual([1e-3, expect.closeTo(10 ** -1.5, 12), 1]);
    expect(seen.every((t) => t.config.seed === 3 && t.config.dataSeed === 3 && t.config.epochs === 2 && t.config.evaluateTrain === true)).toBe(true);
    const points = out.data.points as { lr: number; seeds: number; trainAccuracy: number; valAccuracy: number }[];
    expect(points).toHaveLength(3);
    expect(out.table?.rows).toHaveLength(3);
    // The verdict is the pure judgement of the recorded points.
    const usable = points.filter((x) => x.seeds > 0);
    expect(out.verdict.status).toBe(judgeFit(usable, { gapTol: 0.02, trainSize: 60, valSize: 40 }).status);
    expect(out.verdict.text.length).toBeGreaterThan(20);
    if (usable.length > 0) expect(out.figures.map((f) => f.id)).toEqual(['accuracy-vs-lr', 'gap-vs-lr']);
  }, 60_000);
});
