import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFlags } from './args.js';
import { RUN_FLAGS } from './run-flags.js';
import { parseTrainingFlags, TRAINING_FLAGS, trainingConfig, trialConfigOf } from './training-flags.js';

const parse = (argv: string[], opts = {}) => parseTrainingFlags(parseFlags(argv, { ...TRAINING_FLAGS, ...RUN_FLAGS }).values, opts);
const sgdLr = (argv: string[]) => parse(['--lr', '0.1', ...argv]);

describe('parseTrainingFlags', () => {
  it('fills the documented defaults', () => {
    expect(parse(['--lr', '0.1'])).toEqual({
      data: 'mnist', trainSize: undefined, valSize: undefined, labelColumn: undefined,
      model: { kind: 'mlp' }, optimizer: { name: 'sgd' }, schedule: 0.1,
      batchSize: 128, epochs: 3, seed: 0, backend: 'wasm', normalize: 'scalar',
    });
  });

  it('parses every flag', () => {
    const s = parse(['--data', 'fashion-mnist', '--train-size', '5000', '--val-size', '1000', '--model', 'mlp', '--hidden', '512,256',
      '--optimizer', 'momentum', '--lr', '0.05', '--momentum', '0.8', '--weight-decay', '5e-4', '--batch-size', '64', '--epochs', '7',
      '--seed', '3', '--backend', 'cpu']);
    expect(s).toMatchObject({
      data: 'fashion-mnist', trainSize: 5000, valSize: 1000, model: { kind: 'mlp', hidden: [512, 256] },
      optimizer: { name: 'momentum', momentum: 0.8, weightDecay: 5e-4 }, schedule: 0.05, batchSize: 64, epochs: 7, seed: 3, backend: 'cpu',
    });
    expect(trainingConfig(s)).toEqual({ model: 'mlp', hidden: [512, 256], epochs: 7 });
  });

  it('takes a schedule inline or from @file as the one learning rate; the optimizer has none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lrlab-flags-'));
    const spec = { type: 'cosine', lr: 0.2, tMax: 100 };
    writeFileSync(join(dir, 's.json'), JSON.stringify(spec));
    expect(parse(['--schedule', JSON.stringify(spec)]).schedule).toEqual(spec);
    const s = parse(['--schedule', `@${join(dir, 's.json')}`]);
    expect(s.schedule).toEqual(spec);
    expect(s.optimizer).toEqual({ name: 'sgd' });
  });

  it('--schedule-unit epoch is the spec\'s "unit": "epoch"; a contradiction is an error', () => {
    const spec = { type: 'step', lr: 0.1, stepSize: 2, gamma: 0.5 };
    const folded = parse(['--schedule', JSON.stringify(spec), '--schedule-unit', 'epoch']).schedule;
    expect(folded).toEqual({ ...spec, unit: 'epoch' });
    expect(parse(['--schedule', JSON.stringify({ ...spec, unit: 'epoch' })]).schedule).toEqual(folded);
    expect(parse(['--schedule', JSON.stringify({ ...spec, unit: 'epoch' }), '--schedule-unit', 'epoch']).schedule).toEqual(folded);
    expect(parse(['--schedule', JSON.stringify(spec), '--schedule-unit', 'step']).schedule).toEqual(spec);
    expect(() => parse(['--schedule', JSON.stringify({ ...spec, unit: 'epoch' }), '--schedule-unit', 'step']))
      .toThrow('--schedule-unit: is step but the spec says "unit": "epoch"');
    expect(() => parse(['--schedule', JSON.stringify(spec), '--schedule-unit', 'month'])).toThrow(/^--schedule-unit: must be one of step\|epoch/);
  });

  it('every numeric flag rejects hex, empty and trailing garbage with the one message', () => {
    const cases: [string, string][] = [
      ['--lr', '0x10'], ['--lr', ''], ['--lr', '  '], ['--lr', '0.1abc'], ['--lr', '1,2'], ['--lr', 'Infinity'],
      ['--momentum', '0x1'], ['--weight-decay', '1e-4x'], ['--batch-size', '0x80'], ['--epochs', '3 epochs'],
      ['--seed', '0b1'], ['--train-size', '1_000'], ['--plateau-factor', '0x0.8'], ['--plateau-patience', ''],
    ];
    for (const [flag, raw] of cases) {
      const argv = flag === '--lr' ? [flag, raw] : ['--lr', '0.1', flag, raw];
      expect(() => parse(argv), `${flag} '${raw}'`).toThrow(new RegExp(`^${flag}: must be a decimal number \\(got '${raw}'\\)$`));
    }
    expect(() => parse(['--lr', '0.1', '--hidden', '16,0x10'])).toThrow(/^--hidden: must be a decimal number \(got '0x10'\)$/);
  });

  it('reads the batch-size schedule once: its first batch size is the batch size', () => {
    const s = sgdLr(['--batch-schedule', '{"type":"multistep","batchSize":32,"milestones":[1],"factor":2}']);
    expect(s.batchSchedule).toEqual({ type: 'multistep', batchSize: 32, milestones: [1], factor: 2 });
    expect(s.batchSize).toBe(32);
    expect(trialConfigOf({ ...s, schedule: 0.1 })).toMatchObject({ batchSize: 32, batchSchedule: s.batchSchedule, schedule: 0.1 });
    expect(() => sgdLr(['--batch-schedule', '{"type":"multistep","batchSize":32,"milestones":[1],"factor":2}', '--batch-size', '64']))
      .toThrow(/^--batch-schedule: cannot be combined with --batch-size/);
    expect(() => sgdLr(['--batch-schedule', '{"type":"multistep","batchSize":32}'])).toThrow(/^--batch-schedule: milestones/);
    expect(() => sgdLr(['--batch-schedule', '{oops'])).toThrow(/^--batch-schedule: the inline spec is not valid JSON/);
    expect(() => sgdLr(['--batch-schedule', '@/no/such/batch.json'])).toThrow("--batch-schedule: cannot read '/no/such/batch.json': no such file");
  });

  it('any --plateau-* flag turns ReduceLROnPlateau on, with PyTorch\'s names', () => {
    expect(sgdLr([]).plateau).toBeUndefined();
    expect(sgdLr(['--plateau-patience', '0']).plateau).toEqual({ patience: 0 });
    expect(sgdLr(['--plateau-factor', '0.5', '--plateau-patience', '2', '--plateau-threshold', '0.01', '--plateau-threshold-mode', 'abs',
      '--plateau-cooldown', '1', '--plateau-min-lr', '1e-4', '--plateau-mode', 'max', '--plateau-monitor', 'val-accuracy']).plateau).toEqual({
      factor: 0.5, patience: 2, threshold: 0.01, thresholdMode: 'abs', cooldown: 1, minLr: 1e-4, mode: 'max', monitor: 'valAccuracy',
    });
    expect(sgdLr(['--plateau-monitor', 'val-loss']).plateau).toEqual({ monitor: 'valLoss' });
    expect(() => sgdLr(['--plateau-factor', '1'])).toThrow(/^--plateau-factor: must be a number in \(0, 1\)/);
    expect(() => sgdLr(['--plateau-patience=-1'])).toThrow(/^--plateau-patience: must be an integer >= 0/);
    expect(() => sgdLr(['--plateau-monitor', 'loss'])).toThrow(/^--plateau-monitor: must be one of val-loss\|val-accuracy/);
    expect(() => sgdLr(['--plateau-threshold-mode', 'pct'])).toThrow(/^--plateau-threshold-mode: must be one of rel\|abs/);
  });

  it('names the flag for every kind of bad input', () => {
    expect(() => parse([])).toThrow('--lr: is required (or give --schedule)');
    expect(parse([], { lrOptional: true }).schedule).toBeUndefined();
    expect(() => parse(['--lr', '0.1', '--schedule', '{"type":"constant","lr":1}'])).toThrow(/^--schedule: cannot be combined with --lr/);
    expect(() => parse(['--schedule', '{nope'])).toThrow(/^--schedule: the inline spec is not valid JSON/);
    expect(() => parse(['--schedule', '{"type":"cosine","lr":0.1}'])).toThrow(/^--schedule: tMax/);
    expect(() => parse(['--schedule', '@/no/such/file.json'])).toThrow("--schedule: cannot read '/no/such/file.json': no such file");
    expect(() => parse(['--schedule', '[1]'])).toThrow('--schedule: must be a JSON object');
    expect(() => parse(['--lr', 'fast'])).toThrow("--lr: must be a decimal number (got 'fast')");
    expect(() => parse(['--lr', '0.1', '--model', 'rnn'])).toThrow(/^--model: must be linear\|mlp\|cnn or a path to a model\.json, got 'rnn'/);
    expect(() => parse(['--lr', '0.1', '--model', 'cnn', '--hidden', '32'])).toThrow(/^--hidden: applies only to --model mlp/);
    expect(() => parse(['--lr', '0.1', '--hidden', '32,x'])).toThrow(/^--hidden:/);
    expect(() => parse(['--lr', '0.1', '--optimizer', 'adagrad'])).toThrow(/^--optimizer: must be one of/);
    expect(() => parse(['--lr', '0.1', '--optimizer', 'adam', '--momentum', '0.9'])).toThrow(/^--momentum: does not apply to optimizer 'adam'/);
    expect(() => parse(['--lr', '0.1', '--batch-size', '0'])).toThrow(/^--batch-size: must be an integer >= 1/);
    expect(() => parse(['--lr', '0.1', '--backend', 'gpu'])).toThrow(/^--backend: must be one of wasm\|cpu/);
    expect(() => parse(['--lr', '0.1', '--schedule-unit', 'epoch'])).toThrow(/^--schedule-unit: needs --schedule/);
  });

  it('accepts a model.json path', () => {
    expect(parse(['--lr', '1', '--model', 'my/model.json']).model).toEqual({ path: 'my/model.json' });
  });
});
