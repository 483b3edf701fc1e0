import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FINDER_CONFIDENCE, ONECYCLE_CONFIDENCE, type FinderMethod } from './confidence.js';

// A second derivation of the confidence tables: recount the committed benchmark runs they quote
// per method and verdict, a run counting as within when its suggestion trained to ≤ 0.5 pp below
// the grid's best (an unusable verdict gives no answer; a diverged training has no gap).
interface Pick { lr: number | null; status: string; gapPp: number | null }
interface Run { split: string; methods: Partial<Record<FinderMethod, Pick>> }

const load = (file: string): Run[] =>
  (JSON.parse(readFileSync(new URL(`../../../bench/results/${file}`, import.meta.url), 'utf8')) as { reports: Run[] }).reports;

/** The 34 seen runs, the 16 of the fresh held-out set and the 16 of the second fresh set, together. */
function pooled(seenFile: string, freshFile: string, fresh2File: string): Run[] {
  const seen = load(seenFile);
  const fresh = load(freshFile);
  const fresh2 = load(fresh2File);
  expect(seen).toHaveLength(34);
  expect(seen.every((r) => r.split !== 'fresh' && r.split !== 'fresh2')).toBe(true);
  expect(fresh).toHaveLength(16);
  expect(fresh.every((r) => r.split === 'fresh')).toBe(true);
  expect(fresh2).toHaveLength(16);
  expect(fresh2.every((r) => r.split === 'fresh2')).toBe(true);
  return [...seen, ...fresh, ...fresh2];
}

function count(runs: Run[], method: FinderMethod, status: 'usable' | 'noisy'): { within: number; of: number } {
  const at = runs.filter((r) => r.methods[method]?.status === status);
  const within = at.filter((r) => r.methods[method]?.lr !== null && r.methods[method]?.gapPp !== null && (r.methods[method]?.gapPp as number) <= 0.5 + 1e-9);
  return { within: within.length, of: at.length };
}

describe('the confidence tables against the benchmark runs they quote', () => {
  it('FINDER_CONFIDENCE holds the counts of the 66 constant-LR runs: finder.json (34 seen) + finder-fresh.json + finder-fresh2.json (16 each)', () => {
    const runs = pooled('finder.json', 'finder-fresh.json', 'finder-fresh2.json');
    for (const method of ['single', 'repeats', 'val-loss'] as const) {
      for (const status of ['usable', 'noisy'] as const) {
        const { within, of } = count(runs, method, status);
        expect({ method, status, within: FINDER_CONFIDENCE[method][status].within, of: FINDER_CONFIDENCE[method][status].of }).toEqual({ method, status, within, of });
      }
    }
  });

  it('ONECYCLE_CONFIDENCE holds the counts of the 66 one-cycle runs: finder-onecycle.json (34 seen) + finder-onecycle-fresh.json + finder-onecycle-fresh2.json (16 each)', () => {
    const runs = pooled('finder-onecycle.json', 'finder-onecycle-fresh.json', 'finder-onecycle-fresh2.json');
    for (const status of ['usable', 'noisy'] as const) {
      const { within, of } = count(runs, 'single', status);
      expect({ status, within: ONECYCLE_CONFIDENCE[status].within, of: ONECYCLE_CONFIDENCE[status].of }).toEqual({ status, within, of });
    }
  });
});
