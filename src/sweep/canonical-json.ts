/**
 * JSON with object keys sorted at every level, so two configs that differ only in key order (or
 * in `undefined` fields, which JSON drops) compare equal as strings.
 *
 * Example: `canonicalJson({b: 1, a: {d: 2, c: undefined}})` → `'{"a":{"d":2},"b":1}'`.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
  });
}
