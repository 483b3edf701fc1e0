import { describe, expect, it } from 'vitest';
import { CAUTION_ORDER, combineVerdicts, type SeedVerdict } from './stability.js';
import type { VerdictStatus } from './study.js';

const at = (...statuses: VerdictStatus[]): SeedVerdict[] => statuses.map((status, i) => ({ seed: i, status, text: `seed ${i}: ${status}` }));

describe('combineVerdicts', () => {
  it('reports the majority status with the first agreeing seed\'s text', () => {
    // confirmed ×2, refuted ×1: confirmed wins 2 to 1; seed 0 is the first confirmed one.
    expect(combineVerdicts(at('confirmed', 'refuted', 'confirmed'))).toEqual({
      status: 'confirmed', seed: 0, text: 'seed 0: confirmed',
      stability: { agree: 2, of: 3, statuses: ['confirmed', 'refuted', 'confirmed'], seeds: [0, 1, 2] },
    });
    // refuted ×2 against nuanced ×1: the majority beats the more cautious minority; seed 1 speaks.
    expect(combineVerdicts(at('nuanced', 'refuted', 'refuted'))).toMatchObject({ status: 'refuted', seed: 1, stability: { agree: 2, of: 3 } });
  });

  it('all seeds agreeing gives agree = of', () => {
    expect(combineVerdicts(at('nuanced', 'nuanced', 'nuanced')).stability).toMatchObject({ agree: 3, of: 3 });
    expect(combineVerdicts(at('confirmed')).stability).toEqual({ agree: 1, of: 1, statuses: ['confirmed'], seeds: [0] });
  });

  it('breaks ties toward the more cautious status', () => {
    // 1–1: refuted is more cautious than confirmed.
    expect(combineVerdicts(at('confirmed', 'refuted'))).toMatchObject({ status: 'refuted', seed: 1, stability: { agree: 1, of: 2 } });
    // three different: nuanced is the most cautious of the three.
    expect(combineVerdicts(at('confirmed', 'nuanced', 'refuted'))).toMatchObject({ status: 'nuanced', seed: 1, stability: { agree: 1 } });
    // 2–2: underpowered before confirmed.
    expect(combineVerdicts(at('confirmed', 'underpowered', 'confirmed', 'underpowered')).status).toBe('underpowered');
    expect(combineVerdicts(at('inconclusive', 'underpowered')).status).toBe('underpowered');
  });

  it('keeps the seeds as given, not 0..n-1', () => {
    const v: SeedVerdict[] = [{ seed: 7, status: 'refuted', text: 'a' }, { seed: 3, status: 'confirmed', text: 'b' }, { seed: 5, status: 'confirmed', text: 'c' }];
    expect(combineVerdicts(v)).toMatchObject({ status: 'confirmed', seed: 3, text: 'b', stability: { statuses: ['refuted', 'confirmed', 'confirmed'], seeds: [7, 3, 5] } });
  });

  it('orders every status, and needs at least one verdict', () => {
    expect([...CAUTION_ORDER].sort()).toEqual(['confirmed', 'inconclusive', 'nuanced', 'refuted', 'underpowered']);
    expect(() => combineVerdicts([])).toThrow(/at least one/);
  });
});
