export type { Schedule, LrMomentum } from './types.js';
export { stepIndex } from './types.js';
export { sequence, sequenceMomentum, sequenceTrack, momentumTrack, resolveTrack, join, type SequencePart, type MomentumTrack } from './sequence.js';
export { perEpoch } from './per-epoch.js';
export { linearWarmup, linearWarmupSpec, linearWarmupOptionsSchema, type LinearWarmupOptions } from './warmup.js';
export { scaleLr } from './scale-lr.js';
export { annealCos, annealLinear } from './anneal.js';
export { defineSchedule, type ScheduleDefinition } from './definition.js';
export * from './registry.js';
export { scheduleFields, type FieldInfo } from './field-info.js';
export {
  fromSpec, evaluate, scheduleSpecSchema, innerScheduleSpecSchema, sequenceSpecSchema, SCHEDULE_TYPES,
  type ScheduleSpec, type InnerScheduleSpec, type PartSpec, type ScheduleType, type FromSpecOptions,
  type SequenceSpec, type SequencePartSpec,
} from './spec.js';
export { resolveSchedule, scheduleAtStep, type ScheduleLike, type ResolvedSchedule } from './resolve.js';
