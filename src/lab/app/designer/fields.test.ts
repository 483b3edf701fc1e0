import { describe, expect, it } from 'vitest';
import { SCHEDULE_TYPES, fromSpec, scheduleFields } from '../../../core/schedules/index.js';
import { PART_TYPES, exampleValues, fieldsOf, formText, summaryOf } from './fields.js';
import { partSpec } from './state.js';

describe('fieldsOf', () => {
  it('covers every schedule type but sequence (parts are composed in the form)', () => {
    expect([...PART_TYPES, 'sequence'].sort()).toEqual([...SCHEDULE_TYPES].sort());
  });

  it("is the registry's field list, so a registered type gets its form without designer code", () => {
    for (const type of PART_TYPES) expect(fieldsOf(type)).toEqual(scheduleFields(type));
    expect(fieldsOf('cosine').map((f) => f.name)).toEqual(['lr', 'tMax', 'etaMin']);
  });

  it('every type has a one-line summary for its card', () => {
    for (const type of PART_TYPES) expect(summaryOf(type)).toMatch(/^[a-z].{10,}[^.]$/);
  });
});

describe('exampleValues', () => {
  it('form text of the values: numbers as typed, a list comma-separated', () => {
    expect(formText(0.1)).toBe('0.1');
    expect(formText([50, 75])).toBe('50, 75');
    // multistep over 100 steps: milestones at round(100/2) = 50 and round(300/4) = 75
    expect(exampleValues('multistep', 100)).toEqual({ lr: '0.1', milestones: '50, 75' });
    // cosine over the whole plot
    expect(exampleValues('cosine', 1000)).toEqual({ lr: '0.1', tMax: '1000' });
  });

  it.each(PART_TYPES.map((t) => [t]))('exampleValues(%s) form a valid spec for 10, 1000 and 12345 steps', (type) => {
    for (const steps of [10, 1000, 12345]) {
      expect(() => fromSpec(partSpec({ type, values: exampleValues(type, steps), steps: '' }))).not.toThrow();
    }
  });
});
