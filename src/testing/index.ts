/**
 * `lrlab/testing`: pure-TypeScript StepTrainers for testing range-test code without tfjs. Each is
 * a tiny model with a closed-form answer (QuadraticTrainer diverges exactly above lr = 2/a;
 * CurveTrainer's loss is a function of the LR you give), seeded, with bitwise snapshot and restore — what
 * `rangeTest`, `rangeTestRepeated` and `accuracyRangeTest` need from a real trainer. Nothing here
 * is used by the library itself.
 */
export { QuadraticTrainer, CurveTrainer } from './fake-trainer.js';
