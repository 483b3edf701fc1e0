import * as z from 'zod/mini';
import type { LrMomentum, Schedule } from './types.js';

/**
 * One schedule type as the registry holds it: everything `fromSpec`, `lrlab schedule --help` and
 * the lab designer need, so that adding a type is its own file, its test and one registry line.
 */
export interface ScheduleDefinition<T extends string = string, S extends z.ZodMiniObject = z.ZodMiniObject> {
  /** The spec's `type` tag (PyTorch's scheduler name in lower case). */
  readonly type: T;
  /** One line for help texts. */
  readonly summary: string;
  /** The options: every spec field but `type`, documented in the schema (defaults included). */
  readonly options: S;
  /** The spec schema: the options plus the `type` tag. */
  readonly spec: z.ZodMiniObject;
  /** The schedule for the options (a function for lr only, `{ lr, momentum }` when it cycles momentum). */
  build(options: z.output<S>): Schedule | LrMomentum;
  /**
   * Values of the required fields that plot something at once over `steps` steps (a cosine over
   * all steps, a step decay every third, …): the lab designer's starting point for a fresh part.
   */
  example(steps: number): Partial<z.input<S>>;
}

/** The spec schema of a type: its (strict) options plus the literal `type` tag. */
export type SpecSchema<T extends string, S extends z.ZodMiniObject> = z.ZodMiniObject<z.core.util.Extend<S['shape'], { type: z.ZodMiniLiteral<T> }>, z.core.$strict>;

/** Declare a schedule type; `spec` is derived from the options and the tag, so the two never drift. */
export function defineSchedule<const T extends string, S extends z.ZodMiniObject>(
  definition: Omit<ScheduleDefinition<T, S>, 'spec'>,
): Omit<ScheduleDefinition<T, S>, 'spec'> & { readonly spec: SpecSchema<T, S> } {
  const spec = z.extend(definition.options, { type: z.literal(definition.type) }) as unknown as SpecSchema<T, S>;
  return { ...definition, spec };
}
