import type { z } from 'zod';
import {
  constantSpecSchema, cosineSpecSchema, cyclicSpecSchema, exponentialSpecSchema, linearSpecSchema, multiStepSpecSchema,
  oneCycleSpecSchema, polynomialSpecSchema, sgdrSpecSchema, stepSpecSchema,
} from '../../../core/schedules/index.js';

/** The types the designer edits field by field (a sequence is built from parts of these). */
export const PART_TYPES = ['constant', 'step', 'multistep', 'exponential', 'cosine', 'sgdr', 'cyclic', 'onecycle', 'linear', 'polynomial'] as const;
export type PartType = (typeof PART_TYPES)[number];

const SCHEMAS: Record<PartType, z.ZodObject> = {
  constant: constantSpecSchema, step: stepSpecSchema, multistep: multiStepSpecSchema, exponential: exponentialSpecSchema,
  cosine: cosineSpecSchema, sgdr: sgdrSpecSchema, cyclic: cyclicSpecSchema, onecycle: oneCycleSpecSchema,
  linear: linearSpecSchema, polynomial: polynomialSpecSchema,
};

/** One form field, read off the zod schema so the designer can never miss or misname a field. */
export interface FieldInfo {
  name: string;
  kind: 'number' | 'integer' | 'boolean' | 'enum' | 'integers';
  /** Must be given (no default and not optional). */
  required: boolean;
  /** The schema's default, shown as the placeholder; undefined when none. */
  defaultValue?: unknown;
  /** Allowed values of an enum. */
  options?: string[];
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  defaultValue?: unknown;
  entries?: Record<string, string>;
  checks?: Array<{ _zod: { def: { check?: string; format?: string } } }>;
}
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

function describe(name: string, schema: z.ZodType): FieldInfo {
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

/** The fields of a schedule type, in the schema's (documented) order, without `type`. */
export function fieldsOf(type: PartType): FieldInfo[] {
  const shape = SCHEMAS[type].shape as Record<string, z.ZodType>;
  return Object.entries(shape).filter(([k]) => k !== 'type').map(([k, s]) => describe(k, s));
}

/**
 * Starting values for the required fields of a fresh part, scaled to the plotted length so the
 * curve shows something at once (a cosine over all steps, a step decay every third, …).
 */
export function exampleValues(type: PartType, steps: number): Record<string, string> {
  const third = String(Math.max(1, Math.round(steps / 3)));
  const all = String(Math.max(1, steps));
  switch (type) {
    case 'constant': return { lr: '0.1' };
    case 'step': return { lr: '0.1', stepSize: third };
    case 'multistep': return { lr: '0.1', milestones: `${Math.round(steps / 2)}, ${Math.round((3 * steps) / 4)}` };
    case 'exponential': return { lr: '0.1', gamma: String(Number((0.01 ** (1 / Math.max(1, steps))).toPrecision(6))) };
    case 'cosine': return { lr: '0.1', tMax: all };
    case 'sgdr': return { lr: '0.1', t0: String(Math.max(1, Math.round(steps / 7))), tMult: '2' };
    case 'cyclic': return { baseLr: '0.001', maxLr: '0.1', stepSizeUp: String(Math.max(1, Math.round(steps / 8))) };
    case 'onecycle': return { maxLr: '0.1', totalSteps: all };
    case 'linear': return { lr: '0.1', startFactor: '0.01', totalIters: String(Math.max(1, Math.round(steps / 20))) };
    case 'polynomial': return { lr: '0.1', totalIters: all };
  }
}
