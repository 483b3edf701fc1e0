import { describe, expect, it } from 'vitest';
import type { ScheduleName } from './specs.js';
import { judgeSchedules, MIN_MARGIN, schedulesVerdict, summarise, type ScheduleSummary } from './verdict.js';

const s = (name: ScheduleName, finals: number[], mid = finals[0] - 0.01): ScheduleSummary => {
  const m = finals.reduce((a, b) => a + b, 0) / finals.length;
  const std = finals.length > 1 ? Math.sqrt(finals.reduce((a, b) => a + (b - m) ** 2, 0) / (finals.length - 1)) : 0;
  return { name, perEpoch: [mid, m], final: m, finalStd: std, finals, mid };
};

describe('summarise', () => {
  it('means over seeds per epoch; mid is epoch ⌈E/2⌉', () => {
    const r = summarise('sgdr', [[0.5, 0.6, 0.7], [0.7, 0.8, 0.9]], 3);
    expect(r?.perEpoch.map((x) => Number(x.toFixed(12)))).toEqual([0.6, 0.7, 0.8]);
    expect(r?.mid).toBeCloseTo(0.7, 12); // ⌈3/2⌉ = 2nd epoch
    expect(r?.finalStd).toBeCloseTo(Math.sqrt(0.02), 12);
  });
  it('runs that stopped early are left out; none left → null', () => {
    expect(summarise('sgdr', [[0.5, 0.6], [0.7]], 2)?.finals).toEqual([0.6]);
    expect(summarise('sgdr', [[0.5]], 2)).toBeNull();
  });
});

describe('judgeSchedules', () => {
  const base = [s('fixed-max', [0.80]), s('fixed-base', [0.85]), s('onecycle', [0.86]), s('adam', [0.84]), s('adam-cosine', [0.86])];
  it('cyclical and SGDR beat the better fixed LR late, multistep near the best: confirmed', () => {
    const j = judgeSchedules([...base, s('triangular2', [0.87], 0.85), s('sgdr', [0.875], 0.84), s('multistep', [0.872])]);
    expect(j.fixedRef).toBe('fixed-base');
    // 0.87 − 0.85 = 0.02 > 0.005; at mid 0.85 − (0.85 − 0.01) = 0.01 ≤ 0.02 → late
    expect(j.helps.triangular2).toMatchObject({ helps: true, late: true });
    expect(j.helps.triangular2?.endGain).toBeCloseTo(0.02, 12);
    expect(j.best).toBe('sgdr');
    expect(j.multistep?.strong).toBe(true);
    expect(j.status).toBe('confirmed');
  });
  it('gains within the seed noise do not count', () => {
    // finals 0.84/0.88 (std 0.0283) vs 0.85 single: margin 2·√(0.0008/2) = 0.04 > 0.01
    const j = judgeSchedules([...base, s('triangular2', [0.84, 0.88]), s('sgdr', [0.851]), s('multistep', [0.86])]);
    expect(j.helps.triangular2?.margin).toBeCloseTo(0.04, 9);
    expect(j.helps.triangular2?.helps).toBe(false);
    expect(j.helps.sgdr?.margin).toBe(MIN_MARGIN);
    expect(j.status).toBe('nuanced');
  });
  it('underpowered when the noise cannot rule out the gains that would change the status', () => {
    // fixed-base 0.85 (one seed). triangular2 0.83/0.87: mean 0.85, gain 0, SE = 0.0283/√2 = 0.02, margin 0.04;
    // 0 + 0.04 ≥ 0.005 → undecided. sgdr 0.85/0.87: gain 0.01, SE 0.01414/√2 = 0.01, margin 0.02 ≥ 0.01 → no help;
    // 0.01 + 0.02 ≥ 0.005 → undecided. Multistep 0.86 ties the best (0.86) → strong. Neither helping → nuanced,
    // both helping → confirmed: the noise decides → underpowered.
    const j = judgeSchedules([...base, s('triangular2', [0.83, 0.87]), s('sgdr', [0.85, 0.87]), s('multistep', [0.86])]);
    expect(j.helps.triangular2).toMatchObject({ helps: false, undecided: true });
    expect(j.helps.sgdr?.margin).toBeCloseTo(0.02, 9);
    expect(j.helps.sgdr).toMatchObject({ helps: false, undecided: true });
    expect(j.status).toBe('underpowered');
    const runs = (['fixed-max', 'fixed-base', 'onecycle', 'adam', 'adam-cosine', 'triangular2', 'sgdr', 'multistep'] as const).map((name) => ({ name, statuses: ['ok'] }));
    const v = schedulesVerdict({ accuracyTest: { maxLr: 0.1, baseLr: 0.033, reason: 'ok' }, summaries: [...base, s('triangular2', [0.83, 0.87]), s('sgdr', [0.85, 0.87]), s('multistep', [0.86])], runs });
    expect(v.status).toBe('underpowered');
    expect(v.text).toMatch(/^This preset cannot decide: whether cyclical or SGDR helps, or whether multistep keeps up with the best, is within the seeds' noise/);
    expect(v.text).toContain('nor can the noise rule out a gain of 0.5 pp');
    // The same gains measured on one seed each (no noise measured): sgdr 0.86 − 0.85 = 0.01 > 0.005 helps,
    // triangular2 0.85 does not (0 + 0 < 0.005, decided) → one helps → nuanced.
    expect(judgeSchedules([...base, s('triangular2', [0.85]), s('sgdr', [0.86]), s('multistep', [0.86])]).status).toBe('nuanced');
  });
  it('underpowered when multistep\'s shortfall is within the noise of the margin and both schedules help', () => {
    // triangular2 0.87 and sgdr 0.875 (one seed) beat fixed-base 0.85 by 2 and 2.5 pp > 0.5 pp: both help.
    // best: sgdr 0.875 (one seed). multistep 0.85/0.87: mean 0.86, SE 0.01414/√2 = 0.01, margin max(0.005, 0.02) = 0.02;
    // shortfall 0.015 ≤ 0.02 → strong, but |0.015 − 0.02| = 0.005 < 2·0.01 → undecided: confirmed or nuanced → underpowered.
    const j = judgeSchedules([...base, s('triangular2', [0.87], 0.85), s('sgdr', [0.875], 0.84), s('multistep', [0.85, 0.87])]);
    expect(j.multistep).toMatchObject({ strong: true, undecided: true });
    expect(j.multistep?.margin).toBeCloseTo(0.02, 9);
    expect(j.status).toBe('underpowered');
    // The same means on one seed each: no noise measured, shortfall 0.015 > 0.005 → not strong, decided → nuanced.
    expect(judgeSchedules([...base, s('triangular2', [0.87], 0.85), s('sgdr', [0.875], 0.84), s('multistep', [0.86])]).status).toBe('nuanced');
  });
  it('neither helps and multistep is far behind: refuted', () => {
    const j = judgeSchedules([...base, s('triangular2', [0.8]), s('sgdr', [0.81]), s('multistep', [0.7])]);
    expect(j.multistep?.strong).toBe(false);
    expect(j.status).toBe('refuted');
  });
  it('a missing schedule: inconclusive', () => {
    expect(judgeSchedules(base).status).toBe('inconclusive');
  });
});

describe('schedulesVerdict', () => {
  const bounds = { maxLr: 0.1, baseLr: 0.1 / 3, reason: 'peak at 0.1' };
  // One seed each: every margin is MIN_MARGIN (0.5 pp). fixed-base is the better fixed LR (85%, mid 84%).
  const base = [s('fixed-max', [0.80]), s('fixed-base', [0.85]), s('onecycle', [0.86]), s('adam', [0.84]), s('adam-cosine', [0.86])];
  const ok = (name: ScheduleName) => ({ name, statuses: ['ok'] });

  it('confirmed: the gains and margins, multistep against the best and the top three in the text', () => {
    const summaries = [...base, s('triangular2', [0.87], 0.85), s('sgdr', [0.875], 0.83), s('multistep', [0.872])];
    const v = schedulesVerdict({ accuracyTest: bounds, summaries, runs: summaries.map((x) => ok(x.name)) });
    expect(v.status).toBe('confirmed');
    expect(v.judgement?.best).toBe('sgdr');
    // triangular2: 0.87 − 0.85 = +2.0 pp at the end, 0.85 − 0.84 = +1.0 pp at mid; SGDR: +2.5 pp, 0.83 − 0.84 = −1.0 pp;
    // multistep 0.872 − 0.875 = −0.3 pp, within 0.5 pp.
    expect(v.text).toBe('The better fixed LR is fixed LR (base) at 85.0%. '
      + 'cyclical (triangular2) helps, and the gain is largest at the end: +2.0 pp at the end vs +1.0 pp at half the budget (noise margin 0.5 pp). '
      + 'SGDR helps, and the gain is largest at the end: +2.5 pp at the end vs −1.0 pp at half the budget (noise margin 0.5 pp). '
      + 'Multistep ends −0.3 pp behind the best, SGDR (87.5%): within the noise, a strong baseline. '
      + 'Top three: SGDR 87.5%, multistep 87.2%, cyclical (triangular2) 87.0%.');
  });
  it('a schedule that did not finish: inconclusive, named with its runs\' statuses', () => {
    // triangular2: +1.0 pp at the end, +1.5 pp at mid (0.855 − 0.84): helps, but not late.
    const summaries = [...base, s('triangular2', [0.86], 0.855), s('multistep', [0.9])];
    const runs = [...summaries.map((x) => ok(x.name)), { name: 'sgdr' as const, statuses: ['diverged', 'error'] }];
    const v = schedulesVerdict({ accuracyTest: bounds, summaries, runs });
    expect(v.status).toBe('inconclusive');
    expect(v.text).toContain('cyclical (triangular2) helps, but its gain was already as large at half the budget: +1.0 pp at the end vs +1.5 pp at half the budget');
    expect(v.text).toContain('SGDR did not finish. Multistep is the best schedule (90.0%). Top three: multistep 90.0%, ');
    expect(v.text.endsWith(' Not every run finished: SGDR (diverged/error).')).toBe(true);
  });
  it('a gain inside the margin does not help; multistep beyond the noise', () => {
    // triangular2 +0.4 pp ≤ 0.5 pp; multistep 0.80 − 0.86 (onecycle, best) = −6.0 pp.
    const summaries = [...base, s('triangular2', [0.854]), s('sgdr', [0.852]), s('multistep', [0.80])];
    const v = schedulesVerdict({ accuracyTest: bounds, summaries, runs: summaries.map((x) => ok(x.name)) });
    expect(v.status).toBe('refuted');
    expect(v.text).toContain('cyclical (triangular2) does not beat it beyond the noise: +0.4 pp at the end');
    expect(v.text).toContain('Multistep ends −6.0 pp behind the best, one-cycle (86.0%): beyond the noise.');
  });
  it('no bounds from the accuracy range test: inconclusive, quoting its reason', () => {
    const v = schedulesVerdict({ accuracyTest: { maxLr: null, baseLr: null, reason: 'accuracy never rose' }, summaries: [], runs: [] });
    expect(v).toEqual({ status: 'inconclusive', judgement: null, text: 'The accuracy range test gave no LR bounds (accuracy never rose).' });
  });
  it('nothing finished and nothing to report: says so', () => {
    expect(schedulesVerdict({ accuracyTest: bounds, summaries: [], runs: [] }).text).toBe('No schedule finished.');
  });
});
