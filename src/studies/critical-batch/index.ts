import * as z from 'zod';
import { fitCriticalBatch, predictSteps, type CriticalBatchFit, type NoiseScaleMeasurement } from '../../core/batch/index.js';
import { measureTrainerNoiseScale, trainToStep } from '../../engine/noise-scale.js';
import { scatterFitChart } from '../../report/charts/index.js';
import { withTrainer } from '../shared/finder.js';
import { increasingInts, modelKind, posInt, posNum } from '../shared/setup.js';
import { nominalLr } from '../shared/trials.js';
import type { Study, StudyContext, StudyOutput, TrialConfig, TrialOutcome, TrialSpec } from '../study.js';
import { bestPerBatch, fittedCurve, lrGrid, round4, runAveragedNoiseScale, runBudget, stepsToTarget, type NoiseCurvePoint, type RunResult } from './math.js';
import { criticalBatchVerdict } from './verdict.js';

const configSchema = z.strictObject({
  /** `mnist` (default in both presets), `fashion-mnist`, `synthetic…` or a path. */
  data: z.string().min(1, { error: 'must name a data set' }),
  /** Training rows (seeded subset); absent = the whole training split. */
  trainSize: posInt().optional(),
  valSize: posInt(),
  model: modelKind(),
  hidden: z.array(posInt()).min(1).optional(),
  /** Batch sizes, increasing; at least 3 (two parameters are fitted). */
  batchSizes: increasingInts().refine((b) => b.length >= 3, { error: 'must list at least 3 batch sizes' }),
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

function trialSpec(c: CriticalBatchConfig, seed: number, batchSize: number, lr: number, factor: number): TrialSpec {
  const { maxSteps, evalEvery } = runBudget(batchSize, c, factor);
  const config: TrialConfig = {
    data: c.data, ...(c.trainSize ? { trainSize: c.trainSize } : {}), valSize: c.valSize, model: c.model, ...(c.hidden ? { hidden: c.hidden } : {}),
    // Every epoch has at least one step, so maxSteps epochs always reach maxSteps, whatever the data size.
    optimizer: { name: 'sgd' }, schedule: lr, batchSize, epochs: maxSteps,
    maxSteps, evalEverySteps: evalEvery, seed, dataSeed: seed, divergeFactor: 10,
  };
  return { id: `critical-batch B=${batchSize} lr=${lr} steps=${maxSteps}`, config };
}

function toRun(t: TrialSpec, o: TrialOutcome, target: number): RunResult {
  const evals = o.evals ?? [];
  return {
    batchSize: t.config.batchSize, lr: nominalLr(t.config.schedule), maxSteps: t.config.maxSteps ?? 0,
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
  // The trial's run limits are this loop's to apply; the trainer gets the data, model, LR and seed.
  const { maxSteps: _maxSteps, evalEverySteps: _evalEvery, divergeFactor: _divergeFactor, ...build } = spec.config;
  const cfg = spec.config;
  const pairs = { bSmall: c.noise.bSmall, bBig: c.noise.bBig };
  return withTrainer(build, ctx, async (trainer) => {
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
  });
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
