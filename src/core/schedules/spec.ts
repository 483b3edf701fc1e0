import * as z from 'zod/mini';
import { SpecError } from '../spec-error.js';
import { oneOf, positiveInt } from './fields.js';
import type { ScheduleDefinition } from './definition.js';
import { atPath, parseOrThrow } from './parse.js';
import { perEpoch } from './per-epoch.js';
import { SCHEDULE_DEFINITIONS, scheduleDefinition } from './registry.js';
import { momentumTrack, resolveTrack, sequence, sequenceTrack, type MomentumTrack } from './sequence.js';
import type { LrMomentum, Schedule } from './types.js';

type SpecOf<D> = D extends { readonly spec: infer S extends z.ZodMiniType } ? z.input<S> : never;
/** A spec of one registered type, as written (fields with defaults may be omitted). */
export type PartSpec = SpecOf<(typeof SCHEDULE_DEFINITIONS)[number]>;

/** A part of a sequence: every part but the last says how many steps it runs. */
export interface SequencePartSpec {
  schedule: InnerScheduleSpec;
  steps?: number;
}
/** Schedules run one after another, each counting its own steps from 0 (Optax's `join_schedules`). */
export interface SequenceSpec {
  type: 'sequence';
  parts: SequencePartSpec[];
}
/** A spec as it may appear anywhere, including inside a sequence. */
export type InnerScheduleSpec = PartSpec | SequenceSpec;

const sequencePartSchema = z.strictObject({
  schedule: z.lazy((): z.ZodMiniType<InnerScheduleSpec, InnerScheduleSpec> => innerScheduleSpecSchema),
  steps: z.optional(positiveInt()),
});
export const sequenceSpecSchema = z.strictObject({
  type: z.literal('sequence'),
  parts: z.array(sequencePartSchema, { error: (i) => (i.input === undefined ? 'is required' : 'must be an array of parts') })
    .check(z.minLength(1, { error: 'must have at least one part' })),
});

/** Every spec schema, the registered types' then sequence's: the order "must be one of" lists. */
const specSchemas: z.ZodMiniObject[] = [...SCHEDULE_DEFINITIONS.map((d) => d.spec), sequenceSpecSchema];
type Union = [z.ZodMiniObject, ...z.ZodMiniObject[]];

/** Any spec without the top-level-only fields (what a sequence part holds). */
export const innerScheduleSpecSchema = z.discriminatedUnion('type', specSchemas as Union) as unknown as z.ZodMiniType<InnerScheduleSpec, InnerScheduleSpec>;

/**
 * Fields allowed only on the outermost spec. With `"unit": "epoch"` every step count in the
 * spec (milestones, periods, part lengths, …) is in epochs and the schedule is stepped once per
 * epoch, so its value is constant within an epoch; `stepsPerEpoch` converts to optimizer steps.
 */
const topLevelFields = {
  /** Unit of every step count in the spec. Default 'step'. */
  unit: z.optional(oneOf(['step', 'epoch'])),
  /** Optimizer steps per epoch; required with unit 'epoch' (or passed to fromSpec). */
  stepsPerEpoch: z.optional(positiveInt()),
};

/** The schedule spec, as written: any spec plus the top-level-only fields. */
export type ScheduleSpec = InnerScheduleSpec & { unit?: 'step' | 'epoch'; stepsPerEpoch?: number };

/** The schedule spec: a discriminated union on `type`; unknown types and unknown fields are errors. */
export const scheduleSpecSchema = z.discriminatedUnion('type', specSchemas.map((s) => z.extend(s, topLevelFields)) as unknown as Union) as unknown as z.ZodMiniType<ScheduleSpec, ScheduleSpec>;

/** The names of the schedule types: the registry's, then `sequence`. */
export const SCHEDULE_TYPES = [...SCHEDULE_DEFINITIONS.map((d) => d.type), 'sequence'] as ScheduleType[];
export type ScheduleType = InnerScheduleSpec['type'];

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
  const tracked = build(inner, []);
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
    if (spec.type === 'sequence') {
      const parts = spec.parts.map((p, i) => ({ built: build(p.schedule, ['parts', i, 'schedule']), steps: p.steps }));
      return {
        lr: sequence(parts.map((p) => ({ schedule: p.built.lr, steps: p.steps }))),
        track: sequenceTrack(parts.map((p) => ({ schedule: p.built.track, steps: p.steps }))),
      };
    }
    // The spec was parsed, so its type is registered.
    const { type, ...options } = spec;
    const built = (scheduleDefinition(type) as ScheduleDefinition).build(options);
    if (typeof built === 'function') return { lr: built, track: null };
    return { lr: built.lr, track: built.momentum ? momentumTrack(built.momentum) : null };
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
