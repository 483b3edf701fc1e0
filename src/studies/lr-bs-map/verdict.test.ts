import { describe, expect, it } from 'vitest';
import { fitPowerLaw } from '../../core/stats.js';
import type { Ridge } from './ridge.js';
import { ridgeVerdict } from './verdict.js';

describe('ridgeVerdict', () => {
  it('a ridge that rises then falls: an interval containing 0 and 0.5 → inconclusive', () => {
    // best LRs measured in a quick run: slope ≈ 0.25 with a 95% interval of about −0.38 … 0.87
    const bs4 = [16, 64, 256, 1024], best = [0.0501, 0.114, 0.197, 0.129];
    const r: Ridge = {
      rows: bs4.map((b, i) => ({ batchSize: b, index: i + 1, gridLr: best[i], lr: best[i], atEdge: false, value: 0.9 })),
      missing: [], fit: fitPowerLaw(bs4, best), fitOnInterior: false, localSlopes: [], rising: null,
    };
    const v = ridgeVerdict(r);
    expect(r.fit!.slopeCi95[0]).toBeLessThan(0);
    expect(v.status).toBe('inconclusive');
    expect(v.text).toMatch(/do not determine the slope/);
  });
  it('fewer than three batch sizes with a best LR: inconclusive', () => {
    const r: Ridge = { rows: [], missing: [16, 64], fit: null, fitOnInterior: false, localSlopes: [], rising: null };
    expect(ridgeVerdict(r)).toEqual({ status: 'inconclusive', text: 'Only 0 batch size(s) had a usable best LR; a slope needs at least 3.' });
  });
});
