import { predictSteps, type CriticalBatchFit } from '../../core/batch/index.js';
import type { TrialOutcome } from '../study.js';
import type { CriticalBatchConfig } from './index.js';

/** The LR grid at batch size B: centre min(refLr·B/refBatch, maxLr) times each multiplier, 4 significant digits. */
export function lrGrid(batchSize: number, c: Pick<CriticalBatchConfig, 'refBatch' | 'refLr' | 'maxLr' | 'lrMultipliers'>): number[] {
  const centre = Math.min(c.refLr * batchSize / c.refBatch, c.maxLr);
  return [...new Set(c.lrMultipliers.map((m) => round4(centre * m)))].sort((a, b) => a - b);
}

/**
 * Steps and evaluation interval of one run at batch size B: examples budget·(1 + B/budgetBatch)
 * times `factor`, as steps (ceil), evaluated every max(1, round(steps/evalsPerRun)) steps.
 * Example: budget 8000, budgetBatch 400, B = 400, factor 1 → 16000 examples = 40 steps.
 */
export function runBudget(batchSize: number, c: Pick<CriticalBatchConfig, 'budgetExamples' | 'budgetBatch' | 'evalsPerRun'>, factor = 1): { maxSteps: number; evalEvery: number } {
  const maxSteps = Math.max(1, Math.ceil(factor * c.budgetExamples * (1 + batchSize / c.budgetBatch) / batchSize));
  return { maxSteps, evalEvery: Math.max(1, Math.round(maxSteps / c.evalsPerRun)) };
}

/**
 * Optimizer steps to reach the target validation loss, from evaluations at increasing steps:
 * the first evaluation at or below the target, interpolated linearly in ln(loss) from the one
 * before (the loss falls roughly exponentially between close evaluations). null if never reached.
 * Example: (step 10, loss 0.4), (step 20, loss 0.1), target 0.2 → 10 + 10·ln(0.4/0.2)/ln(0.4/0.1) = 15.
 */
export function stepsToTarget(evals: ReadonlyArray<{ step: number; valLoss: number }>, target: number): number | null {
  for (let i = 0; i < evals.length; i++) {
    const e = evals[i];
    if (!(e.valLoss <= target)) continue;
    if (i === 0) return e.step;
    const p = evals[i - 1];
    if (!(p.valLoss > 0) || !Number.isFinite(p.valLoss) || !(e.valLoss > 0)) return e.step;
    const f = Math.log(p.valLoss / target) / Math.log(p.valLoss / e.valLoss);
    return p.step + (e.step - p.step) * f;
  }
  return null;
}

/** One run's outcome, as the study reports it. */
export interface RunResult {
  batchSize: number;
  lr: number;
  maxSteps: number;
  /** Steps to the target (interpolated), null if not reached. */
  steps: number | null;
  bestValLoss: number;
  status: TrialOutcome['status'];
  seconds: number;
}

/** Per batch size, the run that reached the target in the fewest steps (the LR tuned per batch size). */
export interface BestRun {
  batchSize: number;
  lr: number;
  steps: number;
  examples: number;
  /** Runs at this batch size that reached the target, of those tried. */
  reached: number;
  tried: number;
  /** The best LR was the smallest or largest tried (the optimum may lie beyond the grid). */
  lrAtEdge: boolean;
}

/** Pick the best run per batch size; batch sizes where no run reached the target are left out. */
export function bestPerBatch(runs: ReadonlyArray<RunResult>): BestRun[] {
  const sizes = [...new Set(runs.map((r) => r.batchSize))].sort((a, b) => a - b);
  const out: BestRun[] = [];
  for (const b of sizes) {
    const at = runs.filter((r) => r.batchSize === b);
    const hit = at.filter((r): r is RunResult & { steps: number } => r.steps !== null);
    if (hit.length === 0) continue;
    const best = hit.reduce((x, y) => (y.steps < x.steps ? y : x));
    const lrs = [...new Set(at.map((r) => r.lr))].sort((x, y) => x - y);
    out.push({
      batchSize: b, lr: best.lr, steps: best.steps, examples: best.steps * b, reached: hit.length, tried: at.length,
      lrAtEdge: lrs.length > 1 && (best.lr === lrs[0] || best.lr === lrs[lrs.length - 1]),
    });
  }
  return out;
}

/** One measurement of the noise scale along the reference run. */
export interface NoiseCurvePoint {
  step: number;
  valLoss: number;
  bSimple: number;
  lower: number;
  upper: number;
}

/**
 * The critical batch the paper's own model predicts from a noise-scale curve measured along a run
 * at batch B_ref. Locally dS = dS_min·(1 + B_noise/B) (McCandlish et al. 2018, eq. 2.11), so the
 * steps of the run at B_ref give dS_min = dS/(1 + B/B_ref), and integrating over the run
 *   S_min = Σ w_i,  B_crit = E_min/S_min = Σ w_i·B̄_i / Σ w_i,  w_i = Δs_i/(1 + B̄_i/B_ref),
 * with B̄_i the mean of B_simple at the two ends of segment i (trapezoid rule). A point whose
 * B_simple is not finite (noise-dominated) uses its lower bound. null with fewer than 2 points.
 * Example: points (0, B 10), (10, B 30), B_ref 20: B̄ = 20, w = 10/2 = 5 → S_min 5, B_crit 20.
 */
export function runAveragedNoiseScale(points: ReadonlyArray<Pick<NoiseCurvePoint, 'step' | 'bSimple' | 'lower'>>, refBatch: number): { bCrit: number; sMin: number } | null {
  if (points.length < 2) return null;
  const b = (p: Pick<NoiseCurvePoint, 'bSimple' | 'lower'>): number => Math.max(0, Number.isFinite(p.bSimple) ? p.bSimple : p.lower);
  let w = 0, wb = 0;
  for (let i = 1; i < points.length; i++) {
    const ds = points[i].step - points[i - 1].step;
    const mid = (b(points[i]) + b(points[i - 1])) / 2;
    const wi = ds / (1 + mid / refBatch);
    w += wi;
    wb += wi * mid;
  }
  return w > 0 ? { bCrit: wb / w, sMin: w } : null;
}

/** The fitted trade-off S = S_min(1 + B_crit/B) and E = B·S, on a log grid of B. */
export function fittedCurve(fit: Pick<CriticalBatchFit, 'sMin' | 'bCrit'>, bMin: number, bMax: number, n = 60): Array<{ batchSize: number; steps: number; examples: number }> {
  const lo = Math.log(bMin), hi = Math.log(bMax);
  return Array.from({ length: n }, (_, i) => {
    const b = Math.exp(lo + (hi - lo) * i / (n - 1));
    const s = predictSteps(fit, b);
    return { batchSize: b, steps: s, examples: s * b };
  });
}

/** Four significant digits: the LRs of the grid, so they read (and key the trials) cleanly. */
export function round4(x: number): number {
  return Number(x.toPrecision(4));
}
