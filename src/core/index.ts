/**
 * lrlab's pure core: schedules, the LR range test, batch-size math. Imports nothing but zod, so it
 * runs in Node, the browser and any framework.
 */
export * from './schedules/index.js';
export * from './finder/index.js';
export * from './batch/index.js';
export { ReduceLROnPlateau } from './plateau.js';
export type { PlateauOptions, PlateauState } from './plateau.js';
export { createRng, permutation, type Rng } from './random.js';
export { SpecError } from './spec-error.js';
export type { StepTrainer } from './trainer.js';
