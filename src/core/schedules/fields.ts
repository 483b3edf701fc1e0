import * as z from 'zod/mini';

/**
 * Zod field builders whose failures read as human rules (`must be a positive integer`),
 * so a SpecError can print them unchanged. A missing required field says `is required`.
 * They use `zod/mini` (functions and checks instead of methods), which tree-shakes: an app that
 * imports one schedule bundles only the parts of zod it uses (bundle-size.test.ts holds the budget).
 */
function rule(text: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : text) };
}

export const positiveNumber = () => z.number(rule('must be a positive number')).check(z.positive());
export const nonNegativeNumber = () => z.number(rule('must be a number >= 0')).check(z.gte(0));
export const positiveInt = () => z.number(rule('must be a positive integer')).check(z.int(), z.positive());
export const nonNegativeInt = () => z.number(rule('must be an integer >= 0')).check(z.int(), z.gte(0));
/** A fraction in [0, 1] (a phase share, a factor). */
export const unitFraction = () => z.number(rule('must be a number in [0, 1]')).check(z.gte(0), z.lte(1));
/** A momentum (or Adam beta1): a fraction in [0, 1]. */
export const momentumValue = unitFraction;
export const boolean = () => z.boolean(rule('must be true or false'));

/** One of a fixed set of strings, failing with `must be one of a|b|c`. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, rule(`must be one of ${values.join('|')}`));
}

/** A number failing with `text` (or `is required`) unless `ok` holds. */
export function numberWhere(text: string, ok: (v: number) => boolean) {
  return z.number(rule(text)).check(z.refine(ok, { error: text }));
}
