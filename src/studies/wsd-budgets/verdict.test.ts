import { describe, expect, it } from 'vitest';
import { judgeBudget, MIN_TOLERANCE, wsdBudgetsVerdict, type BudgetResult } from './verdict.js';

const compute = { branchedSteps: 120, separateSteps: 300 };

describe('judgeBudget', () => {
  it('paired differences, tolerance max(margin, 2 SE)', () => {
    // d = 0.90 − 0.91 = −0.01 and 0.92 − 0.90 = +0.02: mean +0.005; sd = √((0.015² + 0.015²)/1) = 0.0212132,
    // SE = 0.0212132/√2 = 0.015, 2 SE = 0.03 > margin 0.01.
    const j = judgeBudget({ epochs: 2, wsd: [0.90, 0.92], cosine: [0.91, 0.90] }, 0.01)!;
    expect(j.diff).toBeCloseTo(0.005, 12);
    expect(j.tolerance).toBeCloseTo(0.03, 12);
    expect(j.wsd).toBeCloseTo(0.91, 12);
    expect(j.cosine).toBeCloseTo(0.905, 12);
    expect(j.matches).toBe(true);
    expect(j.pairs).toBe(2);
  });
  it('one pair: the margin alone; seeds missing either run are left out; none → null', () => {
    // seed 0 only: d = 0.95 − 0.97 = −0.02 < −0.01
    const j = judgeBudget({ epochs: 1, wsd: [0.95, null], cosine: [0.97, 0.97] }, 0.01)!;
    expect(j.pairs).toBe(1);
    expect(j.tolerance).toBe(0.01);
    expect(j.matches).toBe(false);
    expect(judgeBudget({ epochs: 1, wsd: [null], cosine: [0.9] }, 0.01)).toBeNull();
  });
});

describe('wsdBudgetsVerdict', () => {
  const budgets: BudgetResult[] = [
    { epochs: 1, wsd: [0.930], cosine: [0.935] }, // −0.5 pp
    { epochs: 2, wsd: [0.950], cosine: [0.948] }, // +0.2 pp
    { epochs: 4, wsd: [0.962], cosine: [0.960] }, // +0.2 pp
  ];
  it('confirmed: every budget within 1 pp and fewer steps; the text gives the compute share', () => {
    const v = wsdBudgetsVerdict(budgets, compute, 0.01);
    expect(v.status).toBe('confirmed');
    expect(v.text).toContain('40.0% of the compute'); // 120 / 300
    expect(v.text).toContain('worst −0.5 pp at 1 epochs');
  });
  it('nuanced: one budget 2 pp short', () => {
    const v = wsdBudgetsVerdict([...budgets.slice(1), { epochs: 6, wsd: [0.95], cosine: [0.97] }], compute, 0.01);
    expect(v.status).toBe('nuanced');
    expect(v.text).toMatch(/at 2 of 3 budgets .* short at 6 epochs/);
  });
  it('refuted: short everywhere', () => {
    const v = wsdBudgetsVerdict(budgets.map((b) => ({ ...b, wsd: [b.cosine[0]! - 0.02] })), compute, 0.01);
    expect(v.status).toBe('refuted');
  });
  it('nuanced when it matches but saves nothing (one budget)', () => {
    expect(wsdBudgetsVerdict([budgets[1]], { branchedSteps: 100, separateSteps: 100 }, 0.01).status).toBe('nuanced');
  });
  it('the margin never goes below MIN_TOLERANCE; inconclusive without pairs', () => {
    // −0.4 pp is within 0.5 pp even when the margin asked for is 0.1 pp
    expect(wsdBudgetsVerdict([{ epochs: 1, wsd: [0.926], cosine: [0.930] }], compute, 0.001).judged[0].tolerance).toBe(MIN_TOLERANCE);
    expect(wsdBudgetsVerdict([{ epochs: 1, wsd: [null], cosine: [0.9] }], compute).status).toBe('inconclusive');
  });
});
