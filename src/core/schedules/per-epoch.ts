import { SpecError } from '../spec-error.js';
import { stepIndex, type Schedule } from './types.js';

/**
 * Step a schedule once per epoch, as PyTorch users step MultiStepLR: the value at optimizer
 * step t is `schedule(⌊t / stepsPerEpoch⌋)`, constant within an epoch.
 *
 * @example perEpoch(multiStep({ lr: 0.1, milestones: [30] }), 390)(30 * 390) // 0.01
 */
export function perEpoch(schedule: Schedule, stepsPerEpoch: number): Schedule {
  if (!Number.isSafeInteger(stepsPerEpoch) || stepsPerEpoch <= 0) throw new SpecError('stepsPerEpoch', 'must be a positive integer');
  return (step) => schedule(Math.floor(stepIndex(step) / stepsPerEpoch));
}
