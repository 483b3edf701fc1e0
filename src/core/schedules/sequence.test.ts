import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { constant } from './constant.js';
import { cosine } from './cosine.js';
import { exponential } from './exponential.js';
import { linear } from './linear.js';
import { join, sequence, sequenceMomentum } from './sequence.js';

// Asserts only on failure, so loops over thousands of steps stay fast.
const close = (got: number, want: number, rel = 1e-12) => {
  if (!(Math.abs(got - want) <= rel * Math.abs(want))) expect(got).toBe(want);
};

describe('sequence', () => {
  const warmupCosine = sequence([
    { schedule: linear({ lr: 0.1, startFactor: 0.01, endFactor: 1, totalIters: 500 }), steps: 500 },
    { schedule: cosine({ lr: 0.1, tMax: 9500 }) },
  ]);

  it("warmup + cosine: each part's counter starts at 0 when it begins", () => {
    close(warmupCosine(0), 0.001); // 0.1·0.01
    close(warmupCosine(499), 0.1 * (0.01 + (0.99 * 499) / 500)); // 0.099802
    expect(warmupCosine(500)).toBe(0.1); // cosine's step 0
    close(warmupCosine(500 + 4750), 0.05 * (1 + Math.cos(Math.PI / 2)));
    expect(warmupCosine(10000)).toBe(0); // cosine's step 9500 = tMax
  });

  it('equals the hand-written piecewise formula over 10000 steps', () => {
    for (let t = 0; t < 10000; t++) {
      const want = t < 500 ? 0.1 * (0.01 + (0.99 * t) / 500) : 0.05 * (1 + Math.cos((Math.PI * (t - 500)) / 9500));
      close(warmupCosine(t), want, 1e-12);
    }
  });

  it("evaluates each part at its own local step", () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 4 }), fc.nat(300), (lengths, t) => {
      const parts = lengths.map((steps, i) => ({ schedule: exponential({ lr: 1 + i, gamma: 0.99 }), steps }));
      const s = sequence([...parts, { schedule: exponential({ lr: 9, gamma: 0.99 }) }]);
      let start = 0, i = 0;
      while (i < lengths.length && t >= start + lengths[i]) start += lengths[i++];
      return s(t) === (1 + (i < lengths.length ? i : 8)) * 0.99 ** (t - start);
    }));
  });

  it('is continuous where its parts meet continuously (warmup into cosine at the same lr)', () => {
    fc.assert(fc.property(
      fc.double({ min: 1e-4, max: 1, noNaN: true }), fc.double({ min: 0.01, max: 1, noNaN: true }),
      fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 5000 }),
      (lr, sf, w, tMax) => {
        const s = sequence([
          { schedule: linear({ lr, startFactor: sf, totalIters: w }), steps: w },
          { schedule: cosine({ lr, tMax }) },
        ]);
        // The jump at the boundary is no bigger than one warmup step, lr·(1 − sf)/w.
        return Math.abs(s(w) - s(w - 1)) <= (lr * (1 - sf)) / w + 1e-15;
      },
    ));
  });

  it('join(schedules, boundaries) is the primitive sequence builds on', () => {
    const s = join([() => 1, (t) => 2 + t, (t) => 10 + t], [3, 5]);
    expect([0, 2, 3, 4, 5, 7].map(s)).toEqual([1, 1, 2, 3, 10, 12]);
  });

  it('requires steps on every part but the last and forbids them on the last', () => {
    const c = constant({ lr: 1 });
    expect(() => sequence([])).toThrow('parts: must have at least one part');
    expect(() => sequence([{ schedule: c }, { schedule: c }])).toThrow('parts[0].steps: is required on every part but the last');
    expect(() => sequence([{ schedule: c, steps: 0 }, { schedule: c }])).toThrow('parts[0].steps: must be a positive integer');
    expect(() => sequence([{ schedule: c, steps: 3 }])).toThrow('parts[0].steps: must be omitted on the last part, which runs on');
  });
});

describe('sequenceMomentum', () => {
  const wave = (t: number) => 0.9 - t / 100;
  it('holds the last value set before a part without momentum, and the first value before any', () => {
    const m = sequenceMomentum([{ schedule: null, steps: 3 }, { schedule: wave, steps: 5 }, { schedule: null }])!;
    // steps 0–2: nothing set yet → the wave's first value 0.9; 3–7: the wave at 0…4; from 8: its last value, wave(4).
    expect([0, 2].map(m)).toEqual([0.9, 0.9]);
    expect(m(4)).toBe(wave(1));
    expect(m(8)).toBe(wave(4));
    expect(m(100)).toBe(wave(4));
  });

  it('is null when no part cycles momentum', () => {
    expect(sequenceMomentum([{ schedule: null, steps: 3 }, { schedule: null }])).toBeNull();
  });
});
