import { describe, expect, it } from 'vitest';
import { bestPerBatch, fittedCurve, lrGrid, runAveragedNoiseScale, runBudget, stepsToTarget, type RunResult } from './math.js';

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
