import { z } from 'zod';
import {
  compareCriticalBatch, fitCriticalBatch, predictSteps,
  type CriticalBatchComparison, type CriticalBatchFit, type NoiseScaleMeasurement,
} from '../core/batch/index.js';
import { loadData } from '../data/index.js';
import { createModel, initBackend, Trainer, type ModelKind } from '../engine/index.js';
import { measureTrainerNoiseScale, trainToStep } from '../engine/noise-scale.js';
import { scatterFitChart } from '../report/charts/index.js';
import type { Study, StudyContext, StudyOutput, TrialConfig, TrialOutcome, TrialSpec, VerdictStatus } from './study.js';

const posInt = () => z.number({ error: 'must be a positive integer' }).int({ error: 'must be a positive integer' }).positive({ error: 'must be a positive integer' });
const posNum = () => z.number({ error: 'must be a positive number' }).positive({ error: 'must be a positive number' }).finite({ error: 'must be a positive number' });

const configSchema = z.strictObject({
  /** `mnist` (default in both presets), `fashion-mnist`, `synthetic…` or a path. */
  data: z.string().min(1, { error: 'must name a data set' }),
  /** Training rows (seeded subset); absent = the whole training split. */
  trainSize: posInt().optional(),
  valSize: posInt(),
  model: z.enum(['linear', 'mlp', 'cnn']),
  hidden: z.array(posInt()).min(1).optional(),
  /** Batch sizes, increasing; at least 3 (two parameters are fitted). */
  batchSizes: z.array(posInt()).min(3, { error: 'must list at least 3 batch sizes' })
    .refine((b) => b.every((v, i) => i === 0 || v > b[i - 1]), { error: 'must be increasing' }),
  /** The validation loss every run must reach; S(B) is the number of steps to reach it. */
  targetValLoss: posNum(),
  /** Centre of the LR grid: refLr·B/refBatch (linear rule), capped at maxLr. refBatch is also where B_simple is measured. */
  refBatch: posInt(),
  refLr: posNum(),
  maxLr: posNum(),
  /** Multipliers of the centre LR tried at every batch size (plain SGD). */
  lrMultipliers: z.array(posNum()).min(1),
  /** Example budget of a run: budgetExamples·(1 + B/budgetBatch) (the trade-off curve with a guessed B_crit). */
  budgetExamples: posInt(),
  budgetBatch: posNum(),
  /** Validation evaluations per run (the resolution of S). */
  evalsPerRun: posInt(),
  /** A batch size whose runs all missed the target is run again with this × the budget (once). */
  retryFactor: z.number().min(1, { error: 'must be >= 1' }),
  /** Extend the LR grid by one multiplier step where the best LR sits on its edge (one extra round; never above maxLr). */
  extendGrid: z.boolean(),
  /** Gradient noise scale measurement at the target loss: pairs of batches bSmall/bBig. */
  /**
   * Gradient noise scale: `steps` pairs of batches bSmall/bBig at the target loss, and `curveSteps`
   * pairs at every evaluation of the reference run before it (0 = no curve).
   */
  noise: z.strictObject({ bSmall: posInt(), bBig: posInt(), steps: posInt(), curveSteps: z.number().int().min(0, { error: 'must be an integer >= 0' }) }),
});

export type CriticalBatchConfig = z.output<typeof configSchema>;

// LR centres from probes on MNIST/MLP: at B = 32 the best of 0.1/0.4/1.6 was 0.1, at B = 256 it
// was 0.4; 1.6 diverged at both and 0.8 stalled at B ≥ 256 (MLP 128); so the linear rule
// 0.1·B/32 (the quick preset, on fewer rows, starts at 2× that), capped at 0.4.
const quick: CriticalBatchConfig = {
  data: 'mnist', trainSize: 10000, valSize: 1000, model: 'mlp', hidden: [128],
  batchSizes: [16, 64, 256, 1024], targetValLoss: 0.35,
  refBatch: 64, refLr: 0.4, maxLr: 0.4, lrMultipliers: [0.5, 1],
  budgetExamples: 6000, budgetBatch: 200, evalsPerRun: 16, retryFactor: 3, extendGrid: false,
  noise: { bSmall: 64, bBig: 1024, steps: 16, curveSteps: 4 },
};

// Probe of this preset's model (MLP 256, all rows, SGD) for validation loss 0.2: about 10k examples
// at B = 16–32, 19k at 128, 46k at 512 (B_crit ≈ 130), so about 80 steps (650k examples) at B =
// 8192; the budget 14000·(1 + B/160) covers that, and two LRs per batch size keep the preset in
// ~10 minutes on two cores.
const full: CriticalBatchConfig = {
  data: 'mnist', valSize: 2000, model: 'mlp', hidden: [256],
  batchSizes: [16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192], targetValLoss: 0.2,
  refBatch: 128, refLr: 0.4, maxLr: 0.4, lrMultipliers: [0.5, 1],
  budgetExamples: 14000, budgetBatch: 160, evalsPerRun: 20, retryFactor: 2, extendGrid: true,
  noise: { bSmall: 128, bBig: 1024, steps: 80, curveSteps: 4 },
};

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

/** What the verdict rests on. */
export interface VerdictInput {
  fit: CriticalBatchFit | null;
  noise: Pick<NoiseScaleMeasurement, 'bSimple' | 'lower' | 'upper' | 'status'> | null;
  /** Batch sizes that reached the target, of those run. */
  reached: number;
  total: number;
  /** B_simple was measured at the target loss (false: the reference run never reached it). */
  noiseAtTarget: boolean;
  /** The B_crit that `runAveragedNoiseScale` predicts from the curve along the reference run, if measured. */
  runAverage?: { bCrit: number; sMin: number } | null;
  /** Smallest batch size from which the best LR was the cap maxLr (steps at larger batches may be overstated), or null. */
  lrCappedFrom?: number | null;
}

/**
 * The verdict: B_crit (fitted) against B_simple (measured). Confirmed when within 2× (the target
 * of issue 6); nuanced when within 10× (McCandlish et al. 2018 find them within an order of
 * magnitude) or when the 2×-widened intervals overlap; refuted beyond. Inconclusive when fewer than
 * 3 batch sizes reached the target, the fit sits on its boundary (no or perfect scaling over the
 * range: B_crit only bounded), or B_simple could not be estimated.
 */
export function criticalBatchVerdict(v: VerdictInput): { status: VerdictStatus; text: string; comparison: CriticalBatchComparison | null } {
  const f = (x: number): string => (Number.isFinite(x) ? String(Number(x.toPrecision(3))) : '∞');
  if (v.fit === null || v.reached < 3) {
    return { status: 'inconclusive', comparison: null, text: `Only ${v.reached} of ${v.total} batch sizes reached the target loss; at least 3 are needed to fit S = S_min(1 + B_crit/B).` };
  }
  if (v.fit.boundary !== 'none') {
    const which = v.fit.boundary === 'perfect-scaling'
      ? `steps fell like 1/B over the whole range, so B_crit is above the largest batch size`
      : `steps did not fall with the batch size, so B_crit is below the smallest batch size`;
    return { status: 'inconclusive', comparison: null, text: `The fit found no critical batch inside the measured range: ${which}.` };
  }
  if (v.noise === null || !(v.noise.bSimple > 0) || !Number.isFinite(v.noise.bSimple)) {
    return { status: 'inconclusive', comparison: null, text: `B_crit = ${f(v.fit.bCrit)}, but the noise scale could not be estimated (status ${v.noise?.status ?? 'not measured'}).` };
  }
  const c = compareCriticalBatch(v.fit.bCrit, v.noise.bSimple);
  const overlap = v.fit.bCritLower / 2 <= v.noise.upper && v.noise.lower <= 2 * v.fit.bCritUpper;
  const head = `Fitted B_crit = ${f(v.fit.bCrit)} (95% interval ${f(v.fit.bCritLower)}–${f(v.fit.bCritUpper)}, S_min = ${f(v.fit.sMin)} steps, E_min = ${f(v.fit.eMin)} examples); `
    + `measured B_simple = ${f(v.noise.bSimple)} (95% interval ${f(v.noise.lower)}–${f(v.noise.upper)})${v.noiseAtTarget ? ' at the target loss' : ' at the end of the reference run, which did not reach the target'}.`;
  const direction = c.ratio < 1 ? `B_simple overestimates B_crit by ${f(c.factor)}×` : `B_simple underestimates B_crit by ${f(c.factor)}×`;
  const why = c.ratio < 1
    ? ' Likely reasons: B_simple = tr(Σ)/|G|² ignores curvature (it equals the critical batch B_noise = tr(HΣ)/GᵀHG only when the Hessian is a multiple of the identity), and it was measured where the run ends, while the noise scale grows during training, so the steps to the target are set by the smaller noise scale earlier on.'
    : ' Likely reasons: B_simple ignores curvature (B_noise = tr(HΣ)/GᵀHG), and a coarse LR grid at large batches inflates their steps, which raises the fitted B_crit.';
  let status: VerdictStatus;
  let lead: string;
  if (c.within2x) { status = 'confirmed'; lead = `B_simple predicts the critical batch within 2× (ratio B_crit/B_simple = ${f(c.ratio)}).`; }
  else if (c.factor <= 10 || overlap) { status = 'nuanced'; lead = `${direction}: outside the 2× target${c.factor <= 10 ? ', but within the order of magnitude McCandlish et al. report' : ''}${overlap ? '; the uncertainty intervals, widened by 2×, still overlap' : ''}.${why}`; }
  else { status = 'refuted'; lead = `${direction}, more than an order of magnitude.${why}`; }
  let avg = '';
  if (v.runAverage) {
    const a = compareCriticalBatch(v.fit.bCrit, v.runAverage.bCrit);
    avg = ` Averaged along the reference run with the paper's model (weights dS_min = dS/(1 + B_simple/B_ref)), the noise scale predicts B_crit ≈ ${f(v.runAverage.bCrit)} `
      + `(${a.within2x ? 'within' : 'outside'} 2× of the fit, factor ${f(a.factor)}) and S_min ≈ ${f(v.runAverage.sMin)} steps (fit: ${f(v.fit.sMin)}).`;
  }
  const capped = v.lrCappedFrom != null
    ? ` From batch ${v.lrCappedFrom} on, the best LR was the cap (larger LRs stalled or diverged in probes); if those batches could use more, their steps and S_min would be smaller and the fitted B_crit larger.`
    : '';
  return { status, comparison: c, text: `${lead} ${head}${avg}${capped} ${v.reached} of ${v.total} batch sizes reached the target.` };
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

function round4(x: number): number {
  return Number(x.toPrecision(4));
}

function trialSpec(c: CriticalBatchConfig, seed: number, batchSize: number, lr: number, factor: number): TrialSpec {
  const { maxSteps, evalEvery } = runBudget(batchSize, c, factor);
  const config: TrialConfig = {
    data: c.data, ...(c.trainSize ? { trainSize: c.trainSize } : {}), valSize: c.valSize, model: c.model, ...(c.hidden ? { hidden: c.hidden } : {}),
    // Every epoch has at least one step, so maxSteps epochs always reach maxSteps, whatever the data size.
    optimizer: { name: 'sgd', lr }, batchSize, epochs: maxSteps,
    maxSteps, evalEverySteps: evalEvery, seed, dataSeed: seed, divergeFactor: 10,
  };
  return { id: `critical-batch B=${batchSize} lr=${lr} steps=${maxSteps}`, config };
}

function toRun(t: TrialSpec, o: TrialOutcome, target: number): RunResult {
  const evals = o.evals ?? [];
  return {
    batchSize: t.config.batchSize, lr: t.config.optimizer.lr, maxSteps: t.config.maxSteps ?? 0,
    steps: o.status === 'error' ? null : stepsToTarget(evals, target),
    bestValLoss: evals.reduce((m, e) => (e.valLoss < m ? e.valLoss : m), Infinity),
    status: o.status, seconds: o.seconds,
  };
}

/** What the reference run measured: B_simple at the target, and a cheaper curve along the way. */
interface ReferenceMeasurement {
  noise: NoiseScaleMeasurement;
  curve: NoiseCurvePoint[];
  step: number;
  valLoss: number;
  reached: boolean;
  seconds: number;
}

/**
 * Train at refBatch with its best LR until the validation loss reaches the target (evaluating as
 * the trial did, so with the same seed it retraces the trial), measuring B_simple with
 * `curveSteps` pairs at each evaluation on the way and with `steps` pairs at the target.
 */
async function measureAtTarget(c: CriticalBatchConfig, ctx: StudyContext, spec: TrialSpec): Promise<ReferenceMeasurement> {
  const start = performance.now();
  await initBackend(ctx.backend);
  const cfg = spec.config;
  const data = await loadData({ data: cfg.data, trainSize: cfg.trainSize, valSize: cfg.valSize, seed: cfg.dataSeed ?? cfg.seed });
  const model = createModel({ kind: cfg.model as ModelKind, inputShape: data.train.featureShape, numClasses: data.train.numClasses, ...(cfg.hidden ? { hidden: cfg.hidden } : {}), seed: cfg.seed });
  const trainer = new Trainer({ model, optimizer: { name: 'sgd', lr: cfg.optimizer.lr }, data, batchSize: cfg.batchSize, seed: cfg.seed });
  const pairs = { bSmall: c.noise.bSmall, bBig: c.noise.bBig };
  try {
    const every = cfg.evalEverySteps ?? 1, max = cfg.maxSteps ?? every;
    const curve: NoiseCurvePoint[] = [];
    let step = 0, val = await trainer.evaluate();
    while (val.loss > c.targetValLoss && step < max) {
      if (c.noise.curveSteps >= 2) {
        const m = await measureTrainerNoiseScale(trainer, { ...pairs, steps: c.noise.curveSteps });
        curve.push({ step, valLoss: val.loss, bSimple: m.bSimple, lower: m.lower, upper: m.upper });
      }
      step = Math.min(max, step + every);
      if ((await trainToStep(trainer, step, { signal: ctx.signal })).aborted) throw new Error('critical-batch: interrupted');
      val = await trainer.evaluate();
    }
    ctx.progress({ label: `critical-batch: measuring B_simple at step ${step}` });
    const noise = await measureTrainerNoiseScale(trainer, { ...pairs, steps: c.noise.steps });
    if (c.noise.curveSteps >= 2) curve.push({ step, valLoss: val.loss, bSimple: noise.bSimple, lower: noise.lower, upper: noise.upper });
    return { noise, curve, step, valLoss: val.loss, reached: val.loss <= c.targetValLoss, seconds: (performance.now() - start) / 1000 };
  } finally {
    trainer.dispose();
    model.dispose();
  }
}

async function run(c: CriticalBatchConfig, ctx: StudyContext): Promise<StudyOutput> {
  if (!c.batchSizes.includes(c.refBatch)) throw new Error(`critical-batch: refBatch ${c.refBatch} must be one of batchSizes`);
  const seed = ctx.seed;
  const specs: TrialSpec[] = c.batchSizes.flatMap((b) => lrGrid(b, c).map((lr) => trialSpec(c, seed, b, lr, 1)));
  ctx.progress({ label: 'critical-batch: steps to the target per batch size and LR', done: 0, total: specs.length });
  const outcomes = await ctx.runTrials(specs);
  const runs = specs.map((s, i) => toRun(s, outcomes[i], c.targetValLoss));

  // Second round: more budget where nothing reached the target; one more LR where the best is on the grid's edge.
  const extra: TrialSpec[] = [];
  const retried = new Set<number>();
  const ratio = c.lrMultipliers.length > 1 ? (Math.max(...c.lrMultipliers) / Math.min(...c.lrMultipliers)) ** (1 / (c.lrMultipliers.length - 1)) : 2;
  for (const b of c.batchSizes) {
    const at = runs.filter((r) => r.batchSize === b);
    if (at.every((r) => r.steps === null)) {
      if (c.retryFactor > 1) {
        retried.add(b);
        for (const r of at) extra.push(trialSpec(c, seed, b, r.lr, c.retryFactor));
      }
      continue;
    }
    const best = bestPerBatch(at)[0];
    if (!c.extendGrid || !best.lrAtEdge) continue;
    const lowest = Math.min(...at.map((r) => r.lr));
    const next = round4(best.lr === lowest ? best.lr / ratio : best.lr * ratio);
    // maxLr is a cap: beyond it SGD diverged or stalled in the probes.
    if (next <= c.maxLr) extra.push(trialSpec(c, seed, b, next, 1));
  }
  if (extra.length > 0) {
    ctx.progress({ label: 'critical-batch: second round (budget or LR grid extended)', done: 0, total: extra.length });
    const more = await ctx.runTrials(extra);
    extra.forEach((s, i) => runs.push(toRun(s, more[i], c.targetValLoss)));
  }
  // A retried batch size keeps only its longer runs.
  const kept = runs.filter((r) => !retried.has(r.batchSize) || r.maxSteps > runBudget(r.batchSize, c).maxSteps);
  const best = bestPerBatch(kept);

  let fit: CriticalBatchFit | null = null;
  if (best.length >= 3) fit = fitCriticalBatch(best.map((b) => ({ batchSize: b.batchSize, steps: b.steps })));

  // B_simple where the reference batch size reaches the target, with its best LR (same seed → the trial's own trajectory).
  const ref = best.find((b) => b.batchSize === c.refBatch);
  const refLr = ref?.lr ?? lrGrid(c.refBatch, c)[0];
  const refSpec = trialSpec(c, seed, c.refBatch, refLr, c.retryFactor);
  ctx.progress({ label: `critical-batch: reference run at batch ${c.refBatch} to the target` });
  const measured = await measureAtTarget(c, ctx, refSpec);
  const noise = measured.noise;
  const runAverage = runAveragedNoiseScale(measured.curve, c.refBatch);
  const lrCappedFrom = best.find((b) => b.lr >= c.maxLr && best.filter((x) => x.batchSize >= b.batchSize).every((x) => x.lr >= c.maxLr))?.batchSize ?? null;
  const verdict = criticalBatchVerdict({ fit, noise, reached: best.length, total: c.batchSizes.length, noiseAtTarget: measured.reached, runAverage, lrCappedFrom });

  const figures: StudyOutput['figures'] = [];
  if (fit && fit.boundary === 'none' && best.length > 0) {
    const bLo = Math.min(c.batchSizes[0], noise.bSimple, fit.bCrit) / 2, bHi = Math.max(c.batchSizes[c.batchSizes.length - 1], noise.bSimple, fit.bCrit) * 2;
    const curve = fittedCurve(fit, bLo, Number.isFinite(bHi) ? bHi : c.batchSizes[c.batchSizes.length - 1] * 2);
    const marksE = [
      ...(Number.isFinite(noise.bSimple) && noise.bSimple > 0 ? [{ x: fit.sMin * (noise.bSimple + fit.bCrit), label: `B_simple ≈ ${Math.round(noise.bSimple)}` }] : []),
      { x: 2 * fit.eMin, label: `B_crit ≈ ${Math.round(fit.bCrit)}` },
      ...(runAverage ? [{ x: fit.sMin * (runAverage.bCrit + fit.bCrit), label: `run-averaged ≈ ${Math.round(runAverage.bCrit)}` }] : []),
    ];
    figures.push({
      id: 'steps-vs-examples',
      title: 'Steps against examples to reach the target loss',
      caption: `Each dot is one batch size (${best.map((b) => b.batchSize).join(', ')}) with its best LR: optimizer steps S and examples E = B·S to reach validation loss ${c.targetValLoss}. `
        + `The line is the fitted trade-off (S/S_min − 1)(E/E_min − 1) = 1; the dashed lines mark where on it B = B_crit (E = 2·E_min), B = B_simple (the gradient noise scale measured at the target loss) and the B_crit predicted by averaging B_simple along the run.`,
      spec: scatterFitChart({
        points: best.map((b) => ({ x: b.examples, y: b.steps })), curve: curve.map((p) => ({ x: p.examples, y: p.steps })),
        xTitle: 'Examples to target E', yTitle: 'Steps to target S', logX: true, logY: true, marks: marksE,
        pointsLabel: 'best LR per batch size', curveLabel: 'S = S_min(1 + B_crit/B)',
      }),
    });
    figures.push({
      id: 'steps-vs-batch',
      title: 'Steps to the target against the batch size',
      caption: `Steps to reach validation loss ${c.targetValLoss} fall like 1/B for B ≪ B_crit and level off at S_min for B ≫ B_crit. Dashed: fitted B_crit, B_simple measured at the target, and its run average.`,
      spec: scatterFitChart({
        points: best.map((b) => ({ x: b.batchSize, y: b.steps })), curve: curve.map((p) => ({ x: p.batchSize, y: p.steps })),
        xTitle: 'Batch size B', yTitle: 'Steps to target S', logX: true, logY: true,
        marks: [
          ...(Number.isFinite(noise.bSimple) && noise.bSimple > 0 ? [{ x: noise.bSimple, label: `B_simple ≈ ${Math.round(noise.bSimple)}` }] : []),
          { x: fit.bCrit, label: `B_crit ≈ ${Math.round(fit.bCrit)}` },
          ...(runAverage ? [{ x: runAverage.bCrit, label: `run-averaged ≈ ${Math.round(runAverage.bCrit)}` }] : []),
        ],
        pointsLabel: 'best LR per batch size', curveLabel: 'fit',
      }),
    });
  }

  const rows = c.batchSizes.map((b) => {
    const r = best.find((x) => x.batchSize === b);
    const tried = kept.filter((x) => x.batchSize === b);
    return [b, r ? r.lr : null, r ? Math.round(r.steps) : null, r ? Math.round(r.examples) : null,
      fit && fit.boundary === 'none' ? Math.round(predictSteps(fit, b)) : null, `${r?.reached ?? 0}/${tried.length}`, Math.max(...tried.map((x) => x.maxSteps))];
  });
  const lrs = c.batchSizes.map((b) => `${b}: ${lrGrid(b, c).join('/')}`).join('; ');
  const method = `Plain SGD on ${c.data}${c.trainSize ? ` (${c.trainSize} training rows` : ' (all training rows'}, ${c.valSize} validation rows), model ${c.model}${c.hidden ? ` [${c.hidden.join(', ')}]` : ''}, seed ${seed}. `
    + `For each batch size B in ${c.batchSizes.join(', ')} and each LR of a grid around the linear rule ${c.refLr}·B/${c.refBatch} capped at ${c.maxLr} (${lrs}), `
    + `we trained with a budget of ${c.budgetExamples}·(1 + B/${c.budgetBatch}) examples, evaluated the validation loss about ${c.evalsPerRun} times per run, and took the steps S to reach ${c.targetValLoss} (interpolated in log loss between evaluations); `
    + `the best LR per batch size gives S(B) and E(B) = B·S(B). ${c.retryFactor > 1 ? `Batch sizes where no run reached the target were rerun with ${c.retryFactor}× the budget${c.extendGrid ? '; where the best LR was on the grid edge, one more LR beyond it was tried' : ''}. ` : ''}`
    + `S = S_min(1 + B_crit/B) is fitted by least squares on ln S (McCandlish et al. 2018). `
    + `B_simple = tr(Σ)/|G|² was measured by retraining batch ${c.refBatch} at LR ${refLr} to the target (step ${measured.step}, val loss ${measured.valLoss.toFixed(4)}) and averaging ${c.noise.steps} pairs of squared gradient norms over batches of ${c.noise.bSmall} and ${c.noise.bBig} (unbiased two-batch estimators, finite-population corrected)`
    + `${c.noise.curveSteps >= 2 ? `; ${c.noise.curveSteps} pairs at each evaluation before it give the noise scale along the run, which the paper's model dS = dS_min(1 + B_noise/B) turns into a run-averaged B_crit` : ''}.`;
  const strip = ({ samples: _s, ...rest }: NoiseScaleMeasurement): Omit<NoiseScaleMeasurement, 'samples'> => rest;
  return {
    method,
    figures,
    table: { columns: ['batch size', 'best LR', 'steps S', 'examples E', 'fitted S', 'reached', 'budget steps'], rows },
    verdict: { status: verdict.status, text: verdict.text },
    data: {
      targetValLoss: c.targetValLoss, runs, best, fit, comparison: verdict.comparison, runAverage, noiseCurve: measured.curve, lrCappedFrom,
      noiseScale: { ...strip(noise), atStep: measured.step, valLoss: measured.valLoss, reachedTarget: measured.reached, batchSize: c.refBatch, lr: refLr, seconds: measured.seconds, samples: noise.samples },
    },
  };
}

export const criticalBatch: Study<CriticalBatchConfig> = {
  name: 'critical-batch',
  title: 'Does the gradient noise scale predict the critical batch size?',
  claim: 'Steps to a target loss follow S = S_min(1 + B_crit/B): doubling the batch halves the steps only below a critical batch size B_crit, and the measured gradient noise scale B_simple = tr(Σ)/|G|² predicts B_crit (McCandlish et al. 2018).',
  configSchema: configSchema as z.ZodType<CriticalBatchConfig>,
  presets: { quick, full },
  run,
};
