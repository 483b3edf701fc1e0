import { describe, expect, it } from 'vitest';
import { differenceNoise, judgeSetup, lrFreeVerdict, MIN_NOISE, type SetupResult } from './verdict.js';

const setup = (finder: number[], lrFree: number[], label = 'mnist mlp'): SetupResult => ({
  label, suggestedLr: 0.05,
  methods: [
    { name: 'range test + one-cycle', group: 'finder', finals: finder },
    { name: 'range test + WSD', group: 'finder', finals: finder.map((x) => x - 0.01) },
    { name: 'Adam (default)', group: 'default', finals: [0.99] }, // a baseline: never counted on either side
    { name: 'Prodigy', group: 'lr-free', finals: lrFree },
    { name: 'D-Adapt SGD', group: 'lr-free', finals: lrFree.map((x) => x - 0.03) },
  ],
});

describe('differenceNoise', () => {
  it('2·√(s_a²/n_a + s_b²/n_b), at least MIN_NOISE', () => {
    // a = [0.90, 0.92]: s² = 0.0002, /2 = 0.0001; b = [0.95]: 0 → 2·√0.0001 = 0.02
    expect(differenceNoise([0.90, 0.92], [0.95])).toBeCloseTo(0.02, 12);
    expect(differenceNoise([0.9], [0.95])).toBe(MIN_NOISE);
  });
});

describe('judgeSetup', () => {
  it('confirmed: the finder leads by more than the noise, the best learning-rate-free method is within the margin', () => {
    // finder best 0.970 (one-cycle), lr-free best 0.962 (Prodigy): gap 0.8 pp > 0.5 pp noise, ≤ 1 pp margin
    const j = judgeSetup(setup([0.970], [0.962]), 0.01);
    expect(j.status).toBe('confirmed');
    expect(j.gap).toBeCloseTo(0.008, 12);
    expect(j.within).toEqual(['Prodigy']); // D-Adapt SGD 0.932: 3.8 pp behind
    expect(j.finder?.name).toBe('range test + one-cycle');
  });
  it('nuanced when the finder is far ahead (gap 3 pp > margin) or indistinguishable (gap 0.2 pp ≤ noise)', () => {
    expect(judgeSetup(setup([0.97], [0.94]), 0.01).status).toBe('nuanced');
    const tie = judgeSetup(setup([0.964], [0.962]), 0.01);
    expect(tie.status).toBe('nuanced');
    expect(tie.text).toContain('no real difference');
  });
  it('refuted when a learning-rate-free method is better by more than the noise; the default baseline does not count', () => {
    // Adam's 0.99 is higher than both sides but is neither: Prodigy 0.975 vs finder 0.965 → gap −1 pp
    const j = judgeSetup(setup([0.965], [0.975]), 0.01);
    expect(j.status).toBe('refuted');
    expect(j.lrFree?.name).toBe('Prodigy');
  });
  it('seed noise widens the band: gap 0.8 pp with seeds 2 pp apart is no real difference', () => {
    // finder [0.96, 0.98] mean 0.97, s² = 0.0002 → /2 = 0.0001; lr-free [0.962] → noise 2 pp ≥ 0.8 pp
    const j = judgeSetup(setup([0.96, 0.98], [0.962]), 0.01);
    expect(j.noise).toBeCloseTo(0.02, 12);
    expect(j.status).toBe('nuanced');
  });
  it('inconclusive without a finder result (no suggestion) or without a learning-rate-free result', () => {
    const none: SetupResult = { ...setup([], [0.96]), suggestedLr: null };
    expect(judgeSetup(none, 0.01)).toMatchObject({ status: 'inconclusive', text: expect.stringContaining('suggested no learning rate') });
    expect(judgeSetup(setup([0.97], []), 0.01).status).toBe('inconclusive');
  });
});

describe('lrFreeVerdict', () => {
  it('the setups\' common status when they agree; nuanced when they differ; inconclusive setups left out', () => {
    const ok = setup([0.970], [0.962], 'a');
    expect(lrFreeVerdict([ok, { ...ok, label: 'b' }], 0.01).status).toBe('confirmed');
    expect(lrFreeVerdict([ok, setup([0.965], [0.975], 'c')], 0.01).status).toBe('nuanced');
    expect(lrFreeVerdict([ok, { ...setup([], []), suggestedLr: null }], 0.01).status).toBe('confirmed');
    expect(lrFreeVerdict([{ ...setup([], []), suggestedLr: null }], 0.01).status).toBe('inconclusive');
  });
  it('the margin is never below MIN_NOISE', () => {
    // gap 0.4 pp: with margin raised to 0.5 pp it is within, and not beaten (≤ noise) → nuanced, Prodigy within
    const v = lrFreeVerdict([setup([0.966], [0.962])], 0);
    expect(v.judged[0].within).toEqual(['Prodigy']);
  });
});

describe('lrFreeVerdict text', () => {
  it('names the half of the claim that failed', () => {
    // gap 3 pp > 1 pp margin: the finder led by too much
    expect(lrFreeVerdict([setup([0.97], [0.94])], 0.01).text).toMatch(/^Part of the claim holds on the setup: the range test with a schedule led, but by more than 1 pp/);
    // gap 0.2 pp ≤ 0.5 pp noise: a match
    expect(lrFreeVerdict([setup([0.964], [0.962])], 0.01).text).toMatch(/^Part of the claim holds on the setup: the learning-rate-free methods matched/);
  });
});
