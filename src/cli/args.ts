import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Parse argv strictly: unknown flags and missing values are usage errors naming the flag. */
export function parseFlags(argv: string[], options: OptionSpec, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const flag = /'(-{1,2}[\w-]+)/.exec(msg)?.[1] ?? 'arguments';
    throw new UsageError(flag, msg.replace(/\. To specify.*$/s, '').replace(/^Unknown option '[^']+'/, 'unknown option'));
  }
}

/**
 * Plain decimal notation only: `0.1`, `1e-3`, `-2`, `.5`, `5.`. JavaScript's `Number` would also
 * take `0x10`, `0b1`, `0o7`, `Infinity` and '' (as 0), so a typo could become a different run.
 */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The one reader of numbers on the command line (single flags and each element of a list):
 * a finite decimal number, or a UsageError `--flag: must be a decimal number (got '…')`.
 * Spaces around the number are ignored, as around the elements of a list.
 */
export function parseDecimal(name: string, raw: string): number {
  const text = raw.trim();
  const v = Number(text);
  if (!DECIMAL.test(text) || !Number.isFinite(v)) throw new UsageError(`--${name}`, `must be a decimal number (got '${raw}')`);
  return v;
}

/** A required integer flag, at least `min` (default 1). */
export function intFlag(name: string, raw: string | undefined, opts: { min?: number; default?: number } = {}): number {
  if (raw === undefined) {
    if (opts.default !== undefined) return opts.default;
    throw new UsageError(`--${name}`, 'is required');
  }
  const min = opts.min ?? 1;
  const v = parseDecimal(name, raw);
  if (!Number.isSafeInteger(v) || v < min) throw new UsageError(`--${name}`, `must be an integer >= ${min}, got '${raw}'`);
  return v;
}

/** A finite number flag, optionally required to be positive or within bounds. */
export function numFlag(name: string, raw: string | undefined, opts: { positive?: boolean; min?: number; max?: number; default?: number } = {}): number {
  if (raw === undefined) {
    if (opts.default !== undefined) return opts.default;
    throw new UsageError(`--${name}`, 'is required');
  }
  const v = parseDecimal(name, raw);
  if (opts.positive && !(v > 0)) throw new UsageError(`--${name}`, `must be > 0, got ${raw}`);
  if (opts.min !== undefined && v < opts.min) throw new UsageError(`--${name}`, `must be >= ${opts.min}, got ${raw}`);
  if (opts.max !== undefined && v > opts.max) throw new UsageError(`--${name}`, `must be <= ${opts.max}, got ${raw}`);
  return v;
}

/** One of a fixed set of choices. */
export function choiceFlag<T extends string>(name: string, raw: string | undefined, choices: readonly T[], def?: T): T {
  if (raw === undefined) {
    if (def !== undefined) return def;
    throw new UsageError(`--${name}`, 'is required');
  }
  if (!(choices as readonly string[]).includes(raw)) {
    throw new UsageError(`--${name}`, `must be one of ${choices.join('|')}, got '${raw}'`);
  }
  return raw as T;
}

/** A comma-separated list of numbers (`1e-3,3e-3`). */
export function numListFlag(name: string, raw: string, opts: { positive?: boolean; integer?: boolean } = {}): number[] {
  const parts = raw.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((p) => p === '')) throw new UsageError(`--${name}`, `must be a comma-separated list of numbers, got '${raw}'`);
  return parts.map((p) => {
    const v = parseDecimal(name, p);
    if (opts.integer && !Number.isInteger(v)) throw new UsageError(`--${name}`, `'${p}' is not an integer`);
    if (opts.positive && !(v > 0)) throw new UsageError(`--${name}`, `'${p}' must be > 0`);
    return v;
  });
}
