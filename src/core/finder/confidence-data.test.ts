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

/** The 34 seen runs and every run of the fresh held-out sets (16 each; 24 in fresh4, one range test only), together. */
function pooled(seenFile: string, freshFiles: Record<'fresh' | 'fresh2' | 'fresh3' | 'fresh4', string>): Run[] {
  const seen = load(seenFile);
  expect(seen).toHaveLength(34);
  expect(seen.every((r) => !r.split.startsWith('fresh'))).toBe(true);
  const fresh = Object.entries(freshFiles).flatMap(([split, file]) => {
    const runs = load(file);
    expect(runs).toHaveLength(split === 'fresh4' ? 24 : 16);
    expect(runs.every((r) => r.split === split)).toBe(true);
    return runs;
  });
  return [...seen, ...fresh];
}

function count(runs: Run[], method: FinderMethod, status: 'usable' | 'noisy'): { within: number; of: number } {
  const at = runs.filter((r) => r.methods[method]?.status === status);
  const within = at.filter((r) => r.methods[method]?.lr !== null && r.methods[method]?.gapPp !== null && (r.methods[method]?.gapPp as number) <= 0.5 + 1e-9);
  return { within: within.length, of: at.length };
}

describe('the confidence tables against the benchmark runs they quote', () => {
  it('FINDER_CONFIDENCE holds the counts of the constant-LR runs: finder.json (34 seen) + finder-fresh{,2,3,4}.json', () => {
    const runs = pooled('finder.json', { fresh: 'finder-fresh.json', fresh2: 'finder-fresh2.json', fresh3: 'finder-fresh3.json', fresh4: 'finder-fresh4.json' });
    for (const method of ['single', 'repeats', 'val-loss'] as const) {
      for (const status of ['usable', 'noisy'] as const) {
        const { within, of } = count(runs, method, status);
        expect({ method, status, within: FINDER_CONFIDENCE[method][status].within, of: FINDER_CONFIDENCE[method][status].of }).toEqual({ method, status, within, of });
      }
    }
  });

  it('ONECYCLE_CONFIDENCE holds the counts of the one-cycle runs: finder-onecycle.json (34 seen) + finder-onecycle-fresh{,2,3,4}.json', () => {
    const runs = pooled('finder-onecycle.json', { fresh: 'finder-onecycle-fresh.json', fresh2: 'finder-onecycle-fresh2.json', fresh3: 'finder-onecycle-fresh3.json', fresh4: 'finder-onecycle-fresh4.json' });
    for (const status of ['usable', 'noisy'] as const) {
      const { within, of } = count(runs, 'single', status);
      expect({ status, within: ONECYCLE_CONFIDENCE[status].within, of: ONECYCLE_CONFIDENCE[status].of }).toEqual({ status, within, of });
    }
  });
});
