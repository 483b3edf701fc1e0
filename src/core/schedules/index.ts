export type { Schedule, LrMomentum } from './types.js';
export { stepIndex } from './types.js';
export { constant, constantOptionsSchema, type ConstantOptions } from './constant.js';
export { stepDecay, stepDecayOptionsSchema, type StepDecayOptions } from './step-decay.js';
export { multiStep, multiStepOptionsSchema, type MultiStepOptions } from './multi-step.js';
export { exponential, exponentialOptionsSchema, type ExponentialOptions } from './exponential.js';
export { cosine, cosineOptionsSchema, type CosineOptions } from './cosine.js';
export { sgdr, sgdrOptionsSchema, type SgdrOptions } from './sgdr.js';
export { cyclic, cyclicOptionsSchema, type CyclicOptions } from './cyclic.js';
export { oneCycle, oneCycleOptionsSchema, type OneCycleOptions } from './one-cycle.js';
export { linear, linearOptionsSchema, type LinearOptions } from './linear.js';
export { polynomial, polynomialOptionsSchema, type PolynomialOptions } from './polynomial.js';
export { sequence, sequenceMomentum, sequenceTrack, momentumTrack, resolveTrack, join, type SequencePart, type MomentumTrack } from './sequence.js';
export { perEpoch } from './per-epoch.js';
export { linearWarmup, linearWarmupSpec, linearWarmupOptionsSchema, type LinearWarmupOptions } from './warmup.js';
export { scaleLr } from './scale-lr.js';
export { annealCos, annealLinear } from './anneal.js';
export {
  fromSpec, evaluate, scheduleSpecSchema, innerScheduleSpecSchema, SCHEDULE_TYPES,
  constantSpecSchema, stepSpecSchema, multiStepSpecSchema, exponentialSpecSchema, cosineSpecSchema, sgdrSpecSchema,
  cyclicSpecSchema, oneCycleSpecSchema, linearSpecSchema, polynomialSpecSchema, sequenceSpecSchema,
  type ScheduleSpec, type InnerScheduleSpec, type ScheduleType, type FromSpecOptions,
  type ConstantSpec, type StepSpec, type MultiStepSpec, type ExponentialSpec, type CosineSpec, type SgdrSpec,
  type CyclicSpec, type OneCycleSpec, type LinearSpec, type PolynomialSpec, type SequenceSpec, type SequencePartSpec,
} from './spec.js';
