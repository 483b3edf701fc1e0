import { describe, expect, it } from 'vitest';
import { CurveTrainer, QuadraticTrainer } from '../../testing/index.js';
import { rangeTestRepeated } from './repeated.js';
import { chooseSuggested } from './suggestions.js';

const drop = (lr: number): number => {
  const x = Math.log10(lr);
  return 2 - 1 / (1 + Math.exp(-(x + 2) / 0.3)) + Math.max(0, Math.exp(6 * x) - 1);
};

describe('rangeTestRepeated', () => {
  it('a deterministic fake has spread exactly 1 for every rule', async () => {
    const r = await rangeTestRepeated(() => new QuadraticTrainer({ a: 4, w0: 1, noise: 0.01, seed: 5 }), { repeats: 3 });
    expect(r.runs.length).toBe(3);
    for (const s of Object.values(r.suggestions)) if (s) expect(s.gsd).toBe(1);
    expect(r.suggested!.gsd).toBe(1);
    expect(r.suggested!.lr).toBe(r.runs[0].suggested!.lr);
    expect(r.verdict.status).toBe('usable');
    expect(r.verdict.reason).toContain('geometric std of 1.00 over 3 runs');
  });

  it('spread over seeds is the geometric std of the runs\' suggestions', async () => {
    const r = await rangeTestRepeated((k) => new CurveTrainer({ loss: drop, noise: 0.05, seed: 100 + k }), { repeats: 4 });
    const v = r.runs.map((run) => run.suggestions.valley!.lr);
    const logs = v.map(Math.log);
    const mean = logs.reduce((a, b) => a + b) / 4;
    const gsd = Math.exp(Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / 3));
    expect(r.suggestions.valley!.lrs).toEqual(v);
    expect(r.suggestions.valley!.gsd).toBeCloseTo(gsd, 10);
    expect(r.suggestions.valley!.lr).toBeCloseTo(Math.exp(mean), 12);
    expect(r.suggestions.valley!.gsd).toBeGreaterThan(1);
  });

  it('the batch rule scales the combined median, capped by the lowest LR at which a run diverged', async () => {
    const r = await rangeTestRepeated((k) => new CurveTrainer({ loss: drop, noise: 0.05, seed: 200 + k }), { repeats: 3, batchSize: 4096 });
    const median = chooseSuggested(r.suggestions)!.lr;
    const stops = r.runs.map((run) => run.stopLr as number);
    stops.forEach((d, i) => expect(r.runs[i].stopReason === 'diverged' && d > 0).toBe(true));
    // × 4096/64 = 64 would put it far past the blow-up; the cap is max(median, min stop / 50).
    expect(64 * median).toBeGreaterThan(Math.min(...stops) / 50);
    expect(r.suggested!.lr).toBeCloseTo(Math.max(median, Math.min(...stops) / 50), 12);
    expect(r.suggested!.rule).toMatch(/ × 4096\/64 \(batch\), capped at the divergence lr [0-9.e+-]+\/50$/);
  });

  it('accepts async factories and reports each repeat', async () => {
    const seen: number[] = [];
    const points: number[] = [];
    const r = await rangeTestRepeated(async (k) => new CurveTrainer({ loss: drop, seed: k + 1 }), {
      repeats: 2, steps: 20, onRepeat: (k) => seen.push(k), onPoint: (_i, _lr, _l, _s, k) => points.push(k),
    });
    expect(seen).toEqual([0, 1]);
    expect(points.filter((k) => k === 1).length).toBe(r.runs[1].lrs.length);
  });

  it('most runs unusable → unusable; one of three → noisy', async () => {
    const flat = () => new CurveTrainer({ loss: () => 1 });
    const good = (k: number) => new CurveTrainer({ loss: drop, noise: 0.01, seed: k + 1 });
    const bad = await rangeTestRepeated((k) => (k < 2 ? flat() : good(k)), { repeats: 3 });
    expect(bad.verdict.status).toBe('unusable');
    expect(bad.verdict.reason).toMatch(/^2 of 3 runs unusable; run 1: the loss never fell/);
    const some = await rangeTestRepeated((k) => (k === 1 ? flat() : good(k)), { repeats: 3 });
    expect(some.verdict.status).toBe('noisy');
    expect(some.suggestions.valley!.lrs.length).toBe(2);
  });

  it('a suggestion that scatters by more than a factor of 2 → noisy', async () => {
    // The drop's centre moves by a decade per repeat: the suggestion's gsd is about 10.
    const r = await rangeTestRepeated((k) => new CurveTrainer({ loss: (lr) => drop(lr * 10 ** (k - 1)), noise: 0.01, seed: 1 }), { repeats: 3 });
    expect(r.suggested!.gsd!).toBeGreaterThan(2);
    expect(r.verdict.status).toBe('noisy');
  });

  it('rejects repeats < 1', async () => {
    await expect(rangeTestRepeated(() => new QuadraticTrainer({ a: 1, w0: 1 }), { repeats: 0 })).rejects.toThrow('repeats: must be an integer >= 1');
  });
});
