import * as z from 'zod';
import { MODEL_KINDS, type ModelKind } from '../../engine/index.js';
import type { OptimizerSettings } from '../../trial/config.js';
import type { TrialConfig } from '../study.js';

/** Integer ≥ `min` (zod), with the message naming the rule. */
export const intAtLeast = (min: number) =>
  z.number({ error: `must be an integer >= ${min}` }).int({ error: `must be an integer >= ${min}` }).min(min, { error: `must be an integer >= ${min}` });

/** Positive integer (zod): `intAtLeast(1)`. */
export const posInt = () => intAtLeast(1);

/** Finite number > 0 (zod). */
export const posNum = () =>
  z.number({ error: 'must be a positive number' }).positive({ error: 'must be a positive number' }).finite({ error: 'must be a positive number' });

const increasing = (a: readonly number[]) => a.every((v, i) => i === 0 || v > a[i - 1]);

/** A non-empty list of positive integers in strictly increasing order (batch sizes, k values). */
export const increasingInts = () => z.array(posInt()).min(1, { error: 'must not be empty' }).refine(increasing, { error: 'must be strictly increasing' });

/** A non-empty list of positive numbers in strictly increasing order (LR grids). */
export const increasingNums = () => z.array(posNum()).min(1, { error: 'must not be empty' }).refine(increasing, { error: 'must be strictly increasing' });

/** `linear` | `mlp` | `cnn`. */
export const modelKind = () => z.enum(MODEL_KINDS as [ModelKind, ...ModelKind[]], { error: `must be one of ${MODEL_KINDS.join('|')}` });

/** The data and model a study trains: one shape for every study (TrialConfig's names). */
export interface Setup {
  /** `mnist`, `fashion-mnist`, `synthetic…` or a path (as `--data`). */
  data: string;
  trainSize: number;
  valSize: number;
  model: ModelKind;
  hidden?: number[];
}

/** The zod fields of a Setup, for studies whose config lists them at the top level. */
export const setupFields = {
  data: z.string({ error: 'must name a data set' }).min(1, { error: 'must name a data set' }),
  trainSize: posInt(),
  valSize: posInt(),
  model: modelKind(),
  hidden: z.array(posInt(), { error: 'must be a list of positive integers' }).min(1, { error: 'must be a list of positive integers' }).optional(),
};

/** Number of seeds (initialisation and batch order) per setting; the data subset stays fixed. */
export const seedsField = () => posInt().max(10, { error: 'must be at most 10' });

/** A Setup plus the batch size, as one nested object (`setup` in the learning-rate studies' configs). */
export const setupSchema = z.strictObject({ ...setupFields, batchSize: posInt() });
export type BatchSetup = z.output<typeof setupSchema>;

/** The part of a TrialConfig a Setup fixes, with the data subset fixed by `dataSeed` when given. */
export function setupTrial(setup: Setup, dataSeed?: number): Pick<TrialConfig, 'data' | 'trainSize' | 'valSize' | 'model' | 'hidden' | 'dataSeed'> {
  return {
    data: setup.data, trainSize: setup.trainSize, valSize: setup.valSize, model: setup.model,
    ...(setup.hidden ? { hidden: setup.hidden } : {}),
    ...(dataSeed !== undefined ? { dataSeed } : {}),
  };
}

/** A TrialConfig for a nested setup (data subset fixed by `dataSeed` when `rest` gives one, else by `seed`). */
export function trialConfig(setup: BatchSetup, rest: Omit<TrialConfig, 'data' | 'trainSize' | 'valSize' | 'model' | 'hidden' | 'batchSize'>): TrialConfig {
  return { ...setupTrial(setup), batchSize: setup.batchSize, ...rest };
}

/** Seeds of the repeated runs: base, base + 1, … (each seed changes the initialisation and batch order). */
export function seedList(base: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => base + i);
}

/** A model in words: `an MLP (hidden 128, ReLU)`, `a small CNN`, `softmax regression`. */
function describeModel(s: Pick<Setup, 'model' | 'hidden'>): string {
  return s.model === 'mlp' ? `an MLP (hidden ${(s.hidden ?? [256]).join('×')}, ReLU)` : s.model === 'cnn' ? 'a small CNN' : 'softmax regression';
}

/** A setting in words for a study's method paragraph. */
export function describeSetup(s: BatchSetup): string {
  return `${s.data} (${s.trainSize} training / ${s.valSize} validation examples), ${describeModel(s)}, batch size ${s.batchSize}`;
}

/** The learning-rate studies' optimizer choice: plain SGD, or heavy-ball momentum 0.9. */
export const sgdOrMomentum = () => z.enum(['sgd', 'momentum'], { error: 'must be sgd or momentum' });

/** Optimizer settings (no LR: the schedule carries it) for `sgdOrMomentum`'s choice. */
export function optimizerSettings(name: 'sgd' | 'momentum'): OptimizerSettings {
  return name === 'sgd' ? { name: 'sgd' } : { name: 'momentum', momentum: 0.9 };
}
