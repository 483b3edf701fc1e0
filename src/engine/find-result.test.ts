import { describe, expect, it } from 'vitest';
import { findResult } from './find-result.js';

describe('findResult', () => {
  it('accuracy mode: clr and the schedule peak come from the accuracy test', () => {
    const run = {
      lrs: [0.01, 0.1], losses: [2, 1], smoothedLosses: [2, 1.5], stopReason: 'completed' as const, stopLr: null, steps: 10,
      suggestions: { steepest: { lr: 0.05, index: 1 }, minimum: null, valley: null, slide: null },
      suggested: { lr: 0.05, rule: 'steepest', from: ['steepest' as const] },
      agreement: { agree: false, medianLr: 0.05, maxFactor: 1, factor: 4 },
      verdict: { status: 'usable' as const, reason: 'ok' },
      stats: { initialLoss: 2, bestLoss: 1, drop: 0.5, roughness: null },
      confidence: { within: 9, of: 10, probability: 10 / 12, spread: { lo: 0.5, hi: 1, sets: 2 } },
      interval: { lo: 0.04, hi: 0.0625, center: 0.05, level: 0.8, factor: 1.5625, resamples: 200, answered: 200 },
      options: { startLr: 0.01, endLr: 0.1, steps: 10, mode: 'exp' as const, smooth: 0.98, diverge: 4, valLoss: false, adaptive: false, repeats: 1, trimEnd: 5 },
    };
    const range = { options: run.options, runs: [run], suggestions: {} as never, suggested: null, agreement: run.agreement, verdict: run.verdict, confidence: run.confidence, interval: run.interval };
    const clrSpec = { type: 'cyclic' as const, baseLr: 0.1, maxLr: 0.3, stepSizeUp: 40, mode: 'triangular2' as const };
    const accuracy = {
      options: { startLr: 1e-4, endLr: 1, epochs: 4, evalsPerEpoch: 4, baseDiv: 3 as const, stepEpochs: 4, plateauTol: 0.005 },
      lrs: [0.1, 0.3], accuracies: [0.5, 0.9], valLosses: [1, 0.3], evalSteps: [5, 10], stopReason: 'completed' as const, stopLr: null,
      peakAccuracy: 0.9, maxLr: 0.3, baseLr: 0.1, clr: clrSpec, verdict: { status: 'usable' as const, reason: 'rose' },
    };
    const r = findResult({ config: {}, range, stepsPerEpoch: 10, epochsBudget: 2, accuracy });
    expect(r.clr).toMatchObject({ baseLr: 0.1, maxLr: 0.3, spec: clrSpec });
    expect(r.recommendedSchedule).toMatchObject({ type: 'onecycle', maxLr: 0.3, totalSteps: 20 });
    expect(r.scheduleRule).toMatch(/accuracy test's maxLr/);
    expect(r.suggested).toEqual({ lr: 0.05, rule: 'steepest', from: ['steepest'], gsd: null });
    expect(r.accuracy?.clr).toEqual(clrSpec);
    // The interval and the verdict's confidence are carried over as they are.
    expect(r.interval).toEqual(run.interval);
    expect(r.confidence).toEqual({ within: 9, of: 10, probability: 10 / 12, spread: { lo: 0.5, hi: 1, sets: 2 } });
    // Without the accuracy test: Smith's base = max / 3 around the loss suggestion.
    const plain = findResult({ config: {}, range, stepsPerEpoch: 10, epochsBudget: 2, scheduleKind: 'warmup-cosine', baseDiv: 4 });
    expect(plain.clr).toMatchObject({ baseLr: 0.05 / 4, maxLr: 0.05 });
    expect(plain.recommendedSchedule?.type).toBe('sequence');
    // Too small a budget: no schedule, and the rule says why.
    const tiny = findResult({ config: {}, range, stepsPerEpoch: 2, epochsBudget: 1 });
    expect(tiny.recommendedSchedule).toBeNull();
    expect(tiny.scheduleRule).toMatch(/^none: epochs: must give at least 10 steps/);
    // An unusable curve: its suggestion is reported, but no bounds and no schedule come from it.
    const bad = { ...run, verdict: { status: 'unusable' as const, reason: 'the loss never fell meaningfully' } };
    const unusable = findResult({ config: {}, range: { ...range, runs: [bad], verdict: bad.verdict, confidence: null, interval: null }, stepsPerEpoch: 10, epochsBudget: 2 });
    expect(unusable.suggested?.lr).toBe(0.05);
    expect(unusable.clr).toBeNull();
    expect(unusable.recommendedSchedule).toBeNull();
    expect(unusable.scheduleRule).toBe('none: the range test is unusable (the loss never fell meaningfully)');
    expect(unusable.interval).toBeNull();
    expect(unusable.confidence).toBeNull();
    // For an optimizer without momentum (tf.train.sgd) the specs do not cycle it; the LR parts stay.
    const sgd = findResult({ config: {}, range, stepsPerEpoch: 10, epochsBudget: 2, accuracy, optimizerHasMomentum: false });
    expect(sgd.recommendedSchedule).toEqual({ ...r.recommendedSchedule, cycleMomentum: false });
    expect(sgd.clr?.spec).toEqual({ ...clrSpec, cycleMomentum: false });
    expect(sgd.accuracy?.clr).toEqual({ ...clrSpec, cycleMomentum: false });
    expect(sgd.scheduleRule).toBe(`${r.scheduleRule}; no momentum cycling (the optimizer has no momentum)`);
  });
});
