import { SpecError } from '../spec-error.js';
import { stepIndex, type Schedule } from './types.js';

/** One part of a sequence: a schedule, and how many steps it runs (omitted on the last part). */
export interface SequencePart<S = Schedule> {
  schedule: S;
  steps?: number;
}

/**
 * Join schedules end to end (Optax's `join_schedules`): schedule i runs from boundary i−1 to
 * boundary i with its own step counter starting at 0; the last one runs on.
 * `boundaries` are the global steps where each next schedule starts (strictly increasing).
 */
export function join(schedules: readonly Schedule[], boundaries: readonly number[]): Schedule {
  return (step) => {
    const t = stepIndex(step);
    let i = 0;
    while (i < boundaries.length && t >= boundaries[i]) i++;
    return schedules[i](i === 0 ? t : t - boundaries[i - 1]);
  };
}

/**
 * Run schedules one after another (like PyTorch's `SequentialLR`): part i runs for
 * `parts[i].steps` steps, and each part's own step counter starts at 0 when it begins;
 * the last part has no `steps` and runs on.
 *
 * @example sequence([{ schedule: linear({ lr: 0.1, startFactor: 0.01, totalIters: 500 }), steps: 500 },
 *                    { schedule: cosine({ lr: 0.1, tMax: 9500 }) }])
 */
export function sequence(parts: ReadonlyArray<SequencePart>): Schedule {
  const boundaries = checkParts(parts);
  return join(parts.map((p) => p.schedule), boundaries);
}

/**
 * The momentum a schedule sets at each step, or null at steps where it leaves the optimizer's
 * momentum alone (a sequence part that does not cycle momentum). `first(length)` is the first
 * value it sets within its first `length` steps (null if none).
 */
export interface MomentumTrack {
  at: (step: number) => number | null;
  first: (length: number) => number | null;
}

/** The track of a schedule that sets momentum at every step. */
export function momentumTrack(schedule: Schedule): MomentumTrack {
  return { at: schedule, first: (length) => (length > 0 ? schedule(0) : null) };
}

/**
 * The momentum track of a sequence: a part that does not cycle momentum keeps the last value
 * set before it (what the optimizer holds in PyTorch). Null when no part cycles momentum.
 */
export function sequenceTrack(parts: ReadonlyArray<SequencePart<MomentumTrack | null>>): MomentumTrack | null {
  const boundaries = checkParts(parts);
  if (parts.every((p) => p.schedule === null)) return null;
  const pieces: Array<(step: number) => number | null> = [];
  let held: number | null = null;
  for (const p of parts) {
    const track = p.schedule;
    const before = held;
    pieces.push(track ? (t) => track.at(t) ?? before : () => before);
    if (p.steps !== undefined && track) held = track.at(p.steps - 1) ?? held;
  }
  const starts = [0, ...boundaries];
  return {
    at: join(pieces as Schedule[], boundaries) as (step: number) => number | null,
    first: (length) => {
      for (let i = 0; i < parts.length && starts[i] < length; i++) {
        const end = i < boundaries.length ? Math.min(boundaries[i], length) : length;
        const v = parts[i].schedule?.first(end - starts[i]) ?? null;
        if (v !== null) return v;
      }
      return null;
    },
  };
}

/**
 * Turn a track into a momentum schedule: where nothing has set momentum yet (parts before the
 * first momentum-cycling part), use the first value that will be set.
 */
export function resolveTrack(track: MomentumTrack | null): Schedule | null {
  if (!track) return null;
  const first = track.first(Infinity);
  if (first === null) return null;
  return (step) => track.at(step) ?? first;
}

/**
 * The momentum of a sequence whose parts may or may not cycle momentum (`null` = does not):
 * a part without momentum holds the last value set before it; before the first cycling part,
 * that part's step-0 value. Null when no part cycles momentum.
 */
export function sequenceMomentum(parts: ReadonlyArray<SequencePart<Schedule | null>>): Schedule | null {
  return resolveTrack(sequenceTrack(parts.map((p) => ({ ...p, schedule: p.schedule ? momentumTrack(p.schedule) : null }))));
}

/** Validate the parts' step counts and return the global boundaries where parts 1… start. */
function checkParts(parts: ReadonlyArray<SequencePart<unknown>>): number[] {
  if (parts.length === 0) throw new SpecError('parts', 'must have at least one part');
  const boundaries: number[] = [];
  let at = 0;
  parts.forEach((p, i) => {
    const last = i === parts.length - 1;
    if (last) {
      if (p.steps !== undefined) throw new SpecError(`parts[${i}].steps`, 'must be omitted on the last part, which runs on');
      return;
    }
    if (p.steps === undefined) throw new SpecError(`parts[${i}].steps`, 'is required on every part but the last');
    if (!Number.isSafeInteger(p.steps) || p.steps <= 0) throw new SpecError(`parts[${i}].steps`, 'must be a positive integer');
    at += p.steps;
    boundaries.push(at);
  });
  return boundaries;
}
