import { describe, expect, it } from 'vitest';
import { parseTrialConfig, trialConfigSchema, type TrialConfig } from './config.js';

const base: TrialConfig = { data: 'synthetic', model: 'mlp', optimizer: { name: 'sgd' }, schedule: 0.1, batchSize: 32, epochs: 2, seed: 0 };
const bad = (over: Record<string, unknown>): unknown => ({ ...base, ...over });

describe('trialConfigSchema / parseTrialConfig', () => {
  it('accepts a constant LR, a schedule spec, every optional field; returns the config', () => {
    expect(parseTrialConfig(base)).toEqual(base);
    const full: TrialConfig = {
      ...base, trainSize: 100, valSize: 0, labelColumn: 'y', hidden: [8, 4],
      optimizer: { name: 'momentum', momentum: 0.9, weightDecay: 1e-4 },
      schedule: { type: 'step', lr: 1, stepSize: 1, unit: 'epoch' },
      batchSchedule: { type: 'multistep', batchSize: 16, milestones: [1], factor: 2 },
      dataSeed: 3, maxSteps: 10, divergeFactor: Infinity, plateau: { patience: 2, monitor: 'valAccuracy' },
      recordStepLosses: true, evalEverySteps: 5, evaluateTrain: false,
    };
    expect(parseTrialConfig(full)).toEqual(full);
    expect(trialConfigSchema.safeParse(full).success).toBe(true);
  });

  it('names the bad field with the config prefix', () => {
    expect(() => parseTrialConfig(bad({ data: '' }))).toThrow('config.data: must be a non-empty string');
    expect(() => parseTrialConfig(bad({ epochs: -1 }))).toThrow('config.epochs: must be an integer >= 0');
    expect(() => parseTrialConfig(bad({ batchSize: 1.5 }))).toThrow('config.batchSize: must be an integer >= 1');
    expect(() => parseTrialConfig(bad({ evalEverySteps: 0 }))).toThrow('config.evalEverySteps: must be an integer >= 1');
    expect(() => parseTrialConfig(bad({ maxSteps: 0 }))).toThrow('config.maxSteps: must be an integer >= 1');
    expect(() => parseTrialConfig(bad({ evaluateTrain: 'yes' }))).toThrow('config.evaluateTrain: must be true or false');
    expect(() => parseTrialConfig(bad({ hidden: [0] }))).toThrow('config.hidden[0]: must be an integer >= 1');
    expect(() => parseTrialConfig(bad({ optimizer: { name: 'nope' } }))).toThrow(/^config\.optimizer\.name: must be one of sgd\|/);
    expect(() => parseTrialConfig(bad({ plateau: { monitor: 'loss' } }))).toThrow('config.plateau.monitor: must be valLoss or valAccuracy');
    expect(() => parseTrialConfig('x')).toThrow('config: must be an object');
  });

  it('the learning rate lives in schedule only: optimizer.lr and scheduleUnit are unknown fields', () => {
    expect(() => parseTrialConfig(bad({ optimizer: { name: 'sgd', lr: 0.1 } }))).toThrow('config.optimizer.lr: unknown field');
    expect(() => parseTrialConfig(bad({ scheduleUnit: 'epoch' }))).toThrow('config.scheduleUnit: unknown field');
    expect(() => parseTrialConfig({ ...base, schedule: undefined })).toThrow(/^config\.schedule: /);
    expect(() => parseTrialConfig(bad({ schedule: -0.1 }))).toThrow(/^config\.schedule: must be a finite number >= 0/);
    expect(() => parseTrialConfig(bad({ schedule: 'cosine' }))).toThrow(/^config\.schedule: /);
  });
});
