import { describe, expect, it } from 'vitest';
import { compile } from 'vega-lite';
import { batchGeneralization, batchGeneralizationConfigSchema, epochsFor, lrGridFor, type BatchGeneralizationConfig } from './index.js';
import { nominalLr } from '../shared/trials.js';
import { fakeContext, fakeEpochs } from '../shared/test-context.js';

const tiny: BatchGeneralizationConfig = {
  ...batchGeneralization.presets.quick, seeds: 2, lrGrid: { baseLr: 0.001, refBatch: 16, exponent: 0.5, factors: [1 / 3, 1, 3] },
};

describe('batch-generalization', () => {
  it('presets are valid; bad configs are rejected naming the field', () => {
    for (const p of ['quick', 'full'] as const) expect(() => batchGeneralizationConfigSchema.parse(batchGeneralization.presets[p])).not.toThrow();
    const bad = (patch: object) => batchGeneralizationConfigSchema.safeParse({ ...tiny, ...patch }).error?.issues[0].path;
    expect(bad({ batchSizes: [16, 4000] })).toEqual(['batchSizes']);
    expect(bad({ lrGrid: { ...tiny.lrGrid, exponent: 2 } })).toEqual(['lrGrid', 'exponent']);
    expect(bad({ minSteps: -1 })).toEqual(['minSteps']);
  });

  it('grid centre follows (B/refBatch)^exponent; large batches get at least minSteps updates', () => {
    // 0.001·(64/16)^0.5 = 0.002 → ×{1/3, 1, 3}
    expect(lrGridFor(tiny, 64)).toEqual([0.000667, 0.002, 0.006]);
    // 2000/1000 = 2 steps per epoch → ceil(60/2) = 30 epochs; batch 16 keeps the 8-epoch budget
    expect(epochsFor(tiny, 1000)).toBe(30);
    expect(epochsFor(tiny, 16)).toBe(8);
  });

  it('picks the centre LR, re-runs it with the other seed, and confirms a generalization gap', async () => {
    // accuracy peaks at the grid centre; batches ≥ 200 (10% of 2000) lose 3 pp of test accuracy but keep training accuracy
    const ctx = fakeContext((c) => {
      const centre = 0.001 * Math.sqrt(c.batchSize / 16);
      const acc = 0.95 - 0.02 * Math.log10(nominalLr(c.schedule) / centre) ** 2 - (c.batchSize >= 200 ? 0.03 : 0) + 0.001 * (c.seed - 1);
      return { epochs: fakeEpochs(c.epochs, acc, 0.999) };
    });
    const out = await batchGeneralization.run(tiny, ctx);
    expect(ctx.asked).toHaveLength(4 * 3 + 4); // grid, then one more seed per batch size
    const rows = out.data.rows as Array<{ batchSize: number; lr: number; valSpread: number }>;
    expect(rows.map((r) => r.lr)).toEqual([0.001, 0.002, 0.00354, 0.00791]);
    expect(rows[0].valSpread).toBeCloseTo(0.001, 12);
    expect(out.verdict.status).toBe('confirmed');
    expect(out.data.criticalBatch).toBe(200);
    for (const f of out.figures) expect(() => compile(f.spec as never)).not.toThrow();
  });
});
