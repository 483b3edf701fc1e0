import { describe, expect, it } from 'vitest';
import { cosine, type CosineSpec } from './cosine.js';
import { cyclic } from './cyclic.js';
import { PART_TYPES, SCHEDULE_DEFINITIONS, scheduleDefinition } from './registry.js';
import { SCHEDULE_TYPES, fromSpec } from './spec.js';

describe('the schedule registry', () => {
  it('lists the types in the order error messages name them, sequence last', () => {
    // PyTorch's schedulers first, in this order; types added later come after them; sequence is last.
    expect(SCHEDULE_TYPES.slice(0, 10)).toEqual(['constant', 'step', 'multistep', 'exponential', 'cosine', 'sgdr', 'cyclic', 'onecycle', 'linear', 'polynomial']);
    expect(SCHEDULE_TYPES.at(-1)).toBe('sequence');
    expect([...PART_TYPES, 'sequence']).toEqual(SCHEDULE_TYPES);
  });

  it('each spec schema is the options plus a literal type tag, and stays strict', () => {
    for (const d of SCHEDULE_DEFINITIONS) {
      expect(Object.keys(d.spec.shape)).toEqual([...Object.keys(d.options.shape), 'type']);
      const example = { ...d.example(100), type: d.type };
      expect(d.spec.safeParse(example).success).toBe(true);
      expect(d.spec.safeParse({ ...example, type: 'other' }).success).toBe(false);
      expect(d.spec.safeParse({ ...example, surplus: 1 }).success).toBe(false);
    }
  });

  it.each(SCHEDULE_DEFINITIONS.map((d) => [d.type, d] as const))('%s: example values build for 1, 10, 1000 and 12345 steps', (_type, d) => {
    for (const steps of [1, 10, 1000, 12345]) expect(() => fromSpec({ type: d.type, ...d.example(steps) })).not.toThrow();
  });

  it('fromSpec builds through the registry: the same values as calling the builder', () => {
    // cosine(lr 0.1, tMax 10) at t = 5 is 0.1·(1 + cos(π/2))/2 = 0.05
    expect(fromSpec({ type: 'cosine', lr: 0.1, tMax: 10 }).lr(5)).toBeCloseTo(0.05, 15);
    const direct = cosine({ lr: 0.1, tMax: 10 });
    const viaSpec = fromSpec({ type: 'cosine', lr: 0.1, tMax: 10 }).lr;
    for (let t = 0; t < 25; t++) expect(viaSpec(t)).toBe(direct(t));
    const c = cyclic({ baseLr: 0.01, maxLr: 0.1, stepSizeUp: 4 });
    const s = fromSpec({ type: 'cyclic', baseLr: 0.01, maxLr: 0.1, stepSizeUp: 4 });
    for (let t = 0; t < 20; t++) {
      expect(s.lr(t)).toBe(c.lr(t));
      expect(s.momentum?.(t)).toBe(c.momentum?.(t));
    }
  });

  it('looks a type up by its tag; sequence and unknown tags are not registered', () => {
    expect(scheduleDefinition('onecycle')?.options.shape).toHaveProperty('maxLr');
    expect(scheduleDefinition('sequence')).toBeUndefined();
    expect(scheduleDefinition('cosin')).toBeUndefined();
  });

  it('a spec type is the input type: fields with defaults may be left out', () => {
    const spec: CosineSpec = { type: 'cosine', lr: 0.1, tMax: 10 };
    expect(fromSpec(spec).spec).toEqual({ type: 'cosine', lr: 0.1, tMax: 10, etaMin: 0 });
  });
});
