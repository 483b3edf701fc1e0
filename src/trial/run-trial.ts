import type { TrainResult } from '../engine/index.js';
import { restoreTrainerFromBytes, trainerStateToBytes } from '../engine/trainer/serialize.js';
import { buildTrial } from './build.js';
import type { TrialConfig, TrialOutcome, TrialResultJson, TrialSpec } from './config.js';

type Eval = NonNullable<TrialOutcome['evals']>[number];

export interface RunTrialOptions {
  /** Called now and then (at most every `progressEveryMs`) with the fraction of the trial's steps done. */
  onProgress?: (fraction: number) => void;
  /** Milliseconds between progress reports; default 250, so they cost nothing per step. */
  progressEveryMs?: number;
  /**
   * Continue from this trainer state (bytes of `trainerStateToBytes`, taken from a run of the same
   * config): training goes on from its epoch up to `config.epochs` in all, and the result lists
   * the epochs trained in this call. Null or absent: from scratch.
   */
  resumeFrom?: Uint8Array | null;
  /** Also return the trainer state at the end (for a later `resumeFrom`); not for diverged or failed trials. */
  keepState?: boolean;
}

/** A trial's outcome and, when asked for (`keepState`), its trainer state at the end. */
export interface TrialRun {
  outcome: TrialOutcome;
  state: Uint8Array | null;
}

/**
 * Run one training trial from its plain-JSON config: `buildTrial` (data cached per thread, a fresh
 * model seeded by `config.seed`, the engine's Trainer), then `epochs` epochs (or `maxSteps` steps).
 *
 * - `recordStepLosses`: every step's training loss (the trainer reads losses back every step).
 * - `evalEverySteps: N`: validation loss/accuracy at step 0 and every N optimizer steps, with the
 *   training seconds so far (evaluation time excluded) and the samples seen.
 * - Divergence (NaN/Inf or smoothed loss > divergeFactor × first loss) is a result: status `diverged`.
 * - `evaluateTrain`: the final weights evaluated on the whole training set (`trainEval`).
 * - A thrown error (bad spec, missing file) is a result too: status `error` with its message.
 * Every tensor the trial made is disposed, whatever happens.
 *
 * Assumes the backend is initialised (`initBackend`), as the sweep worker does once per thread.
 *
 * @example await runTrial({ id: 'lr=0.1', config: { data: 'synthetic', model: 'mlp', optimizer: { name: 'sgd' }, schedule: 0.1, batchSize: 32, epochs: 2, seed: 0 } })
 */
export async function runTrial(spec: TrialSpec, opts: RunTrialOptions = {}): Promise<TrialOutcome> {
  return (await runTrialWithState(spec, opts)).outcome;
}

/**
 * `runTrial` that can continue from a saved trainer state and hand back the state it ends in
 * (ASHA's promoted trials, sweep/asha-sweep.ts). Continuing from the state after k epochs gives,
 * bit for bit, the epochs k+1… of a run from scratch (serialize.test.ts checks this).
 */
export async function runTrialWithState(spec: TrialSpec, opts: RunTrialOptions = {}): Promise<TrialRun> {
  const start = performance.now();
  const { id, config } = spec;
  const done = (o: Omit<TrialOutcome, 'id' | 'config' | 'seconds'>): TrialOutcome => ({
    id, config, ...o, seconds: (performance.now() - start) / 1000,
  });
  try {
    const { result, stepLosses, evals, trainEval, state } = await train(config, opts);
    const outcome = done({
      status: result.diverged ? 'diverged' : 'ok',
      result: resultJson(result),
      ...(stepLosses ? { stepLosses } : {}),
      ...(evals ? { evals } : {}),
      ...(trainEval ? { trainEval } : {}),
    });
    return { outcome, state };
  } catch (err) {
    return { outcome: done({ status: 'error', result: null, error: err instanceof Error ? err.message : String(err) }), state: null };
  }
}

async function train(config: TrialConfig, opts: RunTrialOptions): Promise<{ result: TrainResult; stepLosses?: number[]; evals?: Eval[]; trainEval?: { loss: number; accuracy: number }; state: Uint8Array | null }> {
  const onProgress = opts.onProgress;
  const progressMs = opts.progressEveryMs ?? 250;
  const record = config.recordStepLosses === true || config.evalEverySteps !== undefined;
  // Per-step losses need every loss read back; the eval rows' train loss should be the current one.
  const built = await buildTrial(config, record ? { trainer: { checkEvery: 1 } } : {});
  try {
    const { trainer: t, data, batchSizeAt: sizes } = built;
    const restored = opts.resumeFrom ? await restoreTrainerFromBytes(t, built.model, opts.resumeFrom) : { epochsDone: 0, globalStep: 0 };
    const from = restored.epochsDone;
    if (from > config.epochs) throw new Error(`the state to continue from has ${from} epochs, more than config.epochs (${config.epochs})`);
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
    for (let e = from; e < config.epochs; e++) steps += Math.ceil(data.train.n / (sizes ? sizes(e) : config.batchSize));
    if (config.maxSteps !== undefined) steps = Math.min(steps, config.maxSteps);
    let lastReport = performance.now();

    const stop = new AbortController();
    const stepsBefore = restored.globalStep;
    const result = await t.run({
      epochs: config.epochs - from,
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
          onProgress(Math.min(1, (s.globalStep - stepsBefore) / steps));
        }
      },
    });
    const evals = every === undefined ? undefined : await Promise.all(evalJobs);
    const trainEval = config.evaluateTrain && !result.diverged ? await t.evaluateTrain() : undefined;
    const state = opts.keepState && !result.diverged ? await trainerStateToBytes(t, built.model) : null;
    return { result, stepLosses, evals, trainEval, state };
  } finally {
    built.dispose();
  }
}

/** The engine's TrainResult as the `train` result JSON, plus `aborted` and `steps`. */
function resultJson(r: TrainResult): TrialResultJson {
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
