import { batchSchedule as buildBatchSchedule } from '../core/batch/index.js';
import { SpecError } from '../core/spec-error.js';
import { loadData } from '../data/index.js';
import type { DataSplit } from '../data/types.js';
import { createModel, loadModelFromDisk, MODEL_KINDS, Trainer, type ModelKind, type OptimizerOptions, type TrainResult } from '../engine/index.js';
import type { TrialConfig, TrialOutcome, TrialSpec } from './study.js';

type Eval = NonNullable<TrialOutcome['evals']>[number];

/** Loaded data sets kept per thread (a worker runs many trials on the same data). */
const dataCache = new Map<string, Promise<DataSplit>>();
/** At most this many data sets stay cached per thread (full MNIST is ~200 MB as float32). */
const CACHE_ENTRIES = 2;

/**
 * The data a trial trains on, loaded once per thread and key (data, sizes, label column, seed).
 * The seed is `dataSeed` when given, so studies can vary the initialisation over a fixed subset.
 */
export function trialData(config: TrialConfig): Promise<DataSplit> {
  const seed = config.dataSeed ?? config.seed;
  const key = JSON.stringify([config.data, config.trainSize ?? null, config.valSize ?? null, config.labelColumn ?? null, seed]);
  let hit = dataCache.get(key);
  if (hit) {
    dataCache.delete(key); // re-insert: the Map's order is the recency order
  } else {
    hit = loadData({ data: config.data, trainSize: config.trainSize, valSize: config.valSize, labelColumn: config.labelColumn, seed });
    // A failed load must not stay cached: the next trial retries (and reports its own error).
    hit.catch(() => dataCache.delete(key));
  }
  dataCache.set(key, hit);
  while (dataCache.size > CACHE_ENTRIES) dataCache.delete(dataCache.keys().next().value as string);
  return hit;
}

export interface RunTrialOptions {
  /** Called now and then (at most every `progressEveryMs`) with the fraction of the trial's steps done. */
  onProgress?: (fraction: number) => void;
  /** Milliseconds between progress reports; default 250, so they cost nothing per step. */
  progressEveryMs?: number;
}

/**
 * Run one training trial from its plain-JSON config: data (cached per thread), a fresh model
 * seeded by `config.seed`, the engine's Trainer, `epochs` epochs (or `maxSteps` steps).
 *
 * - `recordStepLosses`: every step's training loss (the trainer reads losses back every step).
 * - `evalEverySteps: N`: validation loss/accuracy at step 0 and every N optimizer steps, with the
 *   training seconds so far (evaluation time excluded) and the samples seen.
 * - Divergence (NaN/Inf or loss > divergeFactor × first loss) is a result: status `diverged`.
 * - `evaluateTrain`: the final weights evaluated on the whole training set (`trainEval`).
 * - A thrown error (bad spec, missing file) is a result too: status `error` with its message.
 * Every tensor the trial made is disposed, whatever happens.
 *
 * Assumes the backend is initialised (`initBackend`), as the sweep worker does once per thread.
 *
 * @example await runTrial({ id: 'lr=0.1', config: { data: 'synthetic', model: 'mlp', optimizer: { name: 'sgd', lr: 0.1 }, batchSize: 32, epochs: 2, seed: 0 } })
 */
export async function runTrial(spec: TrialSpec, opts: RunTrialOptions = {}): Promise<TrialOutcome> {
  const start = performance.now();
  const { id, config } = spec;
  const done = (o: Omit<TrialOutcome, 'id' | 'config' | 'seconds'>): TrialOutcome => ({
    id, config, ...o, seconds: (performance.now() - start) / 1000,
  });
  try {
    const { result, stepLosses, evals, trainEval } = await train(config, opts.onProgress, opts.progressEveryMs ?? 250);
    return done({
      status: result.diverged ? 'diverged' : 'ok',
      result: resultJson(result),
      ...(stepLosses ? { stepLosses } : {}),
      ...(evals ? { evals } : {}),
      ...(trainEval ? { trainEval } : {}),
    });
  } catch (err) {
    return done({ status: 'error', result: null, error: err instanceof Error ? err.message : String(err) });
  }
}

async function train(config: TrialConfig, onProgress: ((fraction: number) => void) | undefined, progressMs: number): Promise<{ result: TrainResult; stepLosses?: number[]; evals?: Eval[]; trainEval?: { loss: number; accuracy: number } }> {
  checkConfig(config);
  const data = await trialData(config);
  const model = await buildModel(config, data);
  let trainer: Trainer | null = null;
  try {
    const sizes = config.batchSchedule === undefined ? null : buildBatchSchedule(config.batchSchedule);
    const record = config.recordStepLosses === true || config.evalEverySteps !== undefined;
    trainer = new Trainer({
      model,
      optimizer: config.optimizer as OptimizerOptions,
      data,
      batchSize: config.batchSize,
      seed: config.seed,
      ...(config.schedule !== undefined ? { schedule: config.schedule as Record<string, unknown> } : {}),
      ...(config.scheduleUnit !== undefined ? { unit: config.scheduleUnit } : {}),
      ...(sizes ? { batchSchedule: sizes } : {}),
      ...(config.divergeFactor !== undefined ? { divergeFactor: config.divergeFactor } : {}),
      // Per-step losses need every loss read back; the eval rows' train loss should be the current one.
      ...(record ? { checkEvery: 1 } : {}),
      config: { model: config.model, ...(config.hidden ? { hidden: config.hidden } : {}) },
    });
    const t = trainer;
    const stepLosses: number[] | undefined = config.recordStepLosses ? [] : undefined;
    const every = config.evalEverySteps;
    const evalJobs: Promise<Eval>[] = [];
    let evalMs = 0;
    let samples = 0;
    let lastLoss = NaN;
    let trainStart = 0;
    // On wasm and cpu, kernels run synchronously: evaluate() computes with the current weights
    // before it returns its promise, so it can be started from the (synchronous) onStep hook and
    // awaited later; the time it takes is measured here and excluded from training seconds.
    const evaluateNow = (step: number): void => {
      const t0 = performance.now();
      const seconds = step === 0 ? 0 : (t0 - trainStart - evalMs) / 1000;
      const trainLoss = lastLoss;
      const seen = samples;
      evalJobs.push(t.evaluate().then((m) => ({ step, seconds, samples: seen, valLoss: m.loss, valAccuracy: m.accuracy, trainLoss })));
      evalMs += performance.now() - t0;
    };
    if (every !== undefined) evaluateNow(0);
    // The clock starts with training, after step 0's evaluation.
    trainStart = performance.now();
    evalMs = 0;

    let steps = 0;
    for (let e = 0; e < config.epochs; e++) steps += Math.ceil(data.train.n / (sizes ? sizes(e) : config.batchSize));
    if (config.maxSteps !== undefined) steps = Math.min(steps, config.maxSteps);
    let lastReport = performance.now();

    const stop = new AbortController();
    const result = await t.run({
      epochs: config.epochs,
      signal: stop.signal,
      onStep: (s) => {
        const b = sizes ? sizes(s.epoch - 1) : config.batchSize;
        samples += Math.min(b, data.train.n - (s.step - 1) * b);
        if (s.loss !== null) lastLoss = s.loss;
        stepLosses?.push(s.loss ?? NaN);
        if (every !== undefined && s.globalStep % every === 0) evaluateNow(s.globalStep);
        if (config.maxSteps !== undefined && s.globalStep >= config.maxSteps) stop.abort();
        if (onProgress && performance.now() - lastReport >= progressMs) {
          lastReport = performance.now();
          onProgress(Math.min(1, s.globalStep / steps));
        }
      },
    });
    const evals = every === undefined ? undefined : await Promise.all(evalJobs);
    const trainEval = config.evaluateTrain && !result.diverged ? await trainer.evaluateTrain() : undefined;
    return { result, stepLosses, evals, trainEval };
  } finally {
    trainer?.dispose();
    model.dispose();
  }
}

async function buildModel(config: TrialConfig, data: DataSplit) {
  if ((MODEL_KINDS as readonly string[]).includes(config.model)) {
    return createModel({
      kind: config.model as ModelKind,
      inputShape: data.train.featureShape,
      numClasses: data.train.numClasses,
      ...(config.hidden ? { hidden: config.hidden } : {}),
      seed: config.seed,
    });
  }
  return loadModelFromDisk(config.model.endsWith('.json') ? config.model : `${config.model.replace(/\/$/, '')}/model.json`);
}

function checkConfig(c: TrialConfig): void {
  if (c === null || typeof c !== 'object') throw new SpecError('config', 'must be an object');
  if (typeof c.data !== 'string' || c.data === '') throw new SpecError('config.data', 'must be a non-empty string');
  if (typeof c.model !== 'string' || c.model === '') throw new SpecError('config.model', 'must be a non-empty string');
  if (c.optimizer === null || typeof c.optimizer !== 'object') throw new SpecError('config.optimizer', 'must be {name, lr, …}');
  if (!Number.isInteger(c.epochs) || c.epochs < 0) throw new SpecError('config.epochs', 'must be an integer >= 0');
  for (const k of ['evalEverySteps', 'maxSteps'] as const) {
    const v = c[k];
    if (v !== undefined && !(Number.isInteger(v) && v >= 1)) throw new SpecError(`config.${k}`, 'must be an integer >= 1');
  }
  if (c.evaluateTrain !== undefined && typeof c.evaluateTrain !== 'boolean') throw new SpecError('config.evaluateTrain', 'must be true or false');
}

/** The engine's TrainResult as the `train` result JSON (DESIGN.md), plus `aborted` and `steps`. */
function resultJson(r: TrainResult): Record<string, unknown> {
  return {
    config: r.config,
    epochs: r.epochs,
    final: r.final,
    diverged: r.diverged,
    divergedAtStep: r.divergedAtStep,
    aborted: r.aborted,
    steps: r.steps,
  };
}
