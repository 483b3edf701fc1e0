import { SpecError } from '../../../core/spec-error.js';
import { UsageError } from '../../errors.js';

/** Output flags of every mode. */
export const OUTPUT_FLAGS = { json: { type: 'string' }, quiet: { type: 'boolean' } } as const;
/** The scaling flags `--plan` and the measurement's recommendation share. */
export const PLAN_FLAGS = {
  rule: { type: 'string' },
  'warmup-epochs': { type: 'string' },
} as const;

export type Values = Record<string, string | boolean | undefined>;
/** A string flag's value, or undefined. */
export const str = (v: Values, k: string): string | undefined => (typeof v[k] === 'string' ? v[k] : undefined);

/** A core SpecError as a UsageError naming the flag that carried the field. */
export function asUsage<T>(flags: Record<string, string>, fallback: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SpecError) {
      const flag = flags[err.path];
      throw flag ? new UsageError(flag, err.rule) : new UsageError(fallback, err.message);
    }
    throw err;
  }
}

/** `--json FILE|-`, refusing an empty name. */
export function jsonTarget(values: Values): string | undefined {
  const t = str(values, 'json');
  if (t === '') throw new UsageError('--json', 'needs a file name or -');
  return t;
}

/** A number for the text output: at most `digits` significant digits, ∞ for infinity. */
export function fmt(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : String(x);
  return String(Number(x.toPrecision(digits)));
}

