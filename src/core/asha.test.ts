import { describe, expect, it } from 'vitest';
import { ashaEpochsTrained, ashaRungs, createAsha, recordRung } from './asha.js';

// 12 configurations t0..t11 with rung-0 scores (val accuracy) chosen so the ranking is plain:
// t7 .90 > t2 .88 > t10 .86 > t4 .84 > t0 .80 > t5 .78 > t9 .75 > t1 .70 > t11 .65 > t3 .60 > t8 .55 > t6 NaN (diverged)
const rung0: [string, number][] = [
  ['t0', 0.80], ['t1', 0.70], ['t2', 0.88], ['t3', 0.60], ['t4', 0.84], ['t5', 0.78],
  ['t6', NaN], ['t7', 0.90], ['t8', 0.55], ['t9', 0.75], ['t10', 0.86], ['t11', 0.65],
];

describe('ASHA rungs', () => {
  it('puts rungs at r·η^k ≤ R', () => {
    expect(ashaRungs({ minEpochs: 1, maxEpochs: 9, eta: 3 })).toEqual([1, 3, 9]);
    expect(ashaRungs({ minEpochs: 1, maxEpochs: 10, eta: 3 })).toEqual([1, 3, 9]); // 27 > 10
    expect(ashaRungs({ minEpochs: 2, maxEpochs: 8, eta: 2 })).toEqual([2, 4, 8]);
    expect(() => ashaRungs({ minEpochs: 0, maxEpochs: 9 })).toThrow('minEpochs: must be an integer >= 1');
    expect(() => ashaRungs({ minEpochs: 1, maxEpochs: 9, eta: 1 })).toThrow('eta: must be an integer >= 2');
  });

  it('with all 12 recorded first, promotes the top ⌊12/3⌋ = 4, then the top ⌊4/3⌋ = 1 (synchronous halving)', () => {
    const s = createAsha({ minEpochs: 1, maxEpochs: 9, eta: 3 });
    const promoted: string[] = [];
    // Recorded in order t0..t11; after each record the top ⌊n/3⌋ so far, and who of them is new:
    // n=3 (t0 .80, t1 .70, t2 .88): top 1 = t2 → t2.   n=4 (t3), n=5 (t4 .84): top 1 = t2 → none.
    // n=6 (t5): top 2 = t2, t4 → t4.   n=7 (t6 NaN): none.   n=8 (t7 .90): top 2 = t7, t2 → t7.
    // n=9 (t8), n=10 (t9): top 3 = t7, t2, t4 → none.   n=11 (t10 .86): top 3 = t7, t2, t10 → t10.
    // n=12 (t11): top 4 = t7, t2, t10, t4 → none. The promoted set is the synchronous top 4.
    const after: string[][] = [];
    for (const [t, score] of rung0) after.push(recordRung(s, t, 0, score));
    expect(after).toEqual([[], [], ['t2'], [], [], ['t4'], [], ['t7'], [], [], ['t10'], []]);
    for (const p of after.flat()) promoted.push(p);
    expect(promoted.sort()).toEqual(['t10', 't2', 't4', 't7']);
    // Rung 1 (3 epochs): the four, with new scores; ⌊n/3⌋ is 0 until the third record, then 1.
    expect(recordRung(s, 't10', 1, 0.96)).toEqual([]);
    expect(recordRung(s, 't4', 1, 0.95)).toEqual([]);
    expect(recordRung(s, 't2', 1, 0.93)).toEqual(['t10']); // n=3: top 1 = t10 .96
    expect(recordRung(s, 't7', 1, 0.91)).toEqual([]); // n=4: top ⌊4/3⌋ = 1 = t10, already promoted
    expect(recordRung(s, 't10', 2, 0.97)).toEqual([]); // the last rung promotes nobody
    // Epochs: 12 trials × 1 + 4 × (3 − 1) + 1 × (9 − 3) = 12 + 8 + 6 = 26, against 12 × 9 = 108 for the full grid.
    expect(ashaEpochsTrained(s)).toBe(26);
  });

  it('asynchronously, promotes on the records seen so far, and a later record can admit an earlier trial', () => {
    const s = createAsha({ minEpochs: 1, maxEpochs: 9, eta: 3 });
    // a .9, b .8, c .7 → n=3, top 1 = a → a. Then d .95 → n=4, top 1 = d, not yet promoted → d:
    // asynchronous ASHA promotes on what it has seen, so two go on while ⌊4/3⌋ is 1.
    expect(recordRung(s, 'a', 0, 0.9)).toEqual([]);
    expect(recordRung(s, 'b', 0, 0.8)).toEqual([]);
    expect(recordRung(s, 'c', 0, 0.7)).toEqual(['a']);
    expect(recordRung(s, 'd', 0, 0.95)).toEqual(['d']);
    // e .1 → n=5, top 1 = d (taken); f .2 → n=6, top 2 = d, a (both taken) → nobody new.
    expect(recordRung(s, 'e', 0, 0.1)).toEqual([]);
    expect(recordRung(s, 'f', 0, 0.2)).toEqual([]);
    // g .85, h .3, i .4 → n=9, top 3 = d, a, g → g on i's record (n=8 still had top 2).
    expect(recordRung(s, 'g', 0, 0.85)).toEqual([]);
    expect(recordRung(s, 'h', 0, 0.3)).toEqual([]);
    expect(recordRung(s, 'i', 0, 0.4)).toEqual(['g']);
    expect(() => recordRung(s, 'f', 0, 0.3)).toThrow('trial: f is already recorded at rung 0');
  });
});
