import { z } from 'zod';
import { SpecError } from '../spec-error.js';
import { constant, constantOptionsSchema } from './constant.js';
import { cosine, cosineOptionsSchema } from './cosine.js';
import { cyclic, cyclicOptionsSchema } from './cyclic.js';
import { exponential, exponentialOptionsSchema } from './exponential.js';
import { oneOf, positiveInt } from './fields.js';
import { linear, linearOptionsSchema } from './linear.js';
import { multiStep, multiStepOptionsSchema } from './multi-step.js';
import { oneCycle, oneCycleOptionsSchema } from './one-cycle.js';
import { atPath, parseOrThrow } from './parse.js';
import { perEpoch } from './per-epoch.js';
import { polynomial, polynomialOptionsSchema } from './polynomial.js';
import { momentumTrack, resolveTrack, sequence, sequenceTrack, type MomentumTrack } from './sequence.js';
import { sgdr, sgdrOptionsSchema } from './sgdr.js';
import { stepDecay, stepDecayOptionsSchema } from './step-decay.js';
import type { LrMomentum, Schedule } from './types.js';

/** The spec of each type: its options plus the `type` tag (PyTorch's names in camelCase). */
export const constantSpecSchema = constantOptionsSchema.extend({ type: z.literal('constant') });
export const stepSpecSchema = stepDecayOptionsSchema.extend({ type: z.literal('step') });
export const multiStepSpecSchema = multiStepOptionsSchema.extend({ type: z.literal('multistep') });
export const exponentialSpecSchema = exponentialOptionsSchema.extend({ type: z.literal('exponential') });
export const cosineSpecSchema = cosineOptionsSchema.extend({ type: z.literal('cosine') });
export const sgdrSpecSchema = sgdrOptionsSchema.extend({ type: z.literal('sgdr') });
export const cyclicSpecSchema = cyclicOptionsSchema.extend({ type: z.literal('cyclic') });
export const oneCycleSpecSchema = oneCycleOptionsSchema.extend({ type: z.literal('onecycle') });
export const linearSpecSchema = linearOptionsSchema.extend({ type: z.literal('linear') });
export const polynomialSpecSchema = polynomialOptionsSchema.extend({ type: z.literal('polynomial') });

export type ConstantSpec = z.output<typeof constantSpecSchema>;
export type StepSpec = z.output<typeof stepSpecSchema>;
export type MultiStepSpec = z.output<typeof multiStepSpecSchema>;
export type ExponentialSpec = z.output<typeof exponentialSpecSchema>;
export type CosineSpec = z.output<typeof cosineSpecSchema>;
export type SgdrSpec = z.output<typeof sgdrSpecSchema>;
export type CyclicSpec = z.output<typeof cyclicSpecSchema>;
export type OneCycleSpec = z.output<typeof oneCycleSpecSchema>;
export type LinearSpec = z.output<typeof linearSpecSchema>;
export type PolynomialSpec = z.output<typeof polynomialSpecSchema>;

/** A part of a sequence: every part but the last says how many steps it runs. */
export interface SequencePartSpec {
  schedule: InnerScheduleSpec;
  steps?: number;
}
export interface SequenceSpec {
  type: 'sequence';
  parts: SequencePartSpec[];
}
/** A spec as it may appear anywhere, including inside a sequence. */
export type InnerScheduleSpec =
  | ConstantSpec | StepSpec | MultiStepSpec | ExponentialSpec | CosineSpec | SgdrSpec
  | CyclicSpec | OneCycleSpec | LinearSpec | PolynomialSpec | SequenceSpec;

const sequencePartSchema = z.strictObject({
  schedule: z.lazy((): z.ZodType<InnerScheduleSpec> => innerScheduleSpecSchema),
  steps: positiveInt().optional(),
});
export const sequenceSpecSchema = z.strictObject({
  type: z.literal('sequence'),
  parts: z.array(sequencePartSchema, { error: (i) => (i.input === undefined ? 'is required' : 'must be an array of parts') })
    .min(1, { error: 'must have at least one part' }),
});

/** Any spec without the top-level-only fields (what a sequence part holds). */
export const innerScheduleSpecSchema = z.discriminatedUnion('type', [
  constantSpecSchema, stepSpecSchema, multiStepSpecSchema, exponentialSpecSchema, cosineSpecSchema, sgdrSpecSchema,
  cyclicSpecSchema, oneCycleSpecSchema, linearSpecSchema, polynomialSpecSchema, sequenceSpecSchema,
]);

/**
 * Fields allowed only on the outermost spec. With `"unit": "epoch"` every step count in the
 * spec (milestones, periods, part lengths, …) is in epochs and the schedule is stepped once per
 * epoch, so its value is constant within an epoch; `stepsPerEpoch` converts to optimizer steps.
 */
const topLevelFields = {
  /** Unit of every step count in the spec. Default 'step'. */
  unit: oneOf(['step', 'epoch']).optional(),
  /** Optimizer steps per epoch; required with unit 'epoch' (or passed to fromSpec). */
  stepsPerEpoch: positiveInt().optional(),
};

/** The schedule spec: a discriminated union on `type`; unknown types and unknown fields are errors. */
export const scheduleSpecSchema = z.discriminatedUnion('type', [
  constantSpecSchema.extend(topLevelFields), stepSpecSchema.extend(topLevelFields),
  multiStepSpecSchema.extend(topLevelFields), exponentialSpecSchema.extend(topLevelFields),
  cosineSpecSchema.extend(topLevelFields), sgdrSpecSchema.extend(topLevelFields),
  cyclicSpecSchema.extend(topLevelFields), oneCycleSpecSchema.extend(topLevelFields),
  linearSpecSchema.extend(topLevelFields), polynomialSpecSchema.extend(topLevelFields),
  sequenceSpecSchema.extend(topLevelFields),
]);
export type ScheduleSpec = z.output<typeof scheduleSpecSchema>;
/** The names of the schedule types, in DESIGN.md's order. */
export const SCHEDULE_TYPES = [
  'constant', 'step', 'multistep', 'exponential', 'cosine', 'sgdr', 'cyclic', 'onecycle', 'linear', 'polynomial', 'sequence',
] as const;
export type ScheduleType = (typeof SCHEDULE_TYPES)[number];

export interface FromSpecOptions {
  /** Optimizer steps per epoch for a spec with `"unit": "epoch"` that does not give its own. */
  stepsPerEpoch?: number;
}

/**
 * Build the schedule a JSON spec describes. Throws a SpecError naming the JSON path and the
 * rule (`parts[1].schedule.tMax: must be a positive integer`) for any invalid spec.
 *
 * @example fromSpec({ type: 'cosine', lr: 0.1, tMax: 1000 }).lr(500) // 0.05
 */
export function fromSpec(json: unknown, options: FromSpecOptions = {}): LrMomentum & { spec: ScheduleSpec } {
  const spec = parseOrThrow(scheduleSpecSchema, json);
  const { unit, stepsPerEpoch: own, ...inner } = spec;
  const tracked = build(inner as InnerScheduleSpec, []);
  const built: LrMomentum = { lr: tracked.lr, momentum: resolveTrack(tracked.track) };
  if (unit !== 'epoch') {
    if (own !== undefined) throw new SpecError('stepsPerEpoch', 'is only allowed with "unit": "epoch"');
    return { ...built, spec };
  }
  const given = options.stepsPerEpoch;
  if (own !== undefined && given !== undefined && own !== given) {
    throw new SpecError('stepsPerEpoch', `is ${own} in the spec but ${given} was given`);
  }
  const spe = own ?? given;
  if (spe === undefined) throw new SpecError('stepsPerEpoch', 'is required when "unit" is "epoch"');
  return {
    lr: perEpoch(built.lr, spe),
    momentum: built.momentum ? perEpoch(built.momentum, spe) : null,
    spec: own === undefined ? { ...spec, stepsPerEpoch: spe } : spec,
  };
}

interface Built {
  lr: Schedule;
  track: MomentumTrack | null;
}

function build(spec: InnerScheduleSpec, path: ReadonlyArray<PropertyKey>): Built {
  return atPath(path, (): Built => {
    const only = (lr: Schedule): Built => ({ lr, track: null });
    const both = ({ lr, momentum }: LrMomentum): Built => ({ lr, track: momentum ? momentumTrack(momentum) : null });
    switch (spec.type) {
      case 'constant': { const { type: _, ...o } = spec; return only(constant(o)); }
      case 'step': { const { type: _, ...o } = spec; return only(stepDecay(o)); }
      case 'multistep': { const { type: _, ...o } = spec; return only(multiStep(o)); }
      case 'exponential': { const { type: _, ...o } = spec; return only(exponential(o)); }
      case 'cosine': { const { type: _, ...o } = spec; return only(cosine(o)); }
      case 'sgdr': { const { type: _, ...o } = spec; return only(sgdr(o)); }
      case 'cyclic': { const { type: _, ...o } = spec; return both(cyclic(o)); }
      case 'onecycle': { const { type: _, ...o } = spec; return both(oneCycle(o)); }
      case 'linear': { const { type: _, ...o } = spec; return only(linear(o)); }
      case 'polynomial': { const { type: _, ...o } = spec; return only(polynomial(o)); }
      case 'sequence': {
        const parts = spec.parts.map((p, i) => ({ built: build(p.schedule, ['parts', i, 'schedule']), steps: p.steps }));
        return {
          lr: sequence(parts.map((p) => ({ schedule: p.built.lr, steps: p.steps }))),
          track: sequenceTrack(parts.map((p) => ({ schedule: p.built.track, steps: p.steps }))),
        };
      }
    }
  });
}

/**
 * The values of a spec (or parsed JSON) at steps 0 … steps−1.
 *
 * @example evaluate({ type: 'step', lr: 1, stepSize: 2 }, 4) // { lr: [1, 1, 0.1, 0.1], momentum: null }
 */
export function evaluate(spec: unknown, steps: number, options: FromSpecOptions = {}): { lr: number[]; momentum: number[] | null } {
  if (!Number.isSafeInteger(steps) || steps <= 0) throw new SpecError('steps', 'must be a positive integer');
  const { lr, momentum } = fromSpec(spec, options);
  const lrs = new Array<number>(steps);
  const ms = momentum ? new Array<number>(steps) : null;
  for (let t = 0; t < steps; t++) {
    lrs[t] = lr(t);
    if (ms && momentum) ms[t] = momentum(t);
  }
  return { lr: lrs, momentum: ms };
}
