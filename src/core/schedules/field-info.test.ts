import { describe, expect, it } from 'vitest';
import { scheduleFields } from './field-info.js';

describe('scheduleFields', () => {
  it('cosine: lr and tMax required, etaMin defaults to 0', () => {
    expect(scheduleFields('cosine')).toEqual([
      { name: 'lr', kind: 'number', required: true },
      { name: 'tMax', kind: 'integer', required: true },
      { name: 'etaMin', kind: 'number', required: false, defaultValue: 0 },
    ]);
  });

  it("onecycle: PyTorch OneCycleLR's defaults and the kinds of its fields", () => {
    const f = Object.fromEntries(scheduleFields('onecycle').map((x) => [x.name, x]));
    expect(Object.keys(f)).toEqual(['maxLr', 'totalSteps', 'pctStart', 'annealStrategy', 'divFactor', 'finalDivFactor', 'threePhase', 'cycleMomentum', 'baseMomentum', 'maxMomentum']);
    expect(f.annealStrategy).toMatchObject({ kind: 'enum', options: ['cos', 'linear'], defaultValue: 'cos' });
    expect(f.threePhase).toMatchObject({ kind: 'boolean', defaultValue: false });
    expect(f.divFactor.defaultValue).toBe(25);
    expect(f.finalDivFactor.defaultValue).toBe(1e4);
    expect(f.totalSteps).toMatchObject({ kind: 'integer', required: true });
  });

  it('cyclic: stepSizeDown is optional without a default; multistep milestones is an integer list', () => {
    const cyc = scheduleFields('cyclic').find((x) => x.name === 'stepSizeDown');
    expect(cyc).toEqual({ name: 'stepSizeDown', kind: 'integer', required: false });
    expect(scheduleFields('multistep').find((x) => x.name === 'milestones')).toEqual({ name: 'milestones', kind: 'integers', required: true });
  });

  it('sequence has parts, not fields: asking for its fields is an error', () => {
    expect(() => scheduleFields('sequence')).toThrow('not a registered schedule type: sequence');
  });
});
