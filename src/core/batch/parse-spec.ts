import type { z } from 'zod';
import { SpecError, formatPath } from '../spec-error.js';

/**
 * Parse `value` with a zod schema and turn the first issue into a SpecError that names the
 * field (`milestones[1]: must be ≥ 0`), so the batch-size specs fail like every other lrlab spec.
 * `root` prefixes the path (e.g. `lrSchedule`) when the spec is nested in a larger options object.
 */
export function parseSpec<T>(schema: z.ZodType<T>, value: unknown, root = ''): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path: PropertyKey[] = root === '' ? [] : [root];
  path.push(...issue.path);
  // zod reports unknown keys at the object's own path; naming the key itself is more useful.
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    throw new SpecError(formatPath([...path, keys[0]]), 'is not a known field');
  }
  throw new SpecError(formatPath(path) || 'spec', issue.message);
}
