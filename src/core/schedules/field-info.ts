import type * as z from 'zod/mini';
import { scheduleDefinition } from './registry.js';

/** One spec field, read off the zod schema so a form or a help text can never miss or misname a field. */
export interface FieldInfo {
  name: string;
  kind: 'number' | 'integer' | 'boolean' | 'enum' | 'integers';
  /** Must be given (no default and not optional). */
  required: boolean;
  /** The schema's default; undefined when none. */
  defaultValue?: unknown;
  /** Allowed values of an enum. */
  options?: string[];
}

interface Def {
  type: string;
  innerType?: z.core.$ZodType;
  defaultValue?: unknown;
  entries?: Record<string, string>;
  checks?: Array<{ _zod: { def: { check?: string; format?: string } } }>;
}
const defOf = (s: z.core.$ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

function describeField(name: string, schema: z.core.$ZodType): FieldInfo {
  const outer = defOf(schema);
  let def = outer;
  while (def.innerType) def = defOf(def.innerType);
  const required = outer.type !== 'default' && outer.type !== 'optional';
  const info: FieldInfo = { name, kind: 'number', required };
  if (outer.type === 'default') info.defaultValue = outer.defaultValue;
  if (def.type === 'boolean') info.kind = 'boolean';
  else if (def.type === 'enum') {
    info.kind = 'enum';
    info.options = Object.values(def.entries ?? {});
  } else if (def.type === 'array') info.kind = 'integers';
  else if (def.checks?.some((c) => c._zod.def.check === 'number_format')) info.kind = 'integer';
  return info;
}

/**
 * The fields of a registered schedule type, in the schema's (documented) order, without `type`.
 * Throws for a type the registry does not hold (`sequence` included: it has parts, not fields).
 */
export function scheduleFields(type: string): FieldInfo[] {
  const definition = scheduleDefinition(type);
  if (!definition) throw new Error(`not a registered schedule type: ${type}`);
  return Object.entries(definition.options.shape as Record<string, z.core.$ZodType>).map(([k, s]) => describeField(k, s));
}
