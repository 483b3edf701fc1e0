import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { crossover, gapNoise, judgeFit, lrFit, lrFitConfigSchema, type FitPoint } from './lr-fit.js';
import type { StudyContext, TrialOutcome, TrialSpec } from './study.js';

const p = (lr: number, trainAccuracy: number, valAccuracy: number): FitPoint => ({ lr, trainAccuracy, valAccuracy });

describe('crossover', () => {
  it('the doc example: interpolates in log LR', () => {
    // gaps −0.01 → 0.03: f = 0.25 of the way from 10^−2 to 10^0 → 10^−1.5
    const c = crossover([p(0.01, 0.8, 0.81), p(1, 0.99, 0.96)], 0);
    expect(c?.lr).toBeCloseTo(10 ** -1.5, 12);
    expect(c?.between).toEqual([0.01, 1]);
  });
  it('at a level: the first rise above it, unsorted input', () => {
    // gaps: 0.001 → 0.0, 0.01 → 0.01, 0.1 → 0.05; level 0.02 between 0.01 and 0.1: f = 0.01/0.04 → 10^(−2 + 0.25)
    const c = crossover([p(0.1, 1, 0.95), p(0.001, 0.5, 0.5), p(0.01, 0.9, 0.89)], 0.02);
    expect(c?.lr).toBeCloseTo(10 ** -1.75, 12);
  });
  it('null when the gap starts above the level or never reaches it', () => {
    expect(crossover([p(0.01, 0.9, 0.8), p(0.1, 1, 0.8)], 0)).toBeNull();
    expect(crossover([p(0.01, 0.8, 0.8), p(0.1, 0.85, 0.85)], 0)).toBeNull();
  });
});

describe('gapNoise', () => {
  it('two binomial standard errors of the difference', () => {
    // 2·√(0.25/100 + 0.25/100) = 2·√0.005 ≈ 0.1414
    expect(gapNoise(0.5, 0.5, 100, 100)).toBeCloseTo(2 * Math.sqrt(0.005), 12);
    expect(gapNoise(1, 0, 10, 10)).toBe(0);
  });
});

describe('judgeFit', () => {
  // Huge sets: the sampling noise vanishes and only gapTol counts.
  const tol = { gapTol: 0.02, trainSize: 1e12, valSize: 1e12 };
  it('underfit at low LR, overfit above: confirmed', () => {
    const j = judgeFit([p(1e-4, 0.45, 0.47), p(1e-3, 0.87, 0.85), p(1e-2, 1, 0.91), p(1e-1, 1, 0.93)], tol);
    expect(j.status).toBe('confirmed');
    expect(j.underfitAtLow).toBe(true);
    expect(j.overfitAbove).toBe(true);
    // gap 0.02 at 1e-3 is not above the level; 0.09 at 1e-2: f = 0/0.07 → exactly 1e-3
    expect(j.crossTol?.lr).toBeCloseTo(1e-3, 12);
    expect(j.maxGap).toEqual({ lr: 1e-2, gap: 1 - 0.91 });
    expect(j.bestVal.lr).toBe(1e-1);
  });
  it('overfits at every LR with a growing gap: nuanced', () => {
    const j = judgeFit([p(1e-3, 0.9, 0.85), p(1e-2, 0.97, 0.88), p(1e-1, 1, 0.9)], tol);
    expect(j.underfitAtLow).toBe(false);
    expect(j.gapTrend).toBeCloseTo(1, 12);
    expect(j.status).toBe('nuanced');
  });
  it('never overfits: refuted', () => {
    expect(judgeFit([p(1e-3, 0.5, 0.5), p(1e-2, 0.8, 0.79), p(1e-1, 0.9, 0.9)], tol).status).toBe('refuted');
  });
  it('a small gap within the sampling noise of a small training set still counts as underfitting', () => {
    const pts = [p(1e-4, 0.32, 0.296), p(1e-3, 0.84, 0.77), p(1e-2, 0.998, 0.866)];
    // gap 0.024 > 0.02, but noise 2·√(0.32·0.68/500 + 0.296·0.704/1000) ≈ 0.051
    expect(judgeFit(pts, { gapTol: 0.02, trainSize: 500, valSize: 1000 }).status).toBe('confirmed');
    expect(judgeFit(pts, tol).status).toBe('nuanced');
  });
  it('fewer than 3 points: inconclusive', () => {
    expect(judgeFit([p(1e-3, 0.5, 0.5), p(1e-2, 1, 0.8)], tol).status).toBe('inconclusive');
  });
});

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

const runTrialFile = fileURLToPath(new URL('./run-trial.ts', import.meta.url));

describe.skipIf(!existsSync(runTrialFile))('lr-fit end to end (synthetic data, trials run in-process)', () => {
  it('trains the grid and computes its verdict from the numbers it records', async () => {
    const { runTrial } = await import('./run-trial.js');
    const { initBackend } = await import('../engine/index.js');
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
    expect(seen.map((t) => t.config.optimizer.lr)).toEqual([1e-3, expect.closeTo(10 ** -1.5, 12), 1]);
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
