import { describe, expect, it } from 'vitest';
import { resolveSchedule, scheduleAtStep } from './resolve.js';

describe('resolveSchedule', () => {
  it('a number is a constant learning rate, recorded as a constant spec', () => {
    const r = resolveSchedule(0.03);
    expect([0, 10, 1e6].map(r.lr)).toEqual([0.03, 0.03, 0.03]);
    expect(r).toMatchObject({ momentum: null, spec: { type: 'constant', lr: 0.03 }, perEpoch: false });
    expect(() => resolveSchedule(-1)).toThrow('schedule: must be a finite number >= 0');
    expect(() => resolveSchedule(NaN)).toThrow('schedule: must be a finite number >= 0');
  });

  it('marks "unit": "epoch" specs as per-epoch and evaluates the inner schedule at the epoch', () => {
    const r = resolveSchedule({ type: 'step', lr: 1, stepSize: 2, gamma: 0.5, unit: 'epoch', stepsPerEpoch: 100 });
    expect(r.perEpoch).toBe(true);
    // step decay at epoch e: 1·0.5^⌊e/2⌋
    expect([0, 1, 2, 3, 4].map(r.lr)).toEqual([1, 1, 0.5, 0.5, 0.25]);
  });

  it('"unit": "epoch" means the epoch index whatever the steps per epoch: 1, 0.5, 0.25 in epochs 1, 2, 3', () => {
    // γ = 0.5 every epoch: the LR of epoch k (1-based) is 0.5^(k−1). No stepsPerEpoch is needed.
    const spec = { type: 'step', lr: 1, stepSize: 1, gamma: 0.5, unit: 'epoch' };
    const r = resolveSchedule(spec);
    expect([0, 1, 2].map(r.lr)).toEqual([1, 0.5, 0.25]);
    expect(r.spec).toEqual(spec);
    // Recorded with PyTorch's default filled in (StepLR gamma = 0.1), as a per-step spec is.
    expect(resolveSchedule({ type: 'step', lr: 1, stepSize: 1, unit: 'epoch' }).spec).toEqual({ type: 'step', lr: 1, stepSize: 1, gamma: 0.1, unit: 'epoch' });
    // A step-counting caller holds each epoch's value for its steps: with 3 steps per epoch,
    // steps 0–2 → 1, 3–5 → 0.5, 6–8 → 0.25; with 2, steps 0–1, 2–3, 4–5.
    expect(Array.from({ length: 9 }, (_, t) => scheduleAtStep(r, 3).lr(t))).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25]);
    expect(Array.from({ length: 6 }, (_, t) => scheduleAtStep(r, 2).lr(t))).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25]);
  });

  it('a spec counting steps is what fromSpec builds', () => {
    const r = resolveSchedule({ type: 'step', lr: 1, stepSize: 2 });
    // gamma defaults to 0.1: 1, 1, 0.1, 0.1
    expect([0, 1, 2, 3].map(r.lr)).toEqual([1, 1, 0.1, 0.1]);
    expect(r.perEpoch).toBe(false);
    expect(scheduleAtStep(r).lr).toBe(r.lr);
  });

  it('functions and built {lr, momentum} pass through', () => {
    const f = (t: number): number => 1 / (1 + t);
    expect(resolveSchedule(f)).toEqual({ lr: f, momentum: null, spec: null, perEpoch: false });
    const m = (): number => 0.9;
    expect(resolveSchedule({ lr: f, momentum: m })).toEqual({ lr: f, momentum: m, spec: null, perEpoch: false });
  });

  it('names the field of a bad spec, also under "unit": "epoch"', () => {
    expect(() => resolveSchedule({ type: 'cosine', lr: 0.1 })).toThrow(/^tMax: /);
    expect(() => resolveSchedule({ type: 'cosine', lr: 0.1, unit: 'epoch' })).toThrow(/^tMax: /);
    expect(() => resolveSchedule({ type: 'step', lr: 1, stepSize: 1, unit: 'epochs' })).toThrow(/^unit: /);
    expect(() => resolveSchedule('0.1' as unknown as number)).toThrow(/^schedule: /);
  });

  it('scheduleAtStep takes the steps per epoch from the spec, and refuses a mismatch or none', () => {
    const own = resolveSchedule({ type: 'step', lr: 1, stepSize: 1, gamma: 0.5, unit: 'epoch', stepsPerEpoch: 4 });
    expect([0, 3, 4, 8].map(scheduleAtStep(own).lr)).toEqual([1, 1, 0.5, 0.25]);
    expect(() => scheduleAtStep(own, 5)).toThrow('stepsPerEpoch: is 4 in the spec but 5 was given');
    expect(() => scheduleAtStep(resolveSchedule({ type: 'step', lr: 1, stepSize: 1, unit: 'epoch' }))).toThrow(/^stepsPerEpoch: is required/);
  });
});
