import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpecError } from '../spec-error.js';
import { CurveTrainer, QuadraticTrainer } from '../../testing/index.js';
import { rangeTest } from './range-test.js';
import { sweepLr } from './sweep.js';

/** Flat at 2, sigmoid drop to 1 centred at lr = 1e-2, then a blow-up past lr ≈ 1. */
const dropThenBlowUp = (lr: number): number => {
  const x = Math.log10(lr);
  return 2 - 1 / (1 + Math.exp(-(x + 2) / 0.3)) + Math.max(0, Math.exp(6 * x) - 1);
};

describe('rangeTest on a quadratic ½·a·w² trained by SGD', () => {
  it('stops with "diverged" just past lr = 2/a (no smoothing)', async () => {
    // w_{t+1} = (1 − lr_t·a)·w_t grows only once lr_t > 2/a = 0.5. Independent replay of the
    // rule "stop at the first loss > 4 × the best before it" on the same recurrence:
    const a = 4, steps = 400, o = { startLr: 1e-7, endLr: 10, steps, mode: 'exp' as const };
    let w = 1, best = Infinity, expectedStop = -1;
    for (let i = 0; i < steps; i++) {
      const loss = 0.5 * a * w * w;
      if (loss > 4 * best) { expectedStop = i; break; }
      best = Math.min(best, loss);
      w *= 1 - sweepLr(i, o) * a;
    }
    const r = await rangeTest(new QuadraticTrainer({ a, w0: 1 }), { steps, smooth: 0 });
    expect(r.stopReason).toBe('diverged');
    expect(r.lrs.length).toBe(expectedStop + 1);
    expect(r.stopLr).toBe(sweepLr(expectedStop, o));
    expect(r.stopLr!).toBeGreaterThan(2 / a);
    expect(r.stopLr!).toBeLessThan(1.5 * (2 / a));
  });

  it('valLoss records the held-out loss after each step, not the batch loss before it', async () => {
    // Replay: the batch loss of step i is ½·a·w_i² (before the update), the held-out loss is
    // ½·a·w_{i+1}² (after it), with w_{i+1} = (1 − lr_i·a)·w_i (no noise, no momentum).
    const a = 4, steps = 30, o = { startLr: 1e-3, endLr: 0.3, steps, mode: 'exp' as const };
    const r = await rangeTest(new QuadraticTrainer({ a, w0: 1 }), { ...o, smooth: 0, valLoss: true });
    let w = 1;
    const expected: number[] = [];
    for (let i = 0; i < steps; i++) {
      w *= 1 - sweepLr(i, o) * a;
      expected.push(0.5 * a * w * w);
    }
    r.losses.forEach((l, i) => expect(l).toBeCloseTo(expected[i], 12));
    const plain = await rangeTest(new QuadraticTrainer({ a, w0: 1 }), { ...o, smooth: 0 });
    expect(plain.losses[0]).toBe(0.5 * a);
    expect(r.options.valLoss).toBe(true);
  });

  it('valLoss without a held-out loss on the trainer names the option', async () => {
    const t = new QuadraticTrainer({ a: 4, w0: 1 });
    const bare = { ...t, setLearningRate: t.setLearningRate.bind(t), trainBatch: t.trainBatch.bind(t), snapshot: t.snapshot.bind(t), restore: t.restore.bind(t), stepsPerEpoch: 10 };
    await expect(rangeTest(bare, { valLoss: true })).rejects.toThrow(/^valLoss: needs a trainer with a held-out batch/);
  });

  it('with the default smoothing still never stops before 2/a', async () => {
    for (const a of [1, 4, 10]) {
      const r = await rangeTest(new QuadraticTrainer({ a, w0: 1, noise: 0.01 }), {});
      if (r.stopReason === 'diverged') expect(r.stopLr!).toBeGreaterThan(2 / a);
      expect(r.suggested!.lr).toBeLessThan(2 / a);
    }
  });

  it('restores weights, momentum, RNG and step exactly, and disposes the snapshot', async () => {
    const t = new QuadraticTrainer({ a: 2, w0: 3, momentum: 0.9, noise: 0.3, seed: 7 });
    t.setLearningRate(0.01);
    for (let i = 0; i < 5; i++) await t.trainBatch();
    const before = t.fingerprint();
    await rangeTest(t, { steps: 50 });
    expect(t.fingerprint()).toBe(before);
    expect(t.liveSnapshots).toBe(0);
    // Training continues exactly as it would have: compare with a twin that never ran the test.
    const twin = new QuadraticTrainer({ a: 2, w0: 3, momentum: 0.9, noise: 0.3, seed: 7 });
    twin.setLearningRate(0.01);
    for (let i = 0; i < 5; i++) await twin.trainBatch();
    t.setLearningRate(0.02); twin.setLearningRate(0.02);
    for (let i = 0; i < 5; i++) expect(await t.trainBatch()).toBe(await twin.trainBatch());
  });

  it('restores and disposes also when a step throws', async () => {
    const t = new QuadraticTrainer({ a: 1, w0: 1, noise: 0.1 });
    const before = t.fingerprint();
    const train = t.trainBatch.bind(t);
    let calls = 0;
    t.trainBatch = async () => {
      if (++calls === 7) throw new Error('backend lost');
      return train();
    };
    await expect(rangeTest(t, { steps: 20 })).rejects.toThrow('backend lost');
    expect(t.fingerprint()).toBe(before);
    expect(t.liveSnapshots).toBe(0);
  });

  it('rejects bad options before touching the trainer', async () => {
    const t = new QuadraticTrainer({ a: 1, w0: 1 });
    for (const [opts, msg] of [
      [{ endLr: 1e-8 }, 'endLr: must be greater than startLr'],
      [{ steps: 5 }, 'steps: must be an integer >= 10'],
      [{ startLr: -1 }, 'startLr: must be a positive number'],
      [{ smooth: 1 }, 'smooth: must be in [0, 1)'],
      [{ diverge: 1 }, 'diverge: must be a number > 1'],
    ] as const) {
      await expect(rangeTest(t, opts)).rejects.toThrow(new SpecError(msg.split(': ')[0], msg.split(': ')[1]));
    }
    expect(t.stepCount).toBe(0);
    expect(t.liveSnapshots).toBe(0);
  });
});

describe('rangeTest recording', () => {
  it('records lr, loss and the debiased EMA for each point (hand-derived)', async () => {
    // Losses 4, 2, 1, 1, … with β = 0.5: smoothed 4, (0.5·2 + 0.5·2)/0.75 = 8/3,
    // (0.5·2 + 0.5·1)/0.875 = 12/7. Sweep 1e-3 → 1e-1 linear over 10 points: lr_1 = 1e-3 + 0.011.
    const seq = [4, 2, 1];
    const calls: number[][] = [];
    const t = new CurveTrainer({ loss: (_lr, step) => seq[step] ?? 1 });
    const r = await rangeTest(t, { startLr: 1e-3, endLr: 0.1, steps: 10, mode: 'linear', smooth: 0.5, onPoint: (...a) => calls.push(a) });
    expect(r.lrs[1]).toBeCloseTo(0.012, 15);
    expect(r.losses.slice(0, 3)).toEqual([4, 2, 1]);
    expect(r.smoothedLosses[0]).toBe(4);
    expect(r.smoothedLosses[1]).toBeCloseTo(8 / 3, 14);
    expect(r.smoothedLosses[2]).toBeCloseTo(12 / 7, 14);
    expect(r.stopReason).toBe('completed');
    expect(r.stopLr).toBeNull();
    expect(calls.length).toBe(10);
    expect(calls[2]).toEqual([2, r.lrs[2], 1, r.smoothedLosses[2], 0]);
  });

  it('stops with "nan" without recording the non-finite point', async () => {
    const t = new CurveTrainer({ loss: (lr) => (lr > 1e-3 ? Number.NaN : 1) });
    const r = await rangeTest(t, {});
    const o = { startLr: 1e-7, endLr: 10, steps: 100, mode: 'exp' as const };
    const first = Array.from({ length: 100 }, (_, i) => sweepLr(i, o)).findIndex((lr) => lr > 1e-3);
    expect(r.stopReason).toBe('nan');
    expect(r.lrs.length).toBe(first);
    expect(r.stopLr).toBe(sweepLr(first, o));
    expect(r.losses.every(Number.isFinite)).toBe(true);
  });

  it('a usable curve gets suggestions inside the drop and a usable verdict', async () => {
    const r = await rangeTest(new CurveTrainer({ loss: dropThenBlowUp, noise: 0.01, seed: 3 }), {});
    expect(r.stopReason).toBe('diverged');
    expect(r.verdict.status).toBe('usable');
    expect(r.suggested).not.toBeNull();
    expect(r.suggested!.lr).toBeGreaterThan(1e-3);
    expect(r.suggested!.lr).toBeLessThan(1);
    expect(r.options.steps).toBe(100);
  });

  it('lrs are increasing and within [startLr, endLr], suggestions too (property)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.double({ min: 1e-8, max: 1e-3, noNaN: true }), fc.double({ min: 100, max: 1e8, noNaN: true }),
      fc.integer({ min: 10, max: 120 }), fc.constantFrom('exp' as const, 'linear' as const), fc.integer({ min: 1, max: 1000 }),
      async (startLr, ratio, steps, mode, seed) => {
        const endLr = startLr * ratio;
        const r = await rangeTest(new CurveTrainer({ loss: dropThenBlowUp, noise: 0.05, seed }), { startLr, endLr, steps, mode });
        const mono = r.lrs.every((lr, i) => lr >= startLr && lr <= endLr && (i === 0 || lr > r.lrs[i - 1]));
        const inside = Object.values(r.suggestions).every((s) => s === null || (s.lr >= startLr && s.lr <= endLr));
        return mono && inside && (r.suggested === null || (r.suggested.lr >= startLr && r.suggested.lr <= endLr));
      },
    ), { numRuns: 60 });
  });
});
