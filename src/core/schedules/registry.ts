import type { ScheduleDefinition } from './definition.js';
import { constantDefinition } from './constant.js';
import { cosineDefinition } from './cosine.js';
import { cyclicDefinition } from './cyclic.js';
import { exponentialDefinition } from './exponential.js';
import { linearDefinition } from './linear.js';
import { multiStepDefinition } from './multi-step.js';
import { oneCycleDefinition } from './one-cycle.js';
import { polynomialDefinition } from './polynomial.js';
import { sgdrDefinition } from './sgdr.js';
import { stepDefinition } from './step-decay.js';
import { wsdDefinition } from './wsd.js';

// Each type's public API (builder, options, spec schema and type), re-exported from here so a
// new type is added in this file only.
export * from './constant.js';
export * from './step-decay.js';
export * from './multi-step.js';
export * from './exponential.js';
export * from './cosine.js';
export * from './sgdr.js';
export * from './cyclic.js';
export * from './one-cycle.js';
export * from './linear.js';
export * from './polynomial.js';
export * from './wsd.js';

/**
 * Every schedule type a spec can name, one line each, in the order error messages and help list
 * them. `sequence` is not here: it composes these (see spec.ts). Adding a type: its own file
 * (options schema, builder, `defineSchedule`), its test, one import, one re-export and one list line here.
 */
export const SCHEDULE_DEFINITIONS = [
  constantDefinition,
  stepDefinition,
  multiStepDefinition,
  exponentialDefinition,
  cosineDefinition,
  sgdrDefinition,
  cyclicDefinition,
  oneCycleDefinition,
  linearDefinition,
  polynomialDefinition,
  wsdDefinition,
] as const;

/** A type a sequence part (or a whole spec) can be without composing: every registered type. */
export type PartType = (typeof SCHEDULE_DEFINITIONS)[number]['type'];
/** The registered types' tags, in registry order. */
export const PART_TYPES = SCHEDULE_DEFINITIONS.map((d) => d.type) as PartType[];

const byType = new Map<string, ScheduleDefinition>(SCHEDULE_DEFINITIONS.map((d) => [d.type, d]));

/** The definition of a registered type, or undefined. */
export function scheduleDefinition(type: string): ScheduleDefinition | undefined {
  return byType.get(type);
}
