import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFlags } from './args.js';
import { parseTrainingFlags, TRAINING_FLAGS, trainingConfig } from './training-flags.js';

const parse = (argv: string[], opts = {}) => parseTrainingFlags(parseFlags(argv, TRAINING_FLAGS).values, opts);

describe('parseTrainingFlags', () => {
  it('fills the documented defaults', () => {
    expect(parse(['--lr', '0.1'])).toEqual({
      data: 'mnist', trainSize: undefined, valSize: undefined, labelColumn: undefined,
      model: { kind: 'mlp' }, optimizer: { name: 'sgd', lr: 0.1 }, lr: 0.1, schedule: undefined, scheduleUnit: 'step',
      batchSize: 128, epochs: 3, seed: 0, backend: 'wasm', normalize: 'scalar',
    });
  });

  it('parses every flag', () => {
    const s = parse(['--data', 'fashion-mnist', '--train-size', '5000', '--val-size', '1000', '--model', 'mlp', '--hidden', '512,256',
      '--optimizer', 'momentum', '--lr', '0.05', '--momentum', '0.8', '--weight-decay', '5e-4', '--batch-size', '64', '--epochs', '7',
      '--seed', '3', '--backend', 'cpu']);
    expect(s).toMatchObject({
      data: 'fashion-mnist', trainSize: 5000, valSize: 1000, model: { kind: 'mlp', hidden: [512, 256] },
      optimizer: { name: 'momentum', lr: 0.05, momentum: 0.8, weightDecay: 5e-4 }, batchSize: 64, epochs: 7, seed: 3, backend: 'cpu',
    });
    expect(trainingConfig(s)).toEqual({ model: 'mlp', hidden: [512, 256], epochs: 7 });
  });

  it('takes a schedule inline or from @file; its LR at step 0 seeds the optimizer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lrlab-flags-'));
    const spec = { type: 'cosine', lr: 0.2, tMax: 100 };
    writeFileSync(join(dir, 's.json'), JSON.stringify(spec));
    expect(parse(['--schedule', JSON.stringify(spec)]).schedule).toEqual(spec);
    const s = parse(['--schedule', `@${join(dir, 's.json')}`, '--schedule-unit', 'epoch']);
    expect(s.schedule).toEqual(spec);
    expect(s.scheduleUnit).toBe('epoch');
    expect(s.optimizer.lr).toBe(0.2);
  });

  it('names the flag for every kind of bad input', () => {
    expect(() => parse([])).toThrow('--lr: is required (or give --schedule)');
    expect(parse([], { lrOptional: true }).lr).toBeUndefined();
    expect(() => parse(['--lr', '0.1', '--schedule', '{"type":"constant","lr":1}'])).toThrow(/^--schedule: cannot be combined with --lr/);
    expect(() => parse(['--schedule', '{nope'])).toThrow(/^--schedule: is not valid JSON/);
    expect(() => parse(['--schedule', '{"type":"cosine","lr":0.1}'])).toThrow(/^--schedule: tMax/);
    expect(() => parse(['--schedule', '@/no/such/file.json'])).toThrow(/^--schedule: cannot read \/no\/such\/file\.json \(ENOENT\)/);
    expect(() => parse(['--lr', 'fast'])).toThrow(/^--lr: must be a number/);
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
