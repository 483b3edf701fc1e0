import type { z } from 'zod';
import type { VegaLiteSpec } from '../report/charts/types.js';

/** How much compute a study spends: `quick` (all studies ≤ 5 min on 2 cores) or `full` (≤ 60 min). */
export type Preset = 'quick' | 'full';

/**
 * One training run, as plain JSON so it can cross to a worker thread and be written to
 * `trials.jsonl`. The sweep engine turns it into data + model + optimizer + Trainer.
 */
export interface TrialConfig {
  /** `mnist` | `fashion-mnist` | `synthetic[:blobs|:spirals]` | a CSV/IDX path. */
  data: string;
  trainSize?: number;
  valSize?: number;
  /** CSV only: the label column (default: the last). */
  labelColumn?: string;
  /** `linear` | `mlp` | `cnn` | path to a model.json. */
  model: string;
  hidden?: number[];
  /** Optimizer name and hyper-parameters (engine OptimizerOptions): `{name, lr, momentum?, weightDecay?, …}`. */
  optimizer: { name: string; lr: number; [k: string]: unknown };
  /** A schedule spec (DESIGN.md JSON); when absent the LR is constant `optimizer.lr`. */
  schedule?: unknown;
  scheduleUnit?: 'step' | 'epoch';
  batchSize: number;
  /** A batch-size schedule spec (core/batch) followed between epochs. */
  batchSchedule?: unknown;
  epochs: number;
  seed: number;
  /** Seed of the data subsets (trainSize/valSize, synthetic data); default `seed`. Fix it to vary only the initialisation and batch order. */
  dataSeed?: number;
  /**
   * Stop after this many optimizer steps (a budget for tiny batches). `result.epochs` keeps the
   * completed epochs only; `stepLosses` and `evals` cover every step.
   */
  maxSteps?: number;
  divergeFactor?: number;
  /** Record every step's training loss (read back in chunks; costs a little speed). */
  recordStepLosses?: boolean;
  /** Evaluate on the validation set every N optimizer steps, recording elapsed training seconds. */
  evalEverySteps?: number;
  /**
   * After the last epoch, evaluate the final weights on the whole training set (`trainEval` in the
   * outcome). The per-epoch `trainAccuracy` is a running average over the epoch's batches, taken
   * while the weights still move, so it lags the model the run ends with.
   */
  evaluateTrain?: boolean;
}

/** What a trial produced. `result` is the engine's TrainResult JSON (DESIGN.md `train` format). */
export interface TrialOutcome {
  id: string;
  config: TrialConfig;
  status: 'ok' | 'diverged' | 'error';
  /** Engine TrainResult (config, epochs[], final, diverged, divergedAtStep); null on error. */
  result: Record<string, any> | null;
  error?: string;
  stepLosses?: number[];
  /** Evaluations every `evalEverySteps`: step, training seconds so far, val loss and accuracy. */
  evals?: { step: number; seconds: number; samples: number; valLoss: number; valAccuracy: number; trainLoss: number }[];
  /** Loss and accuracy of the final weights on the whole training set (`evaluateTrain`; not for diverged runs). */
  trainEval?: { loss: number; accuracy: number };
  seconds: number;
}

export interface TrialSpec {
  /** Unique within the study, stable across runs (used by `--resume`). */
  id: string;
  config: TrialConfig;
}

export interface StudyContext {
  preset: Preset;
  /** Base seed; studies derive per-trial seeds from it. */
  seed: number;
  backend: 'wasm' | 'cpu';
  jobs: number;
  /** The study's own folder (results.json, figures/, trials.jsonl). */
  outDir: string;
  /** Run trials through the sweep engine: parallel workers, appended to trials.jsonl, resumable. */
  runTrials(trials: TrialSpec[]): Promise<TrialOutcome[]>;
  /** Report progress (shown as study / trial / time left). */
  progress(update: { label?: string; done?: number; total?: number }): void;
  signal?: AbortSignal;
}

export interface StudyFigure {
  /** File stem under figures/ (`loss-vs-step`). */
  id: string;
  title: string;
  caption: string;
  spec: VegaLiteSpec;
}

export type VerdictStatus = 'confirmed' | 'refuted' | 'nuanced' | 'inconclusive';

export interface StudyOutput {
  /** How the claim was tested, in a few sentences (generated, with the actual settings). */
  method: string;
  figures: StudyFigure[];
  table?: { columns: string[]; rows: (string | number | null)[][] };
  /** Computed from the measurements, never written in advance. */
  verdict: { status: VerdictStatus; text: string };
  /** Every number behind every chart and the verdict. */
  data: Record<string, unknown>;
}

export interface Study<C = any> {
  name: string;
  title: string;
  /** The claim under test, as the article states it. */
  claim: string;
  configSchema: z.ZodType<C>;
  presets: Record<Preset, C>;
  run(config: C, ctx: StudyContext): Promise<StudyOutput>;
}
