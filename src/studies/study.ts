import type { z } from 'zod';
import type { BackendName } from '../engine/backend.js';
import type { VegaLiteSpec } from '../report/charts/types.js';
import type { TrialOutcome, TrialSpec } from '../trial/config.js';

/** How much compute a study spends: `quick` (all studies ≤ 5 min on 2 cores) or `full` (≤ 60 min). */
export type Preset = 'quick' | 'full';

/** Trials are the trial layer's: re-exported so studies and their callers import one module. */
export type { TrialConfig, TrialOutcome, TrialSpec } from '../trial/config.js';

export interface StudyContext {
  preset: Preset;
  /** Base seed; studies derive per-trial seeds from it. */
  seed: number;
  backend: BackendName;
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

/**
 * How a measured result bears on a claim. `underpowered`: the preset's measurement noise is as
 * large as the effect that decides the verdict, so this preset cannot decide (the text says why);
 * `inconclusive`: the measurement itself did not come out (no suggestion, runs missing).
 */
export type VerdictStatus = 'confirmed' | 'refuted' | 'nuanced' | 'inconclusive' | 'underpowered';

/** A verdict measured at several base seeds: each seed's status in seed order, and how many share the reported one. */
export interface VerdictStability {
  /** Seeds whose status equals the reported (majority) status. */
  agree: number;
  /** Seeds measured. */
  of: number;
  statuses: VerdictStatus[];
  seeds: number[];
}

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
