/**
 * Messages between the page and the training worker (structured-clone plain objects).
 * Stopping is not a message: the page terminates the worker, which works at any moment, even
 * mid-step on a synchronous backend whose loop never yields to the worker's event queue.
 */
import type { EpochRow } from '../../../engine/trainer/index.js';

export type LabDataName = 'mnist' | 'fashion-mnist';
export type LabModel = 'mlp' | 'cnn';
/** `auto` tries webgpu, then webgl, then wasm, then cpu. */
export type BackendChoice = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

/** What every run needs: data, model and where to compute. */
export interface RunBase {
  data: LabDataName;
  model: LabModel;
  /** Training rows used (≤ the 10,000 shipped). */
  trainSize: number;
  seed: number;
  backend: BackendChoice;
}

export interface RangeTestRequest extends RunBase {
  type: 'range-test';
  batchSize: number;
  optimizer: 'sgd' | 'momentum' | 'adam';
  startLr: number;
  endLr: number;
  steps: number;
}

/** One racer: its batch size and the LR it actually trains with (scaling already applied). */
export interface RaceConfig {
  name: string;
  batchSize: number;
  lr: number;
}

export interface RaceRequest extends RunBase {
  type: 'race';
  optimizer: 'sgd' | 'momentum' | 'adam';
  epochs: number;
  configs: RaceConfig[];
}

export type WorkerRequest = RangeTestRequest | RaceRequest;

/** One epoch of one racer: the trainer's row, but with `seconds` summed over the racer's epochs. */
export type RaceEpoch = Pick<EpochRow, 'epoch' | 'lr' | 'trainLoss' | 'trainAccuracy' | 'valLoss' | 'valAccuracy' | 'samplesPerSecond'> & {
  /** The racer's position in the request's `configs`. */
  index: number;
  /** Cumulative training seconds of this racer up to the end of the epoch (evaluation excluded). */
  seconds: number;
};

export type WorkerMessage =
  | { type: 'backend'; name: string; note: string }
  | { type: 'status'; text: string }
  | { type: 'point'; i: number; lr: number; loss: number; smoothed: number }
  | { type: 'range-done'; curve: { lrs: number[]; losses: number[]; smoothedLosses: number[]; stopReason: string; stopLr: number | null; steps: number }; stepsPerEpoch: number; seconds: number }
  | { type: 'race-step'; index: number; globalStep: number; loss: number; samplesPerSecond: number }
  | { type: 'race-epoch'; row: RaceEpoch }
  | { type: 'race-done'; diverged: boolean[] }
  | { type: 'error'; message: string };
