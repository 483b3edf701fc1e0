import { describe, expect, it } from 'vitest';
import { compile } from 'vega-lite';
import { bsQuestion, bsQuestionConfigSchema } from './index.js';
import type { TrialConfig } from '../study.js';
import { nominalLr } from '../shared/trials.js';
import { fakeContext } from '../shared/test-context.js';

const cfg = bsQuestion.presets.quick;
/** Samples per second by batch size, and the LR each batch size likes best. */
const SPS: Record<number, number> = { 1: 500, 100: 20000, 10000: 25000 };
const RATE: Record<number, number> = { 1: 20, 100: 5, 10000: 0.2 };
const IDEAL: Record<number, number> = { 1: 0.01, 100: 0.1, 10000: 0.5 };

/** Loss after e epochs: 0.2 + 2.1·exp(−e·rate·q), q = exp(−(log10(lr/ideal))²); evaluated every evalEverySteps. */
function evals(c: TrialConfig) {
  const b = c.batchSize, n = 10000;
  const steps = Math.min(c.maxSteps ?? Infinity, c.epochs * Math.ceil(n / b));
  const q = Math.exp(-(Math.log10(nominalLr(c.schedule) / IDEAL[b]) ** 2));
  const out = [];
  for (let s = 0; s <= steps; s += c.evalEverySteps!) {
    const samples = s * b;
    const loss = 0.2 + 2.1 * Math.exp(-(samples / n) * RATE[b] * q);
    out.push({ step: s, seconds: samples / SPS[b], samples, valLoss: loss, valAccuracy: 1 - loss / 3, trainLoss: loss });
  }
  return out;
}

describe('bs-question', () => {
  it('presets are valid; bad configs are rejected naming the field', () => {
    for (const p of ['quick', 'full'] as const) expect(() => bsQuestionConfigSchema.parse(bsQuestion.presets[p])).not.toThrow();
    const bad = (patch: object) => bsQuestionConfigSchema.safeParse({ ...cfg, ...patch }).error?.issues[0].path;
    expect(bad({ claimedBatch: 50 })).toEqual(['claimedBatch']);
    expect(bad({ runs: [cfg.runs[0], cfg.runs[0]] })).toEqual(['runs']);
    expect(bad({ targetLoss: 0 })).toEqual(['targetLoss']);
  });

  it('finds the winner in seconds and per epoch, and scales the claimed batch\'s LR linearly', async () => {
    const ctx = fakeContext((c) => ({ epochs: [], evals: evals(c) }));
    const out = await bsQuestion.run(cfg, ctx);
    const best = out.data.best as Array<{ batchSize: number; lr: number; secondsToTarget: number; epochsToTarget: number }>;
    expect(best.map((r) => r.lr)).toEqual([0.01, 0.1, 0.5]);
    // target 0.7 at q = 1: 2.1·exp(−e·rate) = 0.5 → e = ln(4.2)/rate; seconds = e·N/sps
    // batch 1: e = 0.0718 → 1.44 s; batch 100: e = 0.287 → 0.144 s; batch 10000: e = 7.18 → 2.87 s
    // (linear interpolation between evaluations overestimates a convex curve's crossing: within 15%)
    const e = (b: number) => Math.log(4.2) / RATE[b];
    for (const r of best) {
      expect(r.epochsToTarget / e(r.batchSize)).toBeGreaterThanOrEqual(1 - 1e-9);
      expect(r.epochsToTarget / e(r.batchSize)).toBeLessThan(1.15);
      expect(r.secondsToTarget / ((e(r.batchSize) * 10000) / SPS[r.batchSize])).toBeLessThan(1.15);
    }
    expect(out.verdict.status).toBe('confirmed');
    expect(out.verdict.text).toMatch(/Per epoch \(samples seen\) batch 1 is fastest/);
    // the claimed batch's best LR 0.1 scaled by B/100: 0.001 at batch 1, 10 at batch 10000
    expect(ctx.asked.map((t) => t.id)).toEqual(expect.arrayContaining(['b1-lr0.001', 'b10000-lr10']));
    for (const f of out.figures) expect(() => compile(f.spec as never)).not.toThrow();
  });
});
