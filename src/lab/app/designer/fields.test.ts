import { describe, expect, it } from 'vitest';
import { SCHEDULE_TYPES, fromSpec } from '../../../core/schedules/index.js';
import { PART_TYPES, exampleValues, fieldsOf } from './fields.js';
import { partSpec } from './state.js';

describe('fieldsOf', () => {
  it('covers every schedule type but sequence (parts are composed in the form)', () => {
    expect([...PART_TYPES, 'sequence'].sort()).toEqual([...SCHEDULE_TYPES].sort());
  });

  it('cosine: lr and tMax required, etaMin defaults to 0 (DESIGN.md table)', () => {
    expect(fieldsOf('cosine')).toEqual([
      { name: 'lr', kind: 'number', required: true },
      { name: 'tMax', kind: 'integer', required: true },
      { name: 'etaMin', kind: 'number', required: false, defaultValue: 0 },
    ]);
  });

  it('onecycle: the PyTorch defaults and kinds of DESIGN.md', () => {
    const f = Object.fromEntries(fieldsOf('onecycle').map((x) => [x.name, x]));
    expect(Object.keys(f)).toEqual(['maxLr', 'totalSteps', 'pctStart', 'annealStrategy', 'divFactor', 'finalDivFactor', 'threePhase', 'cycleMomentum', 'baseMomentum', 'maxMomentum']);
    expect(f.annealStrategy).toMatchObject({ kind: 'enum', options: ['cos', 'linear'], defaultValue: 'cos' });
    expect(f.threePhase).toMatchObject({ kind: 'boolean', defaultValue: false });
    expect(f.divFactor.defaultValue).toBe(25);
    expect(f.finalDivFactor.defaultValue).toBe(1e4);
    expect(f.totalSteps).toMatchObject({ kind: 'integer', required: true });
  });

  it('cyclic: stepSizeDown is optional without a default; multistep milestones is an integer list', () => {
    const cyc = fieldsOf('cyclic').find((x) => x.name === 'stepSizeDown');
    expect(cyc).toEqual({ name: 'stepSizeDown', kind: 'integer', required: false });
    expect(fieldsOf('multistep').find((x) => x.name === 'milestones')).toEqual({ name: 'milestones', kind: 'integers', required: true });
  });

  it.each(PART_TYPES.map((t) => [t]))('exampleValues(%s) form a valid spec for 10, 1000 and 12345 steps', (type) => {
    for (const steps of [10, 1000, 12345]) {
      expect(() => fromSpec(partSpec({ type, values: exampleValues(type, steps), steps: '' }))).not.toThrow();
    }
  });
});
