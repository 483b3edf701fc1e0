import type * as tfl from '@tensorflow/tfjs-layers';
import { batchSchedule as buildBatchSchedule } from '../core/batch/index.js';
import type { DataSplit } from '../data/types.js';
import { createModel, loadModelFromDisk, MODEL_KINDS, Trainer, type ModelKind, type TrainerOptions } from '../engine/index.js';
import { parseTrialConfig, type TrialConfig } from './config.js';
import { trialData } from './data-cache.js';

/** Trainer options a trial config does not describe (they never change the numbers of a study's trial). */
export type TrialTrainerOptions = Pick<TrainerOptions, 'checkEvery' | 'evalBatchSize' | 'normalize' | 'config'>;

export interface BuildTrialOptions {
  /** Extra Trainer options; `config` fields are added to the result's config after `model` and `hidden`. */
  trainer?: TrialTrainerOptions;
  /** Train on this split instead of loading `config.data` (a command that builds several trials on one load). */
  data?: DataSplit;
}

export interface BuiltTrial {
  data: DataSplit;
  model: tfl.LayersModel;
  trainer: Trainer;
  /** The batch size of each epoch, when the config has a batch schedule. */
  batchSizeAt: ((epoch: number) => number) | null;
  /** Dispose the trainer and the model (the data stays cached for the next trial). */
  dispose(): void;
}

/**
 * The one place a trial config becomes data + model + Trainer, for the sweep workers, the studies
 * and `lrlab train`: the config is validated (SpecError naming the field), the data comes from
 * the per-thread cache (seeded by `dataSeed ?? seed`), the model is one of lrlab's, seeded by
 * `seed`, or a model.json (a path to the file or its folder), and the Trainer gets the optimizer
 * settings, the schedule (the learning rate) and the batch schedule. Nothing is left allocated
 * when it throws.
 *
 * @example const t = await buildTrial({ data: 'synthetic', model: 'mlp', optimizer: { name: 'sgd' }, schedule: 0.1, batchSize: 32, epochs: 2, seed: 0 });
 * try { await t.trainer.run({ epochs: 2 }); } finally { t.dispose(); }
 */
export async function buildTrial(input: TrialConfig, opts: BuildTrialOptions = {}): Promise<BuiltTrial> {
  const config = parseTrialConfig(input);
  const data = opts.data ?? await trialData(config);
  const model = await buildModel(config, data);
  try {
    const sizes = config.batchSchedule === undefined ? null : buildBatchSchedule(config.batchSchedule);
    const { config: extra, ...trainerOpts } = opts.trainer ?? {};
    const trainer = new Trainer({
      model,
      optimizer: config.optimizer,
      schedule: config.schedule,
      data,
      batchSize: config.batchSize,
      seed: config.seed,
      ...(sizes ? { batchSchedule: sizes } : {}),
      ...(config.divergeFactor !== undefined ? { divergeFactor: config.divergeFactor } : {}),
      ...(config.plateau !== undefined ? { plateau: config.plateau } : {}),
      ...trainerOpts,
      config: { model: config.model, ...(config.hidden ? { hidden: config.hidden } : {}), ...extra },
    });
    return {
      data, model, trainer, batchSizeAt: sizes,
      dispose: () => { trainer.dispose(); model.dispose(); },
    };
  } catch (err) {
    model.dispose();
    throw err;
  }
}

async function buildModel(config: TrialConfig, data: DataSplit): Promise<tfl.LayersModel> {
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
