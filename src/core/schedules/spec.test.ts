import { describe, expect, it } from 'vitest';
import { SpecError } from '../spec-error.js';
import { SCHEDULE_DEFINITIONS } from './registry.js';
import { evaluate, fromSpec, SCHEDULE_TYPES } from './spec.js';

/** The SpecError message fromSpec throws for `json`. */
function errorOf(json: unknown, options = {}): string {
  try {
    fromSpec(json, options);
  } catch (err) {
    expect(err).toBeInstanceOf(SpecError);
    return (err as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(json)}`);
}

describe('fromSpec error messages name the JSON path and the rule', () => {
  const seq = (second: unknown) => ({ type: 'sequence', parts: [{ schedule: { type: 'constant', lr: 0.1 }, steps: 10 }, { schedule: second }] });
  const cases: Array<[string, unknown, string]> = [
    ['not an object', [1, 2], 'spec: must be a JSON object'],
    ['a string', 'cosine', 'spec: must be a JSON object'],
    ['no type', { lr: 0.1 }, `type: is required (one of ${SCHEDULE_TYPES.join('|')})`],
    ['unknown type', { type: 'cosin', lr: 0.1 }, `type: must be one of ${SCHEDULE_TYPES.join('|')}, got "cosin"`],
    ['missing field', { type: 'cosine', lr: 0.1 }, 'tMax: is required'],
    ['misspelt field', { type: 'cosine', lr: 0.1, tmax: 10 }, 'tmax: unknown field (did you mean tMax?)'],
    ['extra field', { type: 'constant', lr: 0.1, warmup: 3 }, 'warmup: unknown field'],
    ['negative lr', { type: 'constant', lr: -0.1 }, 'lr: must be a positive number'],
    ['string number', { type: 'constant', lr: '0.1' }, 'lr: must be a positive number'],
    ['null field', { type: 'step', lr: 0.1, stepSize: null }, 'stepSize: must be a positive integer'],
    ['fractional period', { type: 'sgdr', lr: 0.1, t0: 2.5 }, 't0: must be a positive integer'],
    ['bad milestone', { type: 'multistep', lr: 0.1, milestones: [10, -5] }, 'milestones[1]: must be an integer >= 0'],
    ['milestones not a list', { type: 'multistep', lr: 0.1, milestones: 10 }, 'milestones: must be an array of integers >= 0'],
    ['bad enum', { type: 'cyclic', baseLr: 0.01, maxLr: 0.1, mode: 'sine' }, 'mode: must be one of triangular|triangular2|exp_range'],
    ['swapped bounds', { type: 'cyclic', baseLr: 0.1, maxLr: 0.01 }, 'maxLr: must be >= baseLr (0.1)'],
    ['bad boolean', { type: 'onecycle', maxLr: 0.1, totalSteps: 100, threePhase: 'yes' }, 'threePhase: must be true or false'],
    ['momentum above 1', { type: 'onecycle', maxLr: 0.1, totalSteps: 100, maxMomentum: 1.5 }, 'maxMomentum: must be a number in [0, 1]'],
    ['nested rule', seq({ type: 'cosine', lr: 0.1, tMax: 0 }), 'parts[1].schedule.tMax: must be a positive integer'],
    ['nested cross-field rule', seq({ type: 'cosine', lr: 0.1, tMax: 5, etaMin: 1 }), 'parts[1].schedule.etaMin: must be <= lr (0.1)'],
    ['nested unknown type', seq({ type: 'warmup' }), `parts[1].schedule.type: must be one of ${SCHEDULE_TYPES.join('|')}, got "warmup"`],
    ['nested misspelling', seq({ type: 'cosine', lr: 0.1, tMAX: 5 }), 'parts[1].schedule.tMAX: unknown field (did you mean tMax?)'],
    ['unit inside a part', seq({ type: 'constant', lr: 0.1, unit: 'epoch' }), 'parts[1].schedule.unit: unknown field (unit is only allowed on the outermost spec)'],
    ['missing schedule', { type: 'sequence', parts: [{ steps: 3 }] }, 'parts[0].schedule: is required'],
    ['misspelt steps', { type: 'sequence', parts: [{ schedule: { type: 'constant', lr: 1 }, step: 3 }, { schedule: { type: 'constant', lr: 1 } }] }, 'parts[0].step: unknown field (did you mean steps?)'],
    ['part without steps', { type: 'sequence', parts: [{ schedule: { type: 'constant', lr: 1 } }, { schedule: { type: 'constant', lr: 1 } }] }, 'parts[0].steps: is required on every part but the last'],
    ['steps on the last part', { type: 'sequence', parts: [{ schedule: { type: 'constant', lr: 1 }, steps: 4 }] }, 'parts[0].steps: must be omitted on the last part, which runs on'],
    ['empty sequence', { type: 'sequence', parts: [] }, 'parts: must have at least one part'],
    ['bad unit', { type: 'constant', lr: 0.1, unit: 'epochs' }, 'unit: must be one of step|epoch'],
    ['epoch unit without stepsPerEpoch', { type: 'constant', lr: 0.1, unit: 'epoch' }, 'stepsPerEpoch: is required when "unit" is "epoch"'],
    ['stepsPerEpoch without epoch unit', { type: 'constant', lr: 0.1, stepsPerEpoch: 10 }, 'stepsPerEpoch: is only allowed with "unit": "epoch"'],
  ];
  for (const [what, json, message] of cases) {
    it(what, () => expect(errorOf(json)).toBe(message));
  }

  it('a stepsPerEpoch option that contradicts the spec is an error', () => {
    expect(errorOf({ type: 'constant', lr: 0.1, unit: 'epoch', stepsPerEpoch: 10 }, { stepsPerEpoch: 12 }))
      .toBe('stepsPerEpoch: is 10 in the spec but 12 was given');
  });
});

describe('fromSpec', () => {
  it('returns the spec with PyTorch defaults filled in', () => {
    const { spec } = fromSpec({ type: 'onecycle', maxLr: 0.1, totalSteps: 100 });
    expect(spec).toEqual({
      type: 'onecycle', maxLr: 0.1, totalSteps: 100, pctStart: 0.3, annealStrategy: 'cos', divFactor: 25,
      finalDivFactor: 1e4, threePhase: false, cycleMomentum: true, baseMomentum: 0.85, maxMomentum: 0.95,
    });
    expect(fromSpec({ type: 'cyclic', baseLr: 0.001, maxLr: 0.006 }).spec).toMatchObject({
      stepSizeUp: 2000, mode: 'triangular', gamma: 1, cycleMomentum: true, baseMomentum: 0.8, maxMomentum: 0.9,
    });
  });

  it('gives momentum only for types that cycle it', () => {
    expect(fromSpec({ type: 'cosine', lr: 0.1, tMax: 10 }).momentum).toBeNull();
    expect(fromSpec({ type: 'onecycle', maxLr: 0.1, totalSteps: 10, cycleMomentum: false }).momentum).toBeNull();
    expect(fromSpec({ type: 'onecycle', maxLr: 0.1, totalSteps: 10 }).momentum!(2)).toBe(0.85);
  });

  it('"unit": "epoch" steps the schedule once per epoch: constant within an epoch', () => {
    const { lr } = fromSpec({ type: 'multistep', lr: 0.1, milestones: [30, 60], unit: 'epoch', stepsPerEpoch: 390 });
    expect(lr(30 * 390 - 1)).toBe(0.1);
    expect(lr(30 * 390)).toBeCloseTo(0.01, 15);
    expect(lr(30 * 390 + 389)).toBe(lr(30 * 390));
    const cos = fromSpec({ type: 'cosine', lr: 1, tMax: 4, unit: 'epoch' }, { stepsPerEpoch: 10 });
    expect(cos.spec.stepsPerEpoch).toBe(10);
    expect(cos.lr(25)).toBeCloseTo(0.5, 15); // epoch 2 of 4: (1 + cos(π/2))/2
  });

  it('a sequence whose later part cycles momentum uses its first value before it and holds its last after', () => {
    const { momentum } = fromSpec({
      type: 'sequence',
      parts: [
        { schedule: { type: 'linear', lr: 0.1, totalIters: 5 }, steps: 5 },
        { schedule: { type: 'onecycle', maxLr: 0.1, totalSteps: 10 }, steps: 8 },
        { schedule: { type: 'constant', lr: 0.001 } },
      ],
    });
    const oc = fromSpec({ type: 'onecycle', maxLr: 0.1, totalSteps: 10 }).momentum!;
    expect(momentum!(0)).toBe(0.95);
    expect(momentum!(5 + 2)).toBe(oc(2));
    expect(momentum!(13)).toBe(oc(7));
    expect(momentum!(1000)).toBe(oc(7));
  });
});

describe('evaluate', () => {
  it('lists the values at steps 0 … steps−1', () => {
    expect(evaluate({ type: 'step', lr: 1, stepSize: 2, gamma: 0.5 }, 5)).toEqual({ lr: [1, 1, 0.5, 0.5, 0.25], momentum: null });
    const c = evaluate({ type: 'cyclic', baseLr: 0.1, maxLr: 0.5, stepSizeUp: 1 }, 3);
    expect(c.lr).toEqual([0.1, 0.5, 0.1]);
    expect(c.momentum).toEqual([0.9, 0.8, 0.9]);
  });

  it('rejects a non-positive or fractional step count', () => {
    expect(() => evaluate({ type: 'constant', lr: 1 }, 0)).toThrow('steps: must be a positive integer');
    expect(() => evaluate({ type: 'constant', lr: 1 }, 2.5)).toThrow('steps: must be a positive integer');
  });
});

describe('schedules never throw mid-training', () => {
  const specs = [
    { type: 'constant', lr: 0.1 },
    { type: 'step', lr: 0.1, stepSize: 30 },
    { type: 'multistep', lr: 0.1, milestones: [0, 5, 5, 90] },
    { type: 'exponential', lr: 0.1, gamma: 0.999 },
    { type: 'cosine', lr: 0.1, tMax: 1000, etaMin: 1e-4 },
    { type: 'sgdr', lr: 0.1, t0: 7, tMult: 3 },
    { type: 'cyclic', baseLr: 0.01, maxLr: 0.1, stepSizeUp: 13, mode: 'exp_range', gamma: 0.999 },
    { type: 'onecycle', maxLr: 0.1, totalSteps: 500, annealStrategy: 'linear', threePhase: true },
    { type: 'linear', lr: 0.1, startFactor: 0.5, endFactor: 0, totalIters: 40 },
    { type: 'polynomial', lr: 0.1, totalIters: 40, power: 0.5 },
    { type: 'sequence', parts: [{ schedule: { type: 'onecycle', maxLr: 0.1, totalSteps: 50 }, steps: 50 }, { schedule: { type: 'sgdr', lr: 0.01, t0: 9, tMult: 2 } }] },
  ];

  it('every type gives a finite, non-negative value at any step up to 1e12; negative or NaN steps act as 0, fractions are floored', () => {
    // A type without a hand-picked edge case above is checked on its registry example.
    const all: Record<string, unknown>[] = [...specs, ...SCHEDULE_DEFINITIONS
      .filter((d) => !specs.some((s) => s.type === d.type))
      .map((d) => ({ ...d.example(500), type: d.type }))];
    expect(new Set(all.map((s) => s.type))).toEqual(new Set(SCHEDULE_TYPES));
    for (const spec of all) {
      const { lr, momentum } = fromSpec(spec);
      for (const t of [0, 1, 49, 50, 499, 500, 501, 12345, 1e6, 987654321, 1e12]) {
        for (const f of momentum ? [lr, momentum] : [lr]) {
          const v = f(t);
          expect(Number.isFinite(v) && v >= 0, `${spec.type} at ${t}: ${v}`).toBe(true);
        }
      }
      expect(lr(-5)).toBe(lr(0));
      expect(lr(NaN)).toBe(lr(0));
      expect(lr(2.7)).toBe(lr(2));
    }
  });
});
