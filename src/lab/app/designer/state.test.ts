import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromSpec } from '../../../core/schedules/index.js';
import { addPart, defaultState, decodeState, encodeState, fieldValue, retype, specOf, stateFromSpec, toCsv, validate, type DesignerState } from './state.js';

const one = (type: DesignerState['parts'][number]['type'], values: Record<string, string>): DesignerState =>
  ({ parts: [{ type, values, steps: '' }], steps: 100, log: false, extra: {} });

describe('fieldValue', () => {
  it('turns form text into JSON values, leaving unparseable text for the schema to name', () => {
    expect(fieldValue({ name: 'lr', kind: 'number', required: true }, ' 0.1 ')).toBe(0.1);
    expect(fieldValue({ name: 'lr', kind: 'number', required: true }, '')).toBeUndefined();
    expect(fieldValue({ name: 'lr', kind: 'number', required: true }, 'abc')).toBe('abc');
    expect(fieldValue({ name: 'm', kind: 'integers', required: true }, '30, 80 100')).toEqual([30, 80, 100]);
    expect(fieldValue({ name: 'b', kind: 'boolean', required: false }, 'false')).toBe(false);
  });
});

describe('validate', () => {
  it('a valid cosine gives its spec and no errors', () => {
    expect(validate(one('cosine', { lr: '0.1', tMax: '50' }))).toEqual({ spec: { type: 'cosine', lr: 0.1, tMax: 50, etaMin: 0 }, errors: [] });
  });

  it('places each rule at its field: a negative tMax, a missing lr, text in a number', () => {
    expect(validate(one('cosine', { lr: '0.1', tMax: '-3' })).errors).toEqual([{ part: 0, field: 'tMax', message: 'must be a positive integer' }]);
    expect(validate(one('cosine', { tMax: '10' })).errors).toEqual([{ part: 0, field: 'lr', message: 'is required' }]);
    expect(validate(one('step', { lr: 'x', stepSize: '3' })).errors).toEqual([{ part: 0, field: 'lr', message: 'must be a positive number' }]);
  });

  it('in a sequence, errors name the part, and a middle part without steps is flagged at its steps', () => {
    const s: DesignerState = {
      parts: [
        { type: 'linear', values: { lr: '0.1', startFactor: '0.01', totalIters: '10' }, steps: '' },
        { type: 'cosine', values: { lr: '0.1', tMax: '0' }, steps: '' },
      ],
      steps: 100, log: false, extra: {},
    };
    expect(validate(s).errors).toEqual([{ part: 1, field: 'tMax', message: 'must be a positive integer' }]);
    s.parts[1].values.tMax = '90';
    const { spec, errors } = validate(s);
    expect(spec).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ part: 0, field: 'steps' });
    s.parts[0].steps = '10';
    expect(validate(s).errors).toEqual([]);
  });
});

describe('URL state', () => {
  it('encode → decode reproduces a sequence design exactly', () => {
    const s: DesignerState = {
      parts: [
        { type: 'linear', values: { lr: '0.1', startFactor: '0.01', totalIters: '10' }, steps: '10' },
        { type: 'multistep', values: { lr: '0.1', milestones: '30, 60' }, steps: '' },
      ],
      steps: 123, log: true, extra: {},
    };
    const query = encodeState(specOf(s), s.steps, s.log);
    expect(decodeState(query)).toEqual({ state: s, error: null });
  });

  it('the query holds readable JSON: spec, steps and log', () => {
    const q = new URLSearchParams(encodeState({ type: 'constant', lr: 0.5 }, 7, false));
    expect(JSON.parse(q.get('spec') ?? '')).toEqual({ type: 'constant', lr: 0.5 });
    expect(q.get('steps')).toBe('7');
    expect(q.has('log')).toBe(false);
  });

  it('a broken link opens the default design with the reason', () => {
    expect(decodeState('spec=%7Bnope').error).toBe('spec: the link holds no valid JSON');
    const bad = decodeState(`spec=${encodeURIComponent('{"type":"cosine","lr":0.1,"tMax":-1}')}`);
    expect(bad.error).toBe('tMax: must be a positive integer');
    expect(bad.state.parts).toEqual(defaultState().parts);
    expect(decodeState('steps=0').error).toMatch(/^steps:/);
  });

  it('unit and stepsPerEpoch travel through the form unchanged', () => {
    const spec = { type: 'step', lr: 0.1, stepSize: 30, unit: 'epoch', stepsPerEpoch: 10 };
    const s = stateFromSpec(spec, 500, false);
    expect(specOf(s)).toEqual(spec);
  });

  it('property: any valid cosine/step design survives the URL round trip', () => {
    fc.assert(fc.property(
      fc.double({ min: 1e-6, max: 10, noNaN: true }), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 5000 }), fc.boolean(),
      (lr, n, steps, log) => {
        const s = one('step', { lr: String(lr), stepSize: String(n) });
        s.steps = steps;
        s.log = log;
        const back = decodeState(encodeState(specOf(s), steps, log));
        expect(back.error).toBeNull();
        expect(specOf(back.state)).toEqual(specOf(s));
        expect(back.state.steps).toBe(steps);
        expect(back.state.log).toBe(log);
      },
    ), { numRuns: 100 });
  });
});

describe('nested sequences', () => {
  // warmup 10 steps, then a sequence of (constant 0.1 for 20 steps, then cosine 0.1 over 70 steps)
  const nested = {
    type: 'sequence',
    parts: [
      { schedule: { type: 'linear', lr: 0.1, startFactor: 0.01, totalIters: 10 }, steps: 10 },
      { schedule: { type: 'sequence', parts: [{ schedule: { type: 'constant', lr: 0.1 }, steps: 20 }, { schedule: { type: 'cosine', lr: 0.1, tMax: 70 } }] } },
    ],
  };

  it('a spec with a sequence inside a sequence opens in the form, part by part', () => {
    const s = stateFromSpec(nested, 100, false);
    expect(s.parts).toEqual([
      { type: 'linear', values: { lr: '0.1', startFactor: '0.01', totalIters: '10' }, steps: '10' },
      {
        type: 'sequence', values: {}, steps: '', parts: [
          { type: 'constant', values: { lr: '0.1' }, steps: '20' },
          { type: 'cosine', values: { lr: '0.1', tMax: '70' }, steps: '' },
        ],
      },
    ]);
    expect(specOf(s)).toEqual(nested);
  });

  it('the nested design draws the curve of its spec: constant from step 10, cosine from step 30', () => {
    const { spec, errors } = validate(stateFromSpec(nested, 100, false));
    expect(errors).toEqual([]);
    const lr = fromSpec(spec).lr;
    expect(lr(10)).toBe(0.1);
    expect(lr(29)).toBe(0.1);
    // cosine part, local step 35 of tMax 70: 0.1·(1 + cos(π/2))/2 = 0.05
    expect(lr(65)).toBeCloseTo(0.05, 15);
  });

  it('errors inside a nested part are placed at that part: part 1, sub-part 1, field tMax', () => {
    const s = stateFromSpec(nested, 100, false);
    s.parts[1].parts![1].values.tMax = '0';
    expect(validate(s).errors).toEqual([{ part: 1, sub: [1], field: 'tMax', message: 'must be a positive integer' }]);
    s.parts[1].parts![1].values.tMax = '70';
    s.parts[1].parts![0].steps = '';
    expect(validate(s).errors).toEqual([{ part: 1, sub: [0], field: 'steps', message: 'is required on every part but the last' }]);
  });

  it('editing a nested part survives the URL round trip', () => {
    const s = stateFromSpec(nested, 100, true);
    s.parts[1].parts![0].values.lr = '0.2';
    const back = decodeState(encodeState(specOf(s), s.steps, s.log));
    expect(back.error).toBeNull();
    expect(back.state).toEqual(s);
  });

  it('retype to sequence nests the part as the first of two; addPart appends inside it', () => {
    const part = { type: 'step' as const, values: { lr: '0.3', stepSize: '5' }, steps: '40' };
    const seq = retype(part, 'sequence', 100);
    expect(seq).toEqual({
      type: 'sequence', values: {}, steps: '40', parts: [
        { type: 'step', values: { lr: '0.3', stepSize: '5' }, steps: '50' },
        { type: 'cosine', values: { lr: '0.1', tMax: '100' }, steps: '' },
      ],
    });
    addPart(seq.parts!, 100);
    expect(seq.parts!.map((p) => [p.type, p.steps])).toEqual([['step', '50'], ['cosine', '50'], ['cosine', '']]);
    // back to a plain type: the registry's example values, the part's length kept
    expect(retype(seq, 'constant', 100)).toEqual({ type: 'constant', values: { lr: '0.1' }, steps: '40' });
  });

  it('retype between plain types keeps the shared fields and fills the rest from the example', () => {
    const part = { type: 'cosine' as const, values: { lr: '0.3', tMax: '7' }, steps: '' };
    expect(retype(part, 'step', 90)).toEqual({ type: 'step', values: { lr: '0.3', stepSize: '30' }, steps: '' });
  });

  it('one top-level part that is a sequence is written as a one-part sequence, and reads back the same', () => {
    const s: DesignerState = { parts: [retype({ type: 'constant', values: { lr: '0.1' }, steps: '' }, 'sequence', 10)], steps: 10, log: false, extra: {} };
    expect(specOf(s)).toEqual({
      type: 'sequence',
      parts: [{ schedule: { type: 'sequence', parts: [{ schedule: { type: 'constant', lr: 0.1 }, steps: 5 }, { schedule: { type: 'cosine', lr: 0.1, tMax: 10 } }] } }],
    });
    expect(validate(s).errors).toEqual([]);
    expect(stateFromSpec(specOf(s), 10, false)).toEqual(s);
  });
});

describe('toCsv', () => {
  it('matches lrlab schedule --format csv: step,lr,momentum with an empty momentum column when not cycled', () => {
    expect(toCsv({ lr: [0.1, 0.05], momentum: null })).toBe('step,lr,momentum\n0,0.1,\n1,0.05,\n');
    expect(toCsv({ lr: [1], momentum: [0.9] })).toBe('step,lr,momentum\n0,1,0.9\n');
  });
});
