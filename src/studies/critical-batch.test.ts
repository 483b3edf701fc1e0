import { describe, expect, it } from 'vitest';
import { fitCriticalBatch } from '../core/batch/index.js';
import { initBackend } from '../engine/backend.js';
import {
  bestPerBatch, criticalBatch, criticalBatchVerdict, fittedCurve, lrGrid, runAveragedNoiseScale, runBudget, stepsToTarget,
  type CriticalBatchConfig, type RunResult,
} from './critical-batch.js';
import { runTrial } from './run-trial.js';
import type { StudyContext, TrialSpec } from './study.js';

const grid = { refBatch: 64, refLr: 0.2, maxLr: 0.8, lrMultipliers: [0.5, 1] };

describe('lrGrid', () => {
  it('centres on the linear rule refLr·B/refBatch, capped at maxLr', () => {
    // B = 16: 0.2·16/64 = 0.05 → 0.025, 0.05
    expect(lrGrid(16, grid)).toEqual([0.025, 0.05]);
    // B = 1024: 0.2·16 = 3.2 > 0.8 → 0.4, 0.8
    expect(lrGrid(1024, grid)).toEqual([0.4, 0.8]);
    // 4 significant digits: B = 48 → 0.15, ×[1/3, 1] → 0.05, 0.15
    expect(lrGrid(48, { ...grid, lrMultipliers: [1 / 3, 1] })).toEqual([0.05, 0.15]);
  });
});

describe('runBudget', () => {
  const c = { budgetExamples: 6000, budgetBatch: 200, evalsPerRun: 16 };
  it('gives budget·(1 + B/budgetBatch) examples as steps, evaluated about evalsPerRun times', () => {
    // B = 200: 6000·2 = 12000 examples = 60 steps; every round(60/16 = 3.75) = 4
    expect(runBudget(200, c)).toEqual({ maxSteps: 60, evalEvery: 4 });
    // B = 16: 6000·1.08 = 6480 examples = 405 steps; every round(25.3) = 25
    expect(runBudget(16, c)).toEqual({ maxSteps: 405, evalEvery: 25 });
    // factor 3 at B = 200: 180 steps, every round(11.25) = 11
    expect(runBudget(200, c, 3)).toEqual({ maxSteps: 180, evalEvery: 11 });
  });
});

describe('stepsToTarget', () => {
  it('interpolates in ln(loss) between the evaluations around the crossing', () => {
    // 10 + 10·ln(0.4/0.2)/ln(0.4/0.1) = 10 + 10·0.5 = 15
    expect(stepsToTarget([{ step: 0, valLoss: 2 }, { step: 10, valLoss: 0.4 }, { step: 20, valLoss: 0.1 }], 0.2)).toBeCloseTo(15, 12);
    // exactly at an evaluation: ln(0.4/0.4) = 0 → that step
    expect(stepsToTarget([{ step: 0, valLoss: 2 }, { step: 10, valLoss: 0.4 }, { step: 20, valLoss: 0.1 }], 0.4)).toBe(10);
  });
  it('is the first step when the loss starts below the target, null when never reached, skips NaN', () => {
    expect(stepsToTarget([{ step: 0, valLoss: 0.1 }], 0.2)).toBe(0);
    expect(stepsToTarget([{ step: 0, valLoss: 2 }, { step: 5, valLoss: 0.3 }], 0.2)).toBeNull();
    expect(stepsToTarget([{ step: 0, valLoss: 2 }, { step: 5, valLoss: NaN }], 0.2)).toBeNull();
  });
});

describe('bestPerBatch', () => {
  const run = (batchSize: number, lr: number, steps: number | null): RunResult => ({
    batchSize, lr, steps, maxSteps: 100, bestValLoss: 0.1, status: 'ok', seconds: 1,
  });
  it('keeps the fewest steps per batch size, flags an optimum on the grid edge, drops batch sizes that never reached', () => {
    const best = bestPerBatch([run(32, 0.1, 80), run(32, 0.2, 60), run(32, 0.4, 70), run(64, 0.2, 50), run(64, 0.4, 40), run(128, 0.4, null)]);
    expect(best).toEqual([
      { batchSize: 32, lr: 0.2, steps: 60, examples: 1920, reached: 3, tried: 3, lrAtEdge: false },
      { batchSize: 64, lr: 0.4, steps: 40, examples: 2560, reached: 2, tried: 2, lrAtEdge: true },
    ]);
  });
});

describe('criticalBatchVerdict', () => {
  // Exact points of S = 500·(1 + 128/B): the fit recovers B_crit = 128.
  const points = [32, 64, 128, 256, 512, 1024].map((b) => ({ batchSize: b, steps: 500 * (1 + 128 / b) }));
  const fit = fitCriticalBatch(points);
  const noise = (bSimple: number, spread = 1.2) => ({ bSimple, lower: bSimple / spread, upper: bSimple * spread, status: 'ok' as const });
  const base = { fit, reached: 6, total: 6, noiseAtTarget: true };

  it('confirms within 2×, says which way it misses otherwise', () => {
    expect(fit.bCrit).toBeCloseTo(128, 3);
    // 128/200 = 0.64 → factor 1.5625 ≤ 2
    const ok = criticalBatchVerdict({ ...base, noise: noise(200) });
    expect(ok.status).toBe('confirmed');
    expect(ok.comparison?.factor).toBeCloseTo(200 / 128, 3);
    // 1000/128 = 7.8 → within 10×: nuanced, B_simple overestimates
    const over = criticalBatchVerdict({ ...base, noise: noise(1000) });
    expect(over.status).toBe('nuanced');
    expect(over.text).toContain('B_simple overestimates B_crit by 7.81×');
    // 128/10 = 12.8× under, tight intervals → refuted
    const under = criticalBatchVerdict({ ...base, noise: noise(10, 1.1) });
    expect(under.status).toBe('refuted');
    expect(under.text).toContain('underestimates');
  });

  it('adds the run-averaged prediction with its factor', () => {
    // 128 vs 160: factor 1.25
    const v = criticalBatchVerdict({ ...base, noise: noise(1000), runAverage: { bCrit: 160, sMin: 450 } });
    expect(v.status).toBe('nuanced');
    expect(v.text).toContain('predicts B_crit ≈ 160 (within 2× of the fit, factor 1.25) and S_min ≈ 450 steps (fit: 500)');
    expect(v.text).not.toContain('the cap');
    expect(criticalBatchVerdict({ ...base, noise: noise(1000), lrCappedFrom: 256 }).text).toContain('From batch 256 on, the best LR was the cap');
  });

  it('a 20× miss whose widened intervals overlap is nuanced, not refuted', () => {
    // B_simple 2560 ∈ [100, 1e5]; B_crit interval (exact fit) ≈ [128, 128] → 2·128 = 256 ≥ 100
    const v = criticalBatchVerdict({ ...base, noise: { bSimple: 2560, lower: 100, upper: 1e5, status: 'ok' } });
    expect(v.status).toBe('nuanced');
  });

  it('is inconclusive with too few batch sizes, a boundary fit or no noise estimate', () => {
    expect(criticalBatchVerdict({ ...base, reached: 2, noise: noise(200) }).status).toBe('inconclusive');
    expect(criticalBatchVerdict({ ...base, fit: null, reached: 0, noise: noise(200) }).status).toBe('inconclusive');
    // S ∝ 1/B exactly: perfect scaling, B_crit above the range
    const perfect = fitCriticalBatch([16, 64, 256].map((b) => ({ batchSize: b, steps: 1e5 / b })));
    expect(perfect.boundary).toBe('perfect-scaling');
    expect(criticalBatchVerdict({ ...base, fit: perfect, noise: noise(200) }).text).toContain('above the largest batch size');
    expect(criticalBatchVerdict({ ...base, noise: { bSimple: 0, lower: 0, upper: 3, status: 'no-noise' } }).status).toBe('inconclusive');
  });
});

describe('runAveragedNoiseScale', () => {
  const p = (step: number, bSimple: number, lower = bSimple) => ({ step, bSimple, lower });
  it('weights each segment by dS_min = Δs/(1 + B̄/B_ref), by hand', () => {
    // B̄ = (10 + 30)/2 = 20, w = 10/(1 + 20/20) = 5 → S_min 5, B_crit 20
    expect(runAveragedNoiseScale([p(0, 10), p(10, 30)], 20)).toEqual({ bCrit: 20, sMin: 5 });
    // B̄ = 10, w = 10/1.5; B̄ = 40, w = 20/3: equal weights → B_crit (10 + 40)/2 = 25, S_min 40/3
    const r = runAveragedNoiseScale([p(0, 0), p(10, 20), p(30, 60)], 20);
    expect(r?.bCrit).toBeCloseTo(25, 12);
    expect(r?.sMin).toBeCloseTo(40 / 3, 12);
  });
  it('with a constant noise scale B0 returns B0 and S_min = S_ref/(1 + B0/B_ref), the paper\'s S(B)', () => {
    const r = runAveragedNoiseScale([p(0, 300), p(40, 300), p(100, 300)], 100);
    expect(r?.bCrit).toBeCloseTo(300, 10);
    // S(B_ref) = S_min·(1 + B0/B_ref) → 100 = S_min·4
    expect(r?.sMin).toBeCloseTo(25, 10);
  });
  it('uses the lower bound of a noise-dominated point; null with one point', () => {
    expect(runAveragedNoiseScale([p(0, Infinity, 30), p(10, 10)], 20)).toEqual({ bCrit: 20, sMin: 5 });
    expect(runAveragedNoiseScale([p(0, 10)], 20)).toBeNull();
  });
});

describe('fittedCurve', () => {
  it('lies on the trade-off (S/S_min − 1)(E/E_min − 1) = 1 with E = B·S', () => {
    const f = { sMin: 300, bCrit: 250 };
    const curve = fittedCurve(f, 8, 8192, 25);
    expect(curve).toHaveLength(25);
    expect(curve[0].batchSize).toBeCloseTo(8, 10);
    expect(curve[24].batchSize).toBeCloseTo(8192, 6);
    const eMin = f.sMin * f.bCrit;
    for (const p of curve) {
      expect(p.examples).toBeCloseTo(p.batchSize * p.steps, 6);
      expect((p.steps / f.sMin - 1) * (p.examples / eMin - 1)).toBeCloseTo(1, 9);
    }
  });
});

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
