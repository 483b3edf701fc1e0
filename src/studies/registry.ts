import { batchGeneralization } from './batch-generalization/index.js';
import { batchSpeed } from './batch-speed/index.js';
import { bsQuestion } from './bs-question/index.js';
import { criticalBatch } from './critical-batch/index.js';
import { increaseBatch } from './increase-batch/index.js';
import { linearScaling } from './linear-scaling/index.js';
import { lrBsMap } from './lr-bs-map/index.js';
import { lrCurves } from './lr-curves/index.js';
import { lrFit } from './lr-fit/index.js';
import { lrFree } from './lr-free/index.js';
import { lrRange } from './lr-range/index.js';
import { schedules } from './schedules/index.js';
import { wsdBudgets } from './wsd-budgets/index.js';
import type { Study } from './study.js';

/**
 * Every study `lrlab study` and `lrlab report` know, in report order. A study is one folder
 * (`<name>/index.ts` with the Study object, `<name>/verdict.ts`) plus one import and one entry
 * here: a study that is not listed does not run.
 */
export const STUDIES: readonly Study[] = [
  lrCurves,
  lrRange,
  lrFit,
  schedules,
  wsdBudgets,
  lrFree,
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
