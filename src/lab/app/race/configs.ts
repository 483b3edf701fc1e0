import { scaleLr } from '../../../core/schedules/scale-lr.js';
import { SpecError } from '../../../core/spec-error.js';
import type { RaceConfig } from '../worker/protocol.js';

/** A racer as typed in the form. */
export interface RacerInput {
  batchSize: string;
  lr: string;
  /** Scale lr linearly from the reference batch to this racer's batch (Goyal et al. 2017). */
  scaled: boolean;
}

export const MIN_RACERS = 2;
export const MAX_RACERS = 4;

/**
 * The configurations the worker trains: names, batch sizes and the LR actually used — lr, or
 * lr · batch / referenceBatch with linear scaling. Throws SpecError naming the racer's field
 * (`racers[1].lr: must be a positive number`).
 *
 * @example resolveRacers([{batchSize: '32', lr: '0.05', scaled: false}, {batchSize: '256', lr: '0.05', scaled: true}], 32)
 *          // [{name: 'b32 lr 0.05', batchSize: 32, lr: 0.05}, {name: 'b256 lr 0.4 (scaled)', batchSize: 256, lr: 0.4}]
 */
export function resolveRacers(inputs: readonly RacerInput[], referenceBatch: number, trainSize: number): RaceConfig[] {
  if (inputs.length < MIN_RACERS || inputs.length > MAX_RACERS) throw new SpecError('racers', `must be ${MIN_RACERS} to ${MAX_RACERS} configurations`);
  if (!Number.isSafeInteger(referenceBatch) || referenceBatch < 1) throw new SpecError('referenceBatch', 'must be a positive integer');
  const names = new Set<string>();
  return inputs.map((r, i) => {
    const b = Number(r.batchSize);
    if (!Number.isSafeInteger(b) || b < 1 || b > trainSize) throw new SpecError(`racers[${i}].batchSize`, `must be an integer in [1, ${trainSize}]`);
    const lr = Number(r.lr);
    if (r.lr.trim() === '' || !Number.isFinite(lr) || lr <= 0) throw new SpecError(`racers[${i}].lr`, 'must be a positive number');
    const used = r.scaled ? scaleLr(lr, referenceBatch, b, 'linear') : lr;
    let name = `b${b} lr ${Number(used.toPrecision(3))}${r.scaled ? ' (scaled)' : ''}`;
    // Legends need unique names; identical racers (a seed-noise check) get a number.
    for (let k = 2; names.has(name); k++) name = `${name.replace(/ #\d+$/, '')} #${k}`;
    names.add(name);
    return { name, batchSize: b, lr: used };
  });
}
