import { batchSpeed } from './batch-speed.js';
import type { Study } from './study.js';

/**
 * Every study `lrlab study` and `lrlab report` know, in report order. One static import and one
 * entry per study: a study that is not listed here does not run.
 */
export const STUDIES: readonly Study[] = [
  batchSpeed,
];

/** The study named `name`, or undefined. */
export function findStudy(name: string): Study | undefined {
  return STUDIES.find((s) => s.name === name);
}
