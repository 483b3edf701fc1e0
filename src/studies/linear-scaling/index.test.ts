import { describe, expect, it } from 'vitest';
import { compile } from 'vega-lite';
import { linearScaling, linearScalingConfigSchema, type LinearScalingConfig } from './index.js';
import { nominalLr } from '../shared/trials.js';
import { fakeContext, fakeEpochs } from '../shared/test-context.js';

const tiny: LinearScalingConfig = { ...linearScaling.presets.quick, ks: [1, 4, 16], seeds: 1 };

describe('linear-scaling', () => {
  it('presets are valid; bad configs are rejected naming the field', () => {
    for (const p of ['quick', 'full'] as const) expect(() => linearScalingConfigSchema.parse(linearScaling.presets[p])).not.toThrow();
    const bad = (patch: object) => linearScalingConfigSchema.safeParse({ ...tiny, ...patch }).error?.issues[0].path;
    expect(bad({ ks: [2, 4] })).toEqual(['ks']);
    expect(bad({ ks: [1, 256] })).toEqual(['ks']); // 16·256 > trainSize
    expect(bad({ warmupEpochs: 8 })).toEqual(['warmupEpochs']);
    expect(bad({ lars: { lrGrid: [1], trustCoefficient: 0 } })).toEqual(['lars', 'trustCoefficient']);
  });

  it('tunes η, scales it per rule, and finds where the linear rule stops holding', async () => {
    // Synthetic truth: the ideal SGD LR is 0.01·k (LARS: 1·k); accuracy falls with the squared
    // log-distance from it, and every run at k ≥ 16 loses 5 pp (too few steps).
    const ctx = fakeContext((c) => {
      const k = c.batchSize / 16;
      const ideal = (c.optimizer.name === 'lars' ? 1 : 0.01) * k;
      const acc = 0.95 - 0.05 * Math.log10(nominalLr(c.schedule) / ideal) ** 2 - (k >= 16 ? 0.05 : 0);
      return { epochs: fakeEpochs(c.epochs, acc, acc) };
    });
    const out = await linearScaling.run(tiny, ctx);
    expect(out.data.eta).toBe(0.01);
    expect(out.data.larsLr).toBe(1);
    // 3 + 3 tuning runs, then 2 values of k × 5 rules
    expect(ctx.asked).toHaveLength(6 + 10);
    const warm = ctx.asked.find((t) => t.id.startsWith('linear-warmup-k4'))!;
    // planner: warmupEpochs 3 at ceil(2048/64) = 32 steps/epoch → 96 warmup steps from 0.01 to 0.04 (startFactor 1/4)
    expect(warm.config.schedule).toMatchObject({ type: 'sequence', parts: [{ steps: 96, schedule: { type: 'linear', lr: 0.04, startFactor: 0.25 } }, {}] });
    expect(out.data.holdsUpTo).toBe(4);
    expect(out.data.failsAt).toBe(16);
    expect(out.verdict.status).toBe('nuanced');
    for (const f of out.figures) expect(() => compile(f.spec as never)).not.toThrow();
  });

  it('throws with the cause when every tuning run fails', async () => {
    const ctx = fakeContext(() => ({ status: 'error', error: 'boom' }));
    await expect(linearScaling.run(tiny, ctx)).rejects.toThrow(/boom/);
  });
});
