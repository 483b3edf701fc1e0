import { SpecError } from '../core/spec-error.js';

/** Bad input from the user: printed as one line, exit code 2, nothing written. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(what: string, why: string) {
    super(`${what}: ${why}`);
  }
}

/** Errors that mean "the input was wrong" (exit 2) rather than "something failed while running" (exit 1). */
export function isInputError(err: unknown): err is Error {
  return err instanceof UsageError || err instanceof SpecError;
}

/** The one-line form of an error for stderr: `lrlab: error: <what>: <why>`. */
export function errorLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return `lrlab: error: ${msg.split('\n')[0]}`;
}
