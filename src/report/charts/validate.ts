import { SpecError, requireNumber } from '../../core/spec-error.js';
import type { ChartSize } from './types.js';
import { DEFAULT_HEIGHT, DEFAULT_WIDTH } from './types.js';

/**
 * Input checks shared by the chart builders. A chart of bad numbers is worse than no chart:
 * a NaN silently drops a point, a zero on a log axis silently vanishes. So every builder
 * validates and throws a SpecError naming the field (`series[1].points[7].y: ...`).
 */

/** A finite number; on a log axis also > 0. */
export function axisValue(path: string, value: unknown, log: boolean | undefined): number {
  return log
    ? requireNumber(path, value, 'must be a finite number > 0 (log scale)', (v) => v > 0)
    : requireNumber(path, value, 'must be a finite number', () => true);
}

/** A non-empty array. */
export function nonEmptyArray<T>(path: string, value: unknown): readonly T[] {
  if (!Array.isArray(value) || value.length === 0) throw new SpecError(path, 'must be a non-empty array');
  return value as readonly T[];
}

/** A string (may be empty only when `allowEmpty`). */
export function text(path: string, value: unknown, allowEmpty = false): string {
  if (typeof value !== 'string' || (!allowEmpty && value.trim() === '')) {
    throw new SpecError(path, allowEmpty ? 'must be a string' : 'must be a non-empty string');
  }
  return value;
}

/** Optional title: undefined or a string. */
export function optionalText(path: string, value: unknown): string | undefined {
  return value === undefined ? undefined : text(path, value, true);
}

/** Plot size with defaults (560 × 280); each side a positive integer up to 4000 px. */
export function chartSize(size: ChartSize | undefined, defaultHeight = DEFAULT_HEIGHT): { width: number; height: number } {
  const ok = (v: number) => Number.isInteger(v) && v > 0 && v <= 4000;
  const rule = 'must be an integer in [1, 4000]';
  return {
    width: size?.width === undefined ? DEFAULT_WIDTH : requireNumber('width', size.width, rule, ok),
    height: size?.height === undefined ? defaultHeight : requireNumber('height', size.height, rule, ok),
  };
}
