import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromSpec } from './spec.js';

/**
 * Held-out agreement with PyTorch: test/fixtures/schedules/pytorch-reference.json is produced by
 * test/fixtures/schedules/reference.py, an independent Python re-implementation of torch 2.x's
 * *recursive* (chainable) scheduler updates, stepped once per optimizer step (once per epoch for
 * `"unit": "epoch"`). lrlab evaluates closed forms, so agreement checks both the semantics
 * (boundaries, off-by-ones, defaults) and the numerics. Regenerate with
 * `python3 test/fixtures/schedules/reference.py > test/fixtures/schedules/pytorch-reference.json`.
 */
interface Case {
  spec: { type: string } & Record<string, unknown>;
  steps: number;
  at: number[];
  lr: number[];
  momentum: number[] | null;
}
const fixture = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/schedules/pytorch-reference.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

/**
 * Error in units of the tolerance `1e-9·|want| + 1e-15·peak` (≤ 1 passes). The absolute part,
 * a few ulps of the schedule's largest value, only matters where the exact value is 0: there
 * PyTorch's recursion leaves rounding residue such as -4.6e-21 (LinearLR with endFactor 0).
 */
function errorRatio(got: number, want: number, peak: number, rel: number): number {
  return Math.abs(got - want) / (rel * Math.abs(want) + 1e-15 * peak);
}

/**
 * 1e-12 relative wherever rounding allows. Two places get 1e-9: CosineAnnealingLR past tMax,
 * where PyTorch restarts its recursion from a special case at tMax+1 and then multiplies ratios
 * of tiny numbers (measured drift up to ~4e-11), and sequences, which may contain such a cosine.
 */
function relTolerance(c: Case, t: number): number {
  if (c.spec.type === 'sequence') return 1e-9;
  if (c.spec.type === 'cosine' && t > (c.spec.tMax as number) * (c.spec.unit === 'epoch' ? (c.spec.stepsPerEpoch as number) : 1)) return 1e-9;
  return 1e-12;
}
const peakOf = (xs: number[]) => Math.max(...xs.map(Math.abs));

const byType = new Map<string, Case[]>();
for (const c of fixture.cases) byType.set(c.spec.type, [...(byType.get(c.spec.type) ?? []), c]);

describe('schedules match the PyTorch recursive reference on held-out specs', () => {
  it('covers every schedule type with about 50 specs each', () => {
    expect([...byType.keys()].sort()).toEqual(
      ['constant', 'cosine', 'cyclic', 'exponential', 'linear', 'multistep', 'onecycle', 'polynomial', 'sequence', 'sgdr', 'step'],
    );
    for (const cases of byType.values()) expect(cases.length).toBeGreaterThanOrEqual(50);
  });

  for (const [type, cases] of byType) {
    it(`${type}: every stored step within 1e-12 relative (1e-9 past a cosine's tMax)`, () => {
      let worst = 0;
      let worstAt = '';
      for (const [i, c] of cases.entries()) {
        const { lr, momentum } = fromSpec(c.spec);
        const peak = peakOf(c.lr), mPeak = c.momentum ? peakOf(c.momentum) : 0;
        expect(momentum === null, `case ${i} momentum presence`).toBe(c.momentum === null);
        c.at.forEach((t, k) => {
          const e = errorRatio(lr(t), c.lr[k], peak, relTolerance(c, t));
          if (e > worst) { worst = e; worstAt = `case ${i} step ${t}: ${lr(t)} vs ${c.lr[k]}`; }
          if (momentum && c.momentum) {
            const em = errorRatio(momentum(t), c.momentum[k], mPeak, 1e-12);
            if (em > worst) { worst = em; worstAt = `case ${i} momentum step ${t}: ${momentum(t)} vs ${c.momentum[k]}`; }
          }
        });
      }
      expect(worst, worstAt).toBeLessThanOrEqual(1);
    });
  }
});
