import { SpecError } from '../spec-error.js';
import { perEpoch } from './per-epoch.js';
import { fromSpec, type ScheduleSpec } from './spec.js';
import type { Schedule } from './types.js';

/**
 * A learning rate in any form lrlab accepts: a constant (a number), a function of the step, a
 * built `{lr, momentum}` (what `fromSpec` returns), or a spec JSON object.
 */
export type ScheduleLike = number | Schedule | { lr: Schedule; momentum?: Schedule | null } | ScheduleSpec | Record<string, unknown>;

/** A schedule in its built form, plus the spec it came from (null for plain functions). */
export interface ResolvedSchedule {
  lr: Schedule;
  momentum: Schedule | null;
  /** The spec to record in results: `{type: 'constant', lr}` for a number; a spec with its defaults filled in (and its `unit`). */
  spec: unknown;
  /** The functions take the epoch index (0-based), not the optimizer step: a spec with `"unit": "epoch"`. */
  perEpoch: boolean;
}

/**
 * Turn any {@link ScheduleLike} into functions; specs are validated by `fromSpec` (SpecError
 * naming the field). `"unit": "epoch"` has one meaning: the result has `perEpoch: true` and its
 * functions take the epoch index, so the caller counts epochs itself (which stays right when the
 * batch size, hence the steps per epoch, changes between epochs). The spec's own `stepsPerEpoch`,
 * if any, is only for callers that count steps: see {@link scheduleAtStep}.
 *
 * @example resolveSchedule({ type: 'step', lr: 1, stepSize: 1, gamma: 0.5, unit: 'epoch' }).lr(2) // 0.25 (epoch index 2)
 */
export function resolveSchedule(s: ScheduleLike): ResolvedSchedule {
  if (typeof s === 'number') {
    if (!Number.isFinite(s) || s < 0) throw new SpecError('schedule', 'must be a finite number >= 0');
    return { lr: () => s, momentum: null, spec: { type: 'constant', lr: s }, perEpoch: false };
  }
  if (typeof s === 'function') return { lr: s, momentum: null, spec: null, perEpoch: false };
  if (s === null || typeof s !== 'object') throw new SpecError('schedule', 'must be a number, a function, {lr, momentum} or a schedule spec object');
  if (typeof (s as { lr?: unknown }).lr === 'function') {
    const b = s as { lr: Schedule; momentum?: Schedule | null; spec?: unknown };
    return { lr: b.lr, momentum: b.momentum ?? null, spec: b.spec ?? null, perEpoch: false };
  }
  const spec = s as Record<string, unknown>;
  if (spec.unit === 'epoch') {
    // Validates the top-level fields too (a stepsPerEpoch of 1 stands in when the spec has none).
    fromSpec(spec, spec.stepsPerEpoch === undefined ? { stepsPerEpoch: 1 } : {});
    const { unit, stepsPerEpoch, ...inner } = spec;
    const built = fromSpec(inner);
    // Recorded like a per-step spec (defaults filled in), plus the unit that changes its meaning.
    const recorded = { ...(built.spec as Record<string, unknown>), unit, ...(stepsPerEpoch === undefined ? {} : { stepsPerEpoch }) };
    return { lr: built.lr, momentum: built.momentum, spec: recorded, perEpoch: true };
  }
  const built = fromSpec(s);
  return { lr: built.lr, momentum: built.momentum, spec: built.spec, perEpoch: false };
}

/**
 * The schedule as functions of the optimizer step, for callers that count steps (`lrlab
 * schedule --steps`, a tfjs callback stepped per batch). A per-epoch schedule holds its value
 * for `stepsPerEpoch` steps: step t uses epoch ⌊t / stepsPerEpoch⌋. `stepsPerEpoch` comes from
 * the argument or, failing that, from the spec; a per-step schedule needs neither.
 *
 * @example scheduleAtStep(resolveSchedule({ type: 'step', lr: 1, stepSize: 1, unit: 'epoch' }), 10).lr(25) // 0.01 (epoch 2)
 */
export function scheduleAtStep(r: ResolvedSchedule, stepsPerEpoch?: number): { lr: Schedule; momentum: Schedule | null } {
  if (!r.perEpoch) return { lr: r.lr, momentum: r.momentum };
  const own = (r.spec as { stepsPerEpoch?: unknown } | null)?.stepsPerEpoch;
  if (own !== undefined && stepsPerEpoch !== undefined && own !== stepsPerEpoch) {
    throw new SpecError('stepsPerEpoch', `is ${String(own)} in the spec but ${stepsPerEpoch} was given`);
  }
  const spe = stepsPerEpoch ?? (own as number | undefined);
  if (spe === undefined) throw new SpecError('stepsPerEpoch', 'is required when "unit" is "epoch"');
  return { lr: perEpoch(r.lr, spe), momentum: r.momentum ? perEpoch(r.momentum, spe) : null };
}
