import { describe, expect, it } from 'vitest';
import { fromSpec } from '../../core/schedules/index.js';
import { methodSpecs, METHOD_NAMES, type MethodInputs } from './methods.js';

const inputs: MethodInputs = {
  suggestedLr: 0.05, stepsPerEpoch: 100, epochs: 3, momentum: 0.9, adamLr: 1e-3,
  wsd: { warmupFraction: 0.05, decayFraction: 0.2, decayShape: '1-sqrt' },
};

describe('methodSpecs', () => {
  it('every method in drawing order, each at its default where it has no tuning', () => {
    const specs = methodSpecs(inputs);
    expect(specs.map((s) => s.name)).toEqual([...METHOD_NAMES]);
    const by = Object.fromEntries(specs.map((s) => [s.name, s]));
    expect(by.adam).toEqual({ name: 'adam', optimizer: { name: 'adam' }, schedule: 1e-3 });
    // The reference implementations' defaults: schedule-free SGD lr 1.0, schedule-free AdamW 0.0025, the LR-free multiplier 1.
    expect(by['schedulefree-sgd'].schedule).toBe(1);
    expect(by['schedulefree-adamw'].schedule).toBe(0.0025);
    for (const n of ['prodigy', 'dadapt-sgd', 'dadapt-adam'] as const) expect(by[n]).toEqual({ name: n, optimizer: { name: n }, schedule: 1 });
  });

  it('the finder runs: one-cycle peaking at 3 × the suggestion (the recommendation of lrlab find), WSD stable at it with 5% warmup and a 20% decay', () => {
    const by = Object.fromEntries(methodSpecs(inputs).map((s) => [s.name, s]));
    expect(by['finder-onecycle'].optimizer).toEqual({ name: 'momentum', momentum: 0.9 });
    expect(by['finder-onecycle'].schedule).toMatchObject({ type: 'onecycle', maxLr: 3 * 0.05, totalSteps: 300 });
    // T = 300: warmup round(15) = 15, decay round(60) = 60 → stable 15 … 239
    expect(by['finder-wsd'].schedule).toEqual({ type: 'wsd', lr: 0.05, totalSteps: 300, warmupSteps: 15, decayFraction: 0.2, decayShape: '1-sqrt' });
    const lr = fromSpec(by['finder-wsd'].schedule).lr;
    expect(lr(0)).toBe(0);
    expect(lr(100)).toBe(0.05);
    expect(lr(240)).toBe(0.05); // u = 0: the decay starts at lr
    expect(lr(255)).toBeCloseTo(0.05 * (1 - Math.sqrt(15 / 60)), 15); // 0.025
    // one-cycle peaks at step 0.3·300 − 1 = 89 (PyTorch's phase end) at 3 × the suggestion
    expect(fromSpec(by['finder-onecycle'].schedule).lr(89)).toBeCloseTo(0.15, 12);
  });

  it('no suggestion: the finder methods are left out', () => {
    expect(methodSpecs({ ...inputs, suggestedLr: null }).map((s) => s.name)).not.toContain('finder-wsd');
    expect(methodSpecs({ ...inputs, suggestedLr: null })).toHaveLength(METHOD_NAMES.length - 2);
  });
});
