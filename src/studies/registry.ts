import { batchGeneralization } from './batch-generalization.js';
import { batchSpeed } from './batch-speed.js';
import { bsQuestion } from './bs-question.js';
import { criticalBatch } from './critical-batch.js';
import { increaseBatch } from './increase-batch.js';
import { linearScaling } from './linear-scaling.js';
import { lrBsMap } from './lr-bs-map.js';
import { lrCurves } from './lr-curves.js';
import { lrFit } from './lr-fit.js';
import { lrRange } from './lr-range.js';
import { schedules } from './schedules.js';
import type { Study } from './study.js';

/**
 * Every study `lrlab study` and `lrlab report` know, in report order. One static import and one
 * entry per study: a study that is not listed here does not run.
 */
export const STUDIES: readonly Study[] = [
  lrCurves,
  lrRange,
  lrFit,
  schedules,
  batchSpeed,
  batchGeneralization,
  linearScaling,
  bsQuestion,
  increaseBatch,
  lrBsMap,
  criticalBatch,
];

/** The study named `name`, or undefined. */
export function findStudy(name: string): Study | undefined {
  return STUDIES.find((s) => s.name === name);
}
