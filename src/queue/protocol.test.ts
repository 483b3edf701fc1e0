import { describe, expect, it } from 'vitest';
import type { TrialOutcome } from '../trial/config.js';
import { checkSweepName, jobIdOf, outcomeNumbers, parseTrialJob } from './protocol.js';

const config = { data: 'synthetic', model: 'mlp', optimizer: { name: 'sgd' as const }, schedule: 0.1, batchSize: 32, epochs: 1, seed: 0 };

describe('queue protocol', () => {
  it('checks a payload with the trial schema and names the field', () => {
    expect(parseTrialJob({ sweep: 's', backend: 'wasm', id: 'a', config })).toEqual({ sweep: 's', backend: 'wasm', id: 'a', config });
    expect(() => parseTrialJob({ sweep: 's', backend: 'wasm', id: 'a', config: { ...config, epochs: 1.5 } })).toThrow('payload.config.epochs: must be an integer >= 0');
    expect(() => parseTrialJob({ sweep: 's', backend: 'wasm', id: 'a', config, code: 'x' })).toThrow('payload.code: unknown field');
    expect(() => parseTrialJob('{}')).toThrow(/^payload: /);
  });

  it('accepts every backend a coordinator may ask for (auto: each worker decides) and names a bad one', () => {
    for (const backend of ['wasm', 'cpu', 'webgpu', 'auto']) {
      expect(parseTrialJob({ sweep: 's', backend, id: 'a', config }).backend).toBe(backend);
    }
    expect(() => parseTrialJob({ sweep: 's', backend: 'webgl', id: 'a', config })).toThrow('payload.backend: must be one of wasm|cpu|webgpu|auto');
    expect(() => parseTrialJob({ sweep: 's', backend: 'gpu', id: 'a', config })).toThrow('payload.backend: must be one of wasm|cpu|webgpu|auto');
  });

  it('gives the same job id to the same trial, another to another config or backend', () => {
    const a = jobIdOf('s', 'wasm', { id: 'a', config });
    // Key order does not matter: the digest is of canonical JSON.
    const { data, ...rest } = config;
    expect(jobIdOf('s', 'wasm', { id: 'a', config: { ...rest, data } })).toBe(a);
    expect(jobIdOf('s', 'wasm', { id: 'a', config: { ...config, seed: 1 } })).not.toBe(a);
    expect(jobIdOf('s', 'cpu', { id: 'a', config })).not.toBe(a);
    expect(jobIdOf('s', 'webgpu', { id: 'a', config })).not.toBe(a);
    expect(jobIdOf('s', 'auto', { id: 'a', config })).not.toBe(a);
    expect(a).not.toContain(':');
    expect(() => checkSweepName('a:b')).toThrow('--sweep-name: must be 1 to 100 of');
  });

  it('compares outcomes without their timings', () => {
    const row = (seconds: number, valLoss: number) => ({ epoch: 1, seconds, evalSeconds: seconds, samplesPerSecond: 1 / seconds, valLoss });
    const o = (seconds: number, valLoss: number) => ({ id: 'a', config, status: 'ok', result: { epochs: [row(seconds, valLoss)] }, seconds }) as unknown as TrialOutcome;
    expect(outcomeNumbers(o(1, 0.5))).toBe(outcomeNumbers(o(2, 0.5)));
    expect(outcomeNumbers(o(1, 0.5))).not.toBe(outcomeNumbers(o(1, 0.25)));
  });
});
