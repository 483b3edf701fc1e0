import { describe, expect, it } from 'vitest';
import { compile } from 'vega-lite';
import { lrBsMap, lrBsMapConfigSchema } from './index.js';
import { nominalLr } from '../shared/trials.js';
import { fakeContext, fakeEpochs } from '../shared/test-context.js';

const tiny = { ...lrBsMap.presets.quick, batchSizes: [16, 64, 256], lrs: [0.001, 0.01, 0.1, 1, 10] };

describe('lr-bs-map', () => {
  it('presets are valid; bad configs are rejected naming the field', () => {
    for (const p of ['quick', 'full'] as const) expect(() => lrBsMapConfigSchema.parse(lrBsMap.presets[p])).not.toThrow();
    const bad = (patch: object) => lrBsMapConfigSchema.safeParse({ ...tiny, ...patch });
    expect(bad({ lrs: [0.1, 0.01, 1] }).error?.issues[0].path).toEqual(['lrs']);
    expect(bad({ batchSizes: [16] }).success).toBe(false);
    expect(bad({ batchSizes: [16, 5000] }).error?.issues[0].path).toEqual(['batchSizes']);
    expect(bad({ optimizer: 'adam' }).success).toBe(false);
    expect(bad({ extra: 1 }).success).toBe(false);
  });

  it('finds slope 1 on a synthetic map whose best LR is 0.001·B, and its figures compile', async () => {
    // accuracy peaks at lr = 0.001·B: 1 − 0.05·(log10 lr − log10(0.001·B))²; lr 10 diverges
    const ctx = fakeContext((c) => {
      const lr = nominalLr(c.schedule);
      if (lr >= 10) return { status: 'diverged' };
      const acc = 0.95 - 0.05 * (Math.log10(lr) - Math.log10(0.001 * c.batchSize)) ** 2;
      return { epochs: fakeEpochs(c.epochs, acc, acc + 0.01) };
    });
    const out = await lrBsMap.run(tiny, ctx);
    expect(ctx.asked).toHaveLength(3 * 5);
    const fit = out.data.fit as { slope: number };
    // best LRs 0.016, 0.064, 0.256 lie inside half a grid step of the grid point: refined exactly
    expect(fit.slope).toBeCloseTo(1, 6);
    expect(out.verdict.status).toBe('confirmed');
    expect(out.verdict.text).toMatch(/next LR up already diverged|linear rule/);
    for (const f of out.figures) expect(() => compile(f.spec as never)).not.toThrow();
    expect(out.table!.rows).toHaveLength(3);
  });
});
