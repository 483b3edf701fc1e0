import * as z from 'zod';

/**
 * Zod field builders whose failures read as human rules (`must be a positive integer`),
 * so a SpecError can print them unchanged. A missing required field says `is required`.
 */
function rule(text: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : text) };
}

export const positiveNumber = () => z.number(rule('must be a positive number')).positive();
export const nonNegativeNumber = () => z.number(rule('must be a number >= 0')).min(0);
export const positiveInt = () => z.number(rule('must be a positive integer')).int().positive();
export const nonNegativeInt = () => z.number(rule('must be an integer >= 0')).int().min(0);
/** A momentum (or Adam beta1): a fraction in [0, 1]. */
export const momentumValue = () => z.number(rule('must be a number in [0, 1]')).min(0).max(1);
export const boolean = () => z.boolean(rule('must be true or false'));

/** One of a fixed set of strings, failing with `must be one of a|b|c`. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, rule(`must be one of ${values.join('|')}`));
}
