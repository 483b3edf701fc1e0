/**
 * The one error type for invalid specs and options. Its message is always
 * `<path>: <rule>`, e.g. `parts[1].schedule.tMax: must be a positive integer`,
 * so the CLI can print it on one line as `lrlab: error: <path>: <rule>`.
 */
export class SpecError extends Error {
  override readonly name = 'SpecError';
  constructor(
    /** JSON path of the offending field (`parts[1].schedule.tMax`), or a flag name (`--steps`). */
    readonly path: string,
    /** The rule that was broken, phrased as a requirement (`must be a positive integer`). */
    readonly rule: string,
  ) {
    super(path ? `${path}: ${rule}` : rule);
  }
}

/** Format a path of keys and indices the way the error messages show it: `parts[1].schedule.tMax`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Throw a SpecError unless `value` is a finite number satisfying `ok`. */
export function requireNumber(path: string, value: unknown, rule: string, ok: (v: number) => boolean): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) throw new SpecError(path, rule);
  return value;
}
