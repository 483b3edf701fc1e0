import { z } from 'zod';
import { loadData } from '../../data/index.js';
import { createModel, initBackend, MODEL_KINDS, Trainer, type ModelKind, type OptimizerOptions } from '../../engine/index.js';
import type { StudyContext, TrialConfig } from '../study.js';

/** Integer ≥ `min` (zod), with the message naming the rule. */
export const intAtLeast = (min: number) =>
  z.number({ error: `must be an integer >= ${min}` }).int({ error: `must be an integer >= ${min}` }).min(min, { error: `must be an integer >= ${min}` });

/** Finite number > 0 (zod). */
export const positiveNumber = () =>
  z.number({ error: 'must be a positive number' }).positive({ error: 'must be a positive number' }).finite({ error: 'must be a positive number' });

/**
 * The training setting a learning-rate study runs on: data subset, model and batch size.
 * One schema for every study here, so `--config` files read the same everywhere.
 */
export const setupSchema = z.strictObject({
  /** `mnist`, `fashion-mnist`, `synthetic…` or a path (as `--data`). */
  data: z.string({ error: 'must name a data set' }).min(1, { error: 'must name a data set' }),
  trainSize: intAtLeast(1),
  valSize: intAtLeast(1),
  model: z.enum(MODEL_KINDS as [ModelKind, ...ModelKind[]], { error: `must be one of ${MODEL_KINDS.join('|')}` }),
  hidden: z.array(intAtLeast(1), { error: 'must be a list of positive integers' }).min(1, { error: 'must be a list of positive integers' }).optional(),
  batchSize: intAtLeast(1),
});
export type Setup = z.output<typeof setupSchema>;

/** A TrialConfig for `setup` (data subset fixed by `dataSeed`, initialisation and batch order by `seed`). */
export function trialConfig(
  setup: Setup,
  rest: Omit<TrialConfig, 'data' | 'trainSize' | 'valSize' | 'model' | 'hidden' | 'batchSize'> & { batchSize?: number },
): TrialConfig {
  return {
    data: setup.data,
    trainSize: setup.trainSize,
    valSize: setup.valSize,
    model: setup.model,
    ...(setup.hidden ? { hidden: setup.hidden } : {}),
    batchSize: setup.batchSize,
    ...rest,
  };
}

/**
 * Build the same data subset, initial weights and batch order a trial with this config gets
 * from the sweep engine (`loadData` with `dataSeed ?? seed`, `createModel` and `Trainer` seeded
 * by `seed`), run `fn` on the trainer in this thread, and dispose everything. For the range
 * tests, which need a live trainer rather than a finished trial.
 */
export async function withTrainer<T>(config: TrialConfig, ctx: Pick<StudyContext, 'backend'>, fn: (t: Trainer) => Promise<T>): Promise<T> {
  await initBackend(ctx.backend);
  const data = await loadData({ data: config.data, trainSize: config.trainSize, valSize: config.valSize, seed: config.dataSeed ?? config.seed });
  const model = createModel({
    kind: config.model as ModelKind,
    inputShape: data.train.featureShape,
    numClasses: data.train.numClasses,
    ...(config.hidden ? { hidden: config.hidden } : {}),
    seed: config.seed,
  });
  let trainer: Trainer | null = null;
  try {
    trainer = new Trainer({ model, optimizer: config.optimizer as OptimizerOptions, data, batchSize: config.batchSize, seed: config.seed });
    return await fn(trainer);
  } finally {
    trainer?.dispose();
    model.dispose();
  }
}

/** Describe a setting in words for a study's method paragraph. */
export function describeSetup(s: Setup): string {
  const model = s.model === 'mlp' ? `an MLP (hidden ${(s.hidden ?? [256]).join('×')}, ReLU)` : s.model === 'cnn' ? 'a small CNN' : 'softmax regression';
  return `${s.data} (${s.trainSize} training / ${s.valSize} validation examples), ${model}, batch size ${s.batchSize}`;
}
