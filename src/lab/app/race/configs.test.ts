import { describe, expect, it } from 'vitest';
import { resolveRacers } from './configs.js';

describe('resolveRacers', () => {
  it('linear scaling multiplies lr by batch / reference batch (Goyal et al. 2017)', () => {
    // 0.05 · 256 / 32 = 0.4; the unscaled racer keeps 0.05.
    expect(resolveRacers([{ batchSize: '32', lr: '0.05', scaled: false }, { batchSize: '256', lr: '0.05', scaled: true }], 32, 10000)).toEqual([
      { name: 'b32 lr 0.05', batchSize: 32, lr: 0.05 },
      { name: 'b256 lr 0.4 (scaled)', batchSize: 256, lr: 0.4 },
    ]);
  });

  it('names identical racers apart (legends need unique names)', () => {
    const r = resolveRacers([{ batchSize: '64', lr: '0.1', scaled: false }, { batchSize: '64', lr: '0.1', scaled: false }, { batchSize: '64', lr: '0.1', scaled: false }], 32, 1000);
    expect(r.map((x) => x.name)).toEqual(['b64 lr 0.1', 'b64 lr 0.1 #2', 'b64 lr 0.1 #3']);
  });

  it('rejects bad input naming the racer and field', () => {
    const ok = { batchSize: '32', lr: '0.1', scaled: false };
    expect(() => resolveRacers([ok], 32, 1000)).toThrow('racers: must be 2 to 4 configurations');
    expect(() => resolveRacers([ok, ok, ok, ok, ok], 32, 1000)).toThrow('racers: must be 2 to 4 configurations');
    expect(() => resolveRacers([ok, { ...ok, batchSize: '0' }], 32, 1000)).toThrow('racers[1].batchSize: must be an integer in [1, 1000]');
    expect(() => resolveRacers([ok, { ...ok, batchSize: '2000' }], 32, 1000)).toThrow('racers[1].batchSize');
    expect(() => resolveRacers([{ ...ok, lr: '' }, ok], 32, 1000)).toThrow('racers[0].lr: must be a positive number');
    expect(() => resolveRacers([{ ...ok, lr: '-1' }, ok], 32, 1000)).toThrow('racers[0].lr: must be a positive number');
  });
});
