import * as z from 'zod/mini';
import { SpecError, formatPath } from '../spec-error.js';

/** Fields that may only appear on the outermost spec, named in the unknown-field message. */
const TOP_LEVEL_ONLY = new Set(['unit', 'stepsPerEpoch']);

/**
 * Parse `input` with `schema`, turning the first zod issue into a SpecError whose path is
 * the JSON path (prefixed by `prefix`) and whose rule is a human sentence, not zod's jargon.
 * Any zod 4 schema works (`zod/mini` or classic): both share zod's core.
 */
export function parseOrThrow<S extends z.core.$ZodType>(schema: S, input: unknown, prefix: ReadonlyArray<PropertyKey> = []): z.output<S> {
  const result = z.safeParse(schema, input);
  if (result.success) return result.data;
  // A misspelt field also shows up as "required"; the unknown-field issue names the real mistake.
  const issues = result.error.issues;
  const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
  throw issueToSpecError(schema, issue, prefix, input);
}

/** Re-throw a SpecError raised inside `fn` with `prefix` in front of its path. */
export function atPath<T>(prefix: ReadonlyArray<PropertyKey>, fn: () => T): T {
  if (prefix.length === 0) return fn();
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof SpecError)) throw err;
    const head = formatPath(prefix);
    const path = err.path === '' ? head : err.path.startsWith('[') ? `${head}${err.path}` : `${head}.${err.path}`;
    throw new SpecError(path, err.rule);
  }
}

function issueToSpecError(schema: z.core.$ZodType, issue: z.core.$ZodIssue, prefix: ReadonlyArray<PropertyKey>, input: unknown): SpecError {
  const path = [...prefix, ...issue.path];
  const where = formatPath(path) || 'spec';
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0];
      const keyPath = formatPath([...path, key]);
      const known = knownKeys(schema, input, issue.path);
      const hint = TOP_LEVEL_ONLY.has(key) && path.length > 0
        ? ` (${key} is only allowed on the outermost spec)`
        : suggestion(key, known);
      return new SpecError(keyPath, `unknown field${hint}`);
    }
    case 'invalid_union': {
      if ('discriminator' in issue && issue.discriminator) {
        const got = (valueAt(input, issue.path.slice(0, -1)) as Record<string, unknown> | undefined)?.[issue.discriminator];
        const options = (issue as { options?: unknown[] }).options?.join('|') ?? '';
        if (got === undefined) return new SpecError(where, `is required (one of ${options})`);
        return new SpecError(where, `must be one of ${options}, got ${JSON.stringify(got)}`);
      }
      return new SpecError(where, 'is not a valid schedule spec');
    }
    case 'invalid_type':
      if (valueAt(input, issue.path) === undefined) return new SpecError(where, 'is required');
      if (issue.expected === 'object') return new SpecError(where, 'must be a JSON object');
      return new SpecError(where, issue.message);
    default:
      return new SpecError(where, issue.message);
  }
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

interface Def {
  type: string;
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  getter?: () => z.core.$ZodType;
  innerType?: z.core.$ZodType;
  options?: z.core.$ZodType[];
  discriminator?: string;
}
const defOf = (s: z.core.$ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The field names of the object schema found by walking `path` through `schema` (for "did you mean"). */
function knownKeys(schema: z.core.$ZodType, input: unknown, path: ReadonlyArray<PropertyKey>): string[] {
  let s: z.core.$ZodType | undefined = schema;
  let v: unknown = input;
  let i = 0;
  for (let guard = 0; s && guard < 100; guard++) {
    const def = defOf(s);
    if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable') s = def.innerType;
    else if (def.type === 'lazy') s = def.getter?.();
    else if (def.type === 'union') {
      const tag = def.discriminator && v && typeof v === 'object' ? (v as Record<string, unknown>)[def.discriminator] : undefined;
      s = def.options?.find((o) => {
        const lit = defOf(o).shape?.[def.discriminator ?? '']; 
        return lit !== undefined && (defOf(lit) as { values?: unknown[] }).values?.includes(tag);
      });
    } else if (i === path.length) return def.type === 'object' ? Object.keys(def.shape ?? {}) : [];
    else if (def.type === 'object') { s = def.shape?.[String(path[i])]; v = valueAt(v, [path[i]]); i++; }
    else if (def.type === 'array') { s = def.element; v = valueAt(v, [path[i]]); i++; }
    else return [];
  }
  return [];
}

/** ` (did you mean tMax?)` when a key differs from a known one only in case or by one character. */
export function suggestion(key: string, known: readonly string[]): string {
  const close = known.find((k) => k.toLowerCase() === key.toLowerCase() || editDistance(k, key) === 1);
  return close ? ` (did you mean ${close}?)` : '';
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
