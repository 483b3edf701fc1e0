import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { multiStep } from './multi-step.js';

// Asserts only on failure, so loops over thousands of steps stay fast.
const close = (got: number, want: number, rel = 1e-12) => {
  if (!(Math.abs(got - want) <= rel * Math.abs(want))) expect(got).toBe(want);
};

describe('multiStep', () => {
  it('decays at each milestone (PyTorch MultiStepLR docs example)', () => {
    // lr 0.05, milestones [30, 80], gamma 0.1: 0.05 (t < 30), 0.005 (30 ≤ t < 80), 0.0005 (t ≥ 80).
    const s = multiStep({ lr: 0.05, milestones: [30, 80], gamma: 0.1 });
    close(s(29), 0.05);
    close(s(30), 0.005);
    close(s(79), 0.005);
    close(s(80), 0.0005);
    close(s(100000), 0.0005);
  });

  it('a milestone at 0 already decays step 0', () => {
    // PyTorch's initial step has last_epoch = 0, which is in the milestone Counter: 1·0.5 = 0.5.
    const s = multiStep({ lr: 1, milestones: [0, 2], gamma: 0.5 });
    expect(s(0)).toBe(0.5);
    expect(s(1)).toBe(0.5);
    expect(s(2)).toBe(0.25);
  });

  it('a repeated milestone decays by gamma² and the order of milestones does not matter', () => {
    const s = multiStep({ lr: 1, milestones: [5, 3, 3], gamma: 0.5 });
    expect(s(2)).toBe(1);
    expect(s(3)).toBe(0.25); // two decays at 3
    expect(s(5)).toBe(0.125);
  });

  it("matches PyTorch's recursive update (×gamma^count(t) at each milestone) over 1500 steps", () => {
    const milestones = [10, 250, 250, 999, 1200];
    const s = multiStep({ lr: 0.7, milestones, gamma: 0.37 });
    let cur = 0.7;
    for (let t = 0; t < 1500; t++) {
      const count = milestones.filter((m) => m === t).length;
      cur *= 0.37 ** count;
      close(s(t), cur);
    }
  });

  it('changes value exactly at the milestones and nowhere else', () => {
    fc.assert(fc.property(fc.array(fc.nat(300), { maxLength: 6 }), fc.nat(300), (milestones, t) => {
      const s = multiStep({ lr: 1, milestones, gamma: 0.5 });
      return milestones.includes(t + 1) ? s(t + 1) < s(t) : s(t + 1) === s(t);
    }));
  });

  it('rejects negative or fractional milestones, naming the index', () => {
    expect(() => multiStep({ lr: 1, milestones: [3, -1] })).toThrow('milestones[1]: must be an integer >= 0');
    expect(() => multiStep({ lr: 1, milestones: [1.5] })).toThrow('milestones[0]: must be an integer >= 0');
    expect(() => multiStep({ lr: 1 } as never)).toThrow('milestones: is required');
  });
});
