export type { Schedule, LrMomentum } from './types.js';
export { stepIndex } from './types.js';
export { constant, constantOptionsSchema, constantDefinition, constantSpecSchema, type ConstantOptions, type ConstantSpec } from './constant.js';
export { stepDecay, stepDecayOptionsSchema, stepDefinition, stepSpecSchema, type StepDecayOptions, type StepSpec } from './step-decay.js';
export { multiStep, multiStepOptionsSchema, multiStepDefinition, multiStepSpecSchema, type MultiStepOptions, type MultiStepSpec } from './multi-step.js';
export { exponential, exponentialOptionsSchema, exponentialDefinition, exponentialSpecSchema, type ExponentialOptions, type ExponentialSpec } from './exponential.js';
export { cosine, cosineOptionsSchema, cosineDefinition, cosineSpecSchema, type CosineOptions, type CosineSpec } from './cosine.js';
export { sgdr, sgdrOptionsSchema, sgdrDefinition, sgdrSpecSchema, type SgdrOptions, type SgdrSpec } from './sgdr.js';
export { cyclic, cyclicOptionsSchema, cyclicDefinition, cyclicSpecSchema, type CyclicOptions, type CyclicSpec } from './cyclic.js';
export { oneCycle, oneCycleOptionsSchema, oneCycleDefinition, oneCycleSpecSchema, type OneCycleOptions, type OneCycleSpec } from './one-cycle.js';
export { linear, linearOptionsSchema, linearDefinition, linearSpecSchema, type LinearOptions, type LinearSpec } from './linear.js';
export { polynomial, polynomialOptionsSchema, polynomialDefinition, polynomialSpecSchema, type PolynomialOptions, type PolynomialSpec } from './polynomial.js';
export { sequence, sequenceMomentum, sequenceTrack, momentumTrack, resolveTrack, join, type SequencePart, type MomentumTrack } from './sequence.js';
export { perEpoch } from './per-epoch.js';
export { linearWarmup, linearWarmupSpec, linearWarmupOptionsSchema, type LinearWarmupOptions } from './warmup.js';
export { scaleLr } from './scale-lr.js';
export { annealCos, annealLinear } from './anneal.js';
export { defineSchedule, type ScheduleDefinition } from './definition.js';
export { SCHEDULE_DEFINITIONS, PART_TYPES, scheduleDefinition, type PartType } from './registry.js';
export { scheduleFields, type FieldInfo } from './field-info.js';
export {
  fromSpec, evaluate, scheduleSpecSchema, innerScheduleSpecSchema, sequenceSpecSchema, SCHEDULE_TYPES,
  type ScheduleSpec, type InnerScheduleSpec, type PartSpec, type ScheduleType, type FromSpecOptions,
  type SequenceSpec, type SequencePartSpec,
} from './spec.js';
export { resolveSchedule, scheduleAtStep, type ScheduleLike, type ResolvedSchedule } from './resolve.js';
