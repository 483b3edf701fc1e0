import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromSpec } from './spec.js';
import { wsd, wsdPhases, type WsdOptions } from './wsd.js';

// Asserts only on failure, so loops over many steps stay fast.
const close = (got: number, want: number, rel = 1e-12, abs = 0) => {
  if (!(Math.abs(got - want) <= rel * Math.abs(want) + abs)) expect(got).toBe(want);
};

describe('wsd', () => {
  it('warmup, stable, linear decay: T = 10, W = 2, s = 0.5, D = round(0.2·10) = 2', () => {
    const lr = wsd({ lr: 0.1, totalSteps: 10, warmupSteps: 2, startFactor: 0.5, decayShape: 'linear' });
    close(lr(0), 0.05); // 0.1·(0.5 + 0.5·0/2)
    close(lr(1), 0.075); // 0.1·(0.5 + 0.5·1/2)
    for (let t = 2; t <= 7; t++) expect(lr(t)).toBe(0.1); // stable until T − D = 8
    expect(lr(8)).toBe(0.1); // u = 0: 0.1·(1 − 0)
    close(lr(9), 0.05); // u = 1/2: 0.1·(1 − ½·(1 − 0))
    expect(lr(10)).toBe(0); // lr·f from T on
    expect(lr(1000)).toBe(0);
  });

  it('cosine decay to a final factor: T = 10, D = 4 steps, f = 0.1', () => {
    const lr = wsd({ lr: 0.1, totalSteps: 10, decaySteps: 4, decayShape: 'cosine', finalFactor: 0.1 });
    expect(lr(5)).toBe(0.1); // stable until 6
    expect(lr(6)).toBe(0.1); // u = 0: 0.1·(0.1 + 0.9·(1 + 1)/2) = 0.1
    close(lr(7), 0.1 * (0.1 + 0.9 * (1 + Math.SQRT1_2) / 2)); // u = ¼: cos(π/4) = √½
    close(lr(8), 0.055); // u = ½: 0.1·(0.1 + 0.9·(1 + 0)/2) = 0.1·0.55
    close(lr(9), 0.1 * (0.1 + 0.9 * (1 - Math.SQRT1_2) / 2)); // u = ¾: cos(3π/4) = −√½
    close(lr(10), 0.01); // 0.1·0.1
  });

  it('1-sqrt decay by default: T = 100, D = 20 from step 80, f = 0', () => {
    const lr = wsd({ lr: 0.1, totalSteps: 100 });
    expect(lr(0)).toBe(0.1); // no warmup by default
    expect(lr(79)).toBe(0.1);
    expect(lr(80)).toBe(0.1); // u = 0
    close(lr(85), 0.05); // u = 5/20 = ¼, √¼ = ½: 0.1·(1 − ½)
    close(lr(95), 0.1 * (1 - Math.sqrt(3) / 2)); // u = ¾, √¾ = √3/2: 0.1·0.1339745962155614
    close(lr(99), 0.1 * (1 - Math.sqrt(0.95))); // u = 19/20
    expect(lr(100)).toBe(0);
  });

  it('1-sqrt to a final factor with warmup from 0: lr 2, T = 20, W = 4, D = 4, f = 0.25', () => {
    const lr = wsd({ lr: 2, totalSteps: 20, warmupSteps: 4, decaySteps: 4, finalFactor: 0.25 });
    expect(lr(0)).toBe(0); // 2·(0 + 1·0/4)
    close(lr(1), 0.5); // 2·¼
    close(lr(3), 1.5); // 2·¾
    expect(lr(4)).toBe(2);
    expect(lr(16)).toBe(2); // u = 0
    close(lr(17), 2 * (0.25 + 0.75 * 0.5)); // u = ¼, √u = ½: 2·0.625 = 1.25
    close(lr(18), 2 * (0.25 + 0.75 * (1 - Math.SQRT1_2))); // u = ½
    expect(lr(20)).toBe(0.5); // 2·0.25
  });

  it('decay steps are round(decayFraction·T), halves up: 0.25·10 = 2.5 → 3', () => {
    expect(wsdPhases({ lr: 1, totalSteps: 10, decayFraction: 0.25 })).toEqual({ warmupSteps: 0, decayStart: 7, decaySteps: 3, totalSteps: 10 });
    const lr = wsd({ lr: 0.3, totalSteps: 10, decayFraction: 0.25, decayShape: 'linear' });
    expect(lr(7)).toBe(0.3);
    close(lr(8), 0.2); // u = ⅓: 0.3·(1 − ⅓)
    close(lr(9), 0.1); // u = ⅔
    // 0.2·7 = 1.4 → 1
    expect(wsdPhases({ lr: 1, totalSteps: 7 }).decaySteps).toBe(1);
  });

  it('no decay (decaySteps 0) holds lr until T, then lr·f', () => {
    const lr = wsd({ lr: 0.1, totalSteps: 5, decaySteps: 0, finalFactor: 0.5 });
    expect(lr(4)).toBe(0.1);
    expect(lr(5)).toBe(0.05);
  });

  it('reads as a spec through fromSpec, with the field paths in errors', () => {
    const { lr, momentum } = fromSpec({ type: 'wsd', lr: 0.1, totalSteps: 10, decayShape: 'linear' });
    expect(momentum).toBeNull();
    close(lr(9), 0.05);
    expect(() => fromSpec({ type: 'wsd', lr: 0.1, totalSteps: 10, decayShape: 'exp' })).toThrow('decayShape: must be one of linear|cosine|1-sqrt');
  });

  it.each<[string, WsdOptions, string]>([
    ['both decay fields', { lr: 0.1, totalSteps: 10, decaySteps: 2, decayFraction: 0.2 }, 'decaySteps: must not be given together with decayFraction'],
    ['decay longer than the run', { lr: 0.1, totalSteps: 10, decaySteps: 11 }, 'decaySteps: must be <= totalSteps (10)'],
    ['warmup + decay too long', { lr: 0.1, totalSteps: 10, warmupSteps: 9 }, 'warmupSteps: plus the 2 decay steps must be <= totalSteps (10)'],
    ['decayFraction above 1', { lr: 0.1, totalSteps: 10, decayFraction: 1.5 }, 'decayFraction: must be a number in [0, 1]'],
    ['startFactor above 1', { lr: 0.1, totalSteps: 10, startFactor: 2 }, 'startFactor: must be a number in [0, 1]'],
    ['finalFactor negative', { lr: 0.1, totalSteps: 10, finalFactor: -0.1 }, 'finalFactor: must be a number in [0, 1]'],
    ['fractional totalSteps', { lr: 0.1, totalSteps: 2.5 }, 'totalSteps: must be a positive integer'],
    ['no lr', { totalSteps: 10 } as WsdOptions, 'lr: is required'],
  ])('rejects %s', (_name, options, message) => {
    expect(() => wsd(options)).toThrow(message);
  });

  it('property: warmup rises to lr, stable equals lr, never increases after warmup, ends at lr·f', () => {
    const options = fc.record({
      lr: fc.double({ min: 1e-6, max: 10, noNaN: true }),
      totalSteps: fc.integer({ min: 1, max: 300 }),
      warmupFrac: fc.double({ min: 0, max: 0.5, noNaN: true }),
      decayFraction: fc.double({ min: 0, max: 0.5, noNaN: true }),
      startFactor: fc.double({ min: 0, max: 1, noNaN: true }),
      finalFactor: fc.double({ min: 0, max: 1, noNaN: true }),
      decayShape: fc.constantFrom('linear', 'cosine', '1-sqrt') as fc.Arbitrary<'linear' | 'cosine' | '1-sqrt'>,
    });
    fc.assert(
      fc.property(options, ({ warmupFrac, ...o }) => {
        const warmupSteps = Math.floor(warmupFrac * o.totalSteps);
        const lr = wsd({ ...o, warmupSteps });
        const { decayStart, totalSteps: T } = wsdPhases({ ...o, warmupSteps });
        const tol = 1e-12 * o.lr;
        for (let t = 0; t < warmupSteps; t++) {
          if (lr(t) > o.lr + tol || lr(t) < o.lr * o.startFactor - tol) return false;
          if (t > 0 && lr(t) < lr(t - 1) - tol) return false;
        }
        for (let t = warmupSteps; t < decayStart; t++) if (lr(t) !== o.lr) return false;
        for (let t = warmupSteps + 1; t <= T + 2; t++) if (lr(t) > lr(t - 1) + tol) return false;
        for (let t = decayStart; t < T; t++) if (lr(t) < o.lr * o.finalFactor - tol) return false;
        return lr(T) === o.lr * o.finalFactor && lr(T + 5) === o.lr * o.finalFactor;
      }),
    );
  });
});
