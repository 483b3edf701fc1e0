import { describe, expect, it } from 'vitest';
import { errorNote, indexOutcomes, nominalLr } from './trials.js';
import type { TrialOutcome } from '../study.js';

describe('nominalLr', () => {
  it('a constant, a spec\'s lr, a cyclic base, a one-cycle max, a sequence\'s first part', () => {
    expect(nominalLr(0.1)).toBe(0.1);
    expect(nominalLr({ type: 'cosine', lr: 0.3, tMax: 10 })).toBe(0.3);
    expect(nominalLr({ type: 'cyclic', baseLr: 0.1, maxLr: 0.3, stepSizeUp: 5 })).toBe(0.1);
    expect(nominalLr({ type: 'onecycle', maxLr: 0.3, totalSteps: 100 })).toBe(0.3);
    expect(nominalLr({ type: 'sequence', parts: [{ schedule: { type: 'linear', lr: 0.04, startFactor: 0.25 }, steps: 9 }, { schedule: { type: 'constant', lr: 0.04 } }] })).toBe(0.04);
    expect(nominalLr({ type: 'mystery' })).toBeNaN();
  });
});

describe('indexOutcomes / errorNote', () => {
  const o = (id: string, status: TrialOutcome['status']): TrialOutcome => ({ id, status, config: {} as TrialOutcome['config'], result: null, seconds: 0, ...(status === 'error' ? { error: 'boom' } : {}) });
  it('counts errors and throws only when every trial failed', () => {
    const r = indexOutcomes([o('a', 'ok'), o('b', 'error')]);
    expect(r.errors).toEqual(['b: boom']);
    expect(errorNote(r.errors)).toBe(' 1 trial(s) failed and are left out (first: b: boom).');
    expect(errorNote([])).toBe('');
    expect(() => indexOutcomes([o('b', 'error')])).toThrow(/every trial failed; first: b: boom/);
  });
});
