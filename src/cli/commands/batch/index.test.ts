import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../../../engine/backend.js';
import { runTrial } from '../../../trial/run-trial.js';
import { isInputError } from '../../errors.js';
import { defaultEpochs } from './convert.js';
import { command } from './index.js';
import { measurementSteps } from './measure.js';

let dir: string;
let stdout = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lrlab-batch-'));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
});
afterAll(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
/** Run `lrlab batch …` in-process with `--json FILE`; returns the parsed JSON and the text printed. */
async function batchJson(argv: string[]): Promise<{ json: any; text: string }> {
  const file = join(dir, `out-${counter++}.json`);
  stdout = '';
  expect(await command.run([...argv, '--json', file, '--quiet'])).toBe(0);
  return { json: JSON.parse(readFileSync(file, 'utf8')), text: stdout };
}

async function inputError(argv: string[]): Promise<string> {
  const file = join(dir, `never-${counter++}.json`);
  const err = await command.run([...argv, '--json', file]).then(() => null, (e: unknown) => e);
  expect(isInputError(err), `${argv.join(' ')} → ${String(err)}`).toBe(true);
  expect(existsSync(file)).toBe(false);
  return (err as Error).message;
}

describe('lrlab batch --plan', () => {
  it('scales 128 → 4096 linearly with 5 warmup epochs, numbers by hand', async () => {
    const { json, text } = await batchJson(['--plan', '--from-batch', '128', '--from-lr', '0.1', '--to-batch', '4096', '--dataset-size', '60000']);
    // k = 4096/128 = 32; lr = 0.1·32 = 3.2; steps/epoch = ceil(60000/4096 = 14.65) = 15; warmup = 5·15 = 75
    expect(json).toMatchObject({ k: 32, factor: 32, stepsPerEpoch: 15, warmupSteps: 75, rule: 'linear', warnings: [] });
    expect(json.lr).toBeCloseTo(3.2, 12);
    // LinearLR from 0.1 to 3.2: startFactor 0.1/3.2 = 0.03125, then constant 3.2
    expect(json.schedule.parts[0]).toMatchObject({ steps: 75, schedule: { type: 'linear', startFactor: 0.03125, endFactor: 1, totalIters: 75 } });
    expect(json.schedule.parts[1].schedule.type).toBe('constant');
    expect(text).toContain('k = 4096/128 = 32, lr = 0.1 × 32 = 3.2');
    expect(text).toContain('5 epochs × 15 steps = 75 steps');
  });

  it('sqrt rule: lr = 0.1·√32, warmup over --steps-per-epoch', async () => {
    const { json } = await batchJson(['--plan', '--from-batch', '128', '--from-lr', '0.1', '--to-batch', '4096', '--rule', 'sqrt',
      '--steps-per-epoch', '100', '--warmup-epochs', '2']);
    // √32 = 5.656854249…; warmup 2·100 = 200 steps
    expect(json.lr).toBeCloseTo(0.5656854249492381, 12);
    expect(json.warmupSteps).toBe(200);
    expect(json.schedule.parts[0].schedule.startFactor).toBeCloseTo(1 / Math.sqrt(32), 12);
  });

  it('warns past the critical batch (with the expected speed-up) and past 10% of the data', async () => {
    const { json } = await batchJson(['--plan', '--from-batch', '128', '--from-lr', '0.1', '--to-batch', '8192', '--dataset-size', '60000', '--critical-batch', '600']);
    // speed-up (1 + 600/128)/(1 + 600/8192) = 5.6875/1.0732421875 = 5.2993…; 8192 > 60000/10
    expect(json.warnings).toHaveLength(2);
    expect(json.warnings[0]).toContain('5.299×');
    expect(json.warnings[1]).toContain('10% of the data set');
  });

  it('reads the critical batch from a lrlab batch --json result', async () => {
    const file = join(dir, 'measured.json');
    writeFileSync(file, JSON.stringify({ noiseScale: { bSimple: 1000 } }));
    const { json } = await batchJson(['--plan', '--from-batch', '128', '--from-lr', '0.1', '--to-batch', '2048', '--steps-per-epoch', '10', '--critical-batch', `@${file}`]);
    expect(json.criticalBatch).toBe(1000);
    // (1 + 1000/128)/(1 + 1000/2048) = 8.8125/1.48828125 = 5.9213…
    expect(json.warnings[0]).toContain('5.921×');
  });

  it('a smaller batch keeps a constant schedule at the scaled-down LR', async () => {
    const { json } = await batchJson(['--plan', '--from-batch', '128', '--from-lr', '0.1', '--to-batch', '64', '--steps-per-epoch', '10']);
    expect(json.lr).toBeCloseTo(0.05, 12);
    expect(json.warmupSteps).toBe(0);
    expect(json.schedule).toEqual({ type: 'constant', lr: json.lr });
  });
});

describe('lrlab batch --convert-schedule', () => {
  const smith = '{"type":"multistep","lr":0.1,"milestones":[60,120,160],"gamma":0.2}';

  it('grows the batch ×5 up to the cap, then decays the LR (Smith et al. 2018), numbers by hand', async () => {
    const { json, text } = await batchJson(['--convert-schedule', smith, '--batch-size', '128', '--dataset-size', '50000']);
    // cap = 50000/10 = 5000: 128 → 640 (60) → 3200 (120); 16000 > 5000 so the LR decays at 160
    expect(json.batchSchedule).toEqual({ type: 'multistep', batchSize: 128, milestones: [60, 120], factor: 5 });
    expect(json.lrSchedule).toMatchObject({ type: 'multistep', lr: 0.1, milestones: [160], gamma: 0.2, unit: 'epoch' });
    // default length 160 + (160 − 120) = 200 epochs
    expect(json.input.epochs).toBe(200);
    // updates: 200·ceil(50000/128 = 390.6) = 78200; 60·391 + 60·ceil(78.1) + 80·ceil(15.6) = 23460 + 4740 + 1280 = 29480
    expect(json.updates).toEqual({ original: 78200, converted: 29480 });
    // g = lr·N/B at epoch 0: 0.1·50000/128 = 39.0625, equal in both schedules
    expect(json.table[0].noiseScale).toBeCloseTo(39.0625, 10);
    expect(json.table[0].originalNoiseScale).toBeCloseTo(39.0625, 10);
    // Per epoch (LR stepped by epoch): 0.1 until 159, 0.02 from 160; batch 3200 from 120.
    expect(json.perEpoch).toHaveLength(200);
    expect(json.perEpoch[159]).toMatchObject({ lr: 0.1, batchSize: 3200, stepsPerEpoch: 16 });
    expect(json.perEpoch[160].lr).toBeCloseTo(0.02, 12);
    expect(json.perEpoch[60]).toMatchObject({ batchSize: 640, stepsPerEpoch: 79 });
    expect(text).toContain('78200 → 29480');
  });

  it('momentum scales g by 1/(1 − m); a step decay converts with its default length', async () => {
    const { json } = await batchJson(['--convert-schedule', smith, '--batch-size', '128', '--dataset-size', '50000', '--momentum', '0.9']);
    // 0.1·50000/(128·0.1) = 390.625
    expect(json.table[0].noiseScale).toBeCloseTo(390.625, 8);
    const step = await batchJson(['--convert-schedule', '{"type":"step","lr":0.1,"stepSize":30,"gamma":0.1}', '--batch-size', '100', '--dataset-size', '50000']);
    // 4·30 = 120 epochs; milestones 30, 60, 90: 100 → 1000 ≤ 5000 at 30; 10000 > 5000, so LR ÷10 at 60 and 90
    expect(step.json.input.epochs).toBe(120);
    expect(step.json.batchSchedule).toEqual({ type: 'multistep', batchSize: 100, milestones: [30], factor: 10 });
    expect(step.json.lrSchedule.milestones).toEqual([60, 90]);
  });

  it("the converted schedules train: the trainer follows the batch sizes and the by-epoch LR", async () => {
    await initBackend('cpu');
    const { json } = await batchJson(['--convert-schedule', '{"type":"multistep","lr":0.1,"milestones":[1,2],"gamma":0.5}',
      '--batch-size', '8', '--dataset-size', '200', '--cap', '16', '--epochs', '3']);
    // 8 → 16 at epoch 1; 32 > cap 16, so the LR halves at epoch 2 instead
    expect(json.perEpoch.map((e: { batchSize: number }) => e.batchSize)).toEqual([8, 16, 16]);
    const outcome = await runTrial({
      id: 'converted',
      config: {
        data: 'synthetic', trainSize: 200, valSize: 50, model: 'mlp', hidden: [8], optimizer: { name: 'sgd' },
        schedule: json.lrSchedule, batchSize: 8, batchSchedule: json.batchSchedule, epochs: 3, seed: 0,
      },
    });
    expect(outcome.status, outcome.error).toBe('ok');
    const rows = outcome.result?.epochs as Array<{ batchSize: number; steps: number; lr: number }>;
    expect(rows.map((r) => r.batchSize)).toEqual([8, 16, 16]);
    // ceil(200/8) = 25, ceil(200/16) = 13
    expect(rows.map((r) => r.steps)).toEqual([25, 13, 13]);
    expect(rows.map((r) => r.lr)).toEqual(json.perEpoch.map((e: { lr: number }) => e.lr));
    expect(rows[2].lr).toBeCloseTo(0.05, 7);
  });

  it('defaultEpochs: last milestone + last interval; 2m for one milestone; 4 steps', () => {
    expect(defaultEpochs({ type: 'multistep', milestones: [160, 60, 120] })).toBe(200);
    expect(defaultEpochs({ type: 'multistep', milestones: [30] })).toBe(60);
    expect(defaultEpochs({ type: 'step', stepSize: 25 })).toBe(100);
    expect(defaultEpochs({ type: 'cosine' })).toBeUndefined();
  });
});

describe('lrlab batch: bad input is exit 2 and writes nothing', () => {
  const plan = ['--plan', '--from-batch', '128', '--from-lr', '0.1', '--to-batch', '4096', '--dataset-size', '60000'];
  const conv = ['--convert-schedule', '{"type":"multistep","lr":0.1,"milestones":[60],"gamma":0.2}', '--batch-size', '128', '--dataset-size', '50000'];
  it.each([
    [plan.filter((_, i) => i !== 3 && i !== 4), '--from-lr'],
    [[...plan.slice(0, 5), '--to-batch', '0', '--dataset-size', '60000'], '--to-batch'],
    [[...plan, '--rule', 'cubic'], '--rule'],
    [[...plan, '--warmup-epochs', '-1'], '--warmup-epochs'],
    [plan.slice(0, 7), '--steps-per-epoch'],
    [[...plan.slice(0, 7), '--dataset-size', '1000'], '--to-batch'],
    [[...plan, '--critical-batch', '@/nonexistent/x.json'], '--critical-batch'],
    [[...plan, '--critical-batch', '-5'], '--critical-batch'],
    [[...plan, '--convert-schedule', '{}'], '--plan'],
    [[...plan, '--bogus'], '--bogus'],
    [['--convert-schedule', '{"type":"multistep","lr":0.1,"milestones":[60],"gamma":1}', '--batch-size', '128', '--dataset-size', '50000'], '--convert-schedule'],
    [['--convert-schedule', '{"type":"cosine","lr":0.1,"tMax":10}', '--batch-size', '128', '--dataset-size', '50000', '--epochs', '10'], '--convert-schedule'],
    [['--convert-schedule', '{not json', '--batch-size', '128', '--dataset-size', '50000'], '--convert-schedule'],
    [['--convert-schedule', '@/nonexistent/spec.json', '--batch-size', '128', '--dataset-size', '50000'], '--convert-schedule'],
    [conv.slice(0, 4), '--dataset-size'],
    [[...conv, '--momentum', '1'], '--momentum'],
    [[...conv, '--cap', '64'], '--cap'],
    [[...conv, '--epochs', '0'], '--epochs'],
    [['--data', 'synthetic', '--b-small', '64', '--b-big', '32'], '--b-big'],
    [['--data', 'synthetic', '--points', '0'], '--points'],
    [['--data', 'synthetic', '--optimizer', 'nope'], '--optimizer'],
  ])('%j → %s', async (argv, flag) => {
    expect(await inputError(argv)).toMatch(new RegExp(`^${flag}: `));
  });
});

describe('lrlab batch (measure)', () => {
  it('measurementSteps: 0, then T/2^k … T', () => {
    // T = 469: 469/8 = 58.6 → 59, 469/4 = 117.25 → 117, 234.5 → 235, 469
    expect(measurementSteps(469, 5)).toEqual([0, 59, 117, 235, 469]);
    expect(measurementSteps(3, 5)).toEqual([0, 1, 2, 3]);
    expect(measurementSteps(10, 1)).toEqual([0]);
  });

  it('measures B_simple along training on a small MLP and recommends by the stated rule', async () => {
    const { json, text } = await batchJson(['--data', 'synthetic', '--train-size', '400', '--val-size', '100', '--hidden', '16',
      '--lr', '0.1', '--batch-size', '32', '--epochs', '1', '--backend', 'cpu', '--measure-steps', '3', '--final-steps', '6', '--points', '3']);
    // ceil(400/32) = 13 steps: points at 0, round(6.5) = 7, 13
    expect(json.points.map((p: { step: number }) => p.step)).toEqual([0, 7, 13]);
    expect(json.points.map((p: { count: number }) => p.count)).toEqual([3, 3, 6]);
    // default pair for n = 400: bBig = 200, bSmall = 50
    expect(json.config.measurement).toMatchObject({ bSmall: 50, bBig: 200 });
    const ns = json.noiseScale;
    expect(ns.step).toBe(13);
    // The rule, re-derived: largest power of two ≤ B_simple (or its lower bound), capped at N/10 = 40.
    const basis = ns.status === 'ok' ? ns.bSimple : ns.status === 'noise-dominated' ? ns.lower : 1;
    const expected = 2 ** Math.floor(Math.log2(Math.max(1, Math.min(basis, 40))));
    expect(json.recommendation.batchSize).toBe(expected);
    // linear rule from (32, 0.1)
    expect(json.recommendation.lr).toBeCloseTo(0.1 * expected / 32, 12);
    expect(text).toContain(`recommended batch size: ${expected}`);
  });
});
