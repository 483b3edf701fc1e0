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

type FreshSet = 'fresh' | 'fresh2' | 'fresh3' | 'fresh4' | 'fresh5';
/** Runs per fresh set: 8 tasks × 2 seeds, 12 × 2 in fresh4, 16 × 3 in fresh5 (the last two one range test only). */
const FRESH_RUNS: Record<FreshSet, number> = { fresh: 16, fresh2: 16, fresh3: 16, fresh4: 24, fresh5: 48 };

/** The 34 seen runs and every run of the fresh held-out sets, together and per fresh set. */
function pooled(seenFile: string, freshFiles: Record<FreshSet, string>): { all: Run[]; fresh: Run[][] } {
  const seen = load(seenFile);
  expect(seen).toHaveLength(34);
  expect(seen.every((r) => !r.split.startsWith('fresh'))).toBe(true);
  const fresh = Object.entries(freshFiles).map(([split, file]) => {
    const runs = load(file);
    expect(runs).toHaveLength(FRESH_RUNS[split as FreshSet]);
    expect(runs.every((r) => r.split === split)).toBe(true);
    return runs;
  });
  return { all: [...seen, ...fresh.flat()], fresh };
}

/** The lowest and highest rate of the fresh sets with ≥ 10 runs at the level (null under two such sets). */
function spreadOf(fresh: Run[][], method: FinderMethod, status: 'usable' | 'noisy'): { lo: number; hi: number; sets: number } | null {
  const rates = fresh.map((runs) => count(runs, method, status)).filter((c) => c.of >= 10).map((c) => c.within / c.of);
  return rates.length < 2 ? null : { lo: Math.min(...rates), hi: Math.max(...rates), sets: rates.length };
}

function count(runs: Run[], method: FinderMethod, status: 'usable' | 'noisy'): { within: number; of: number } {
  const at = runs.filter((r) => r.methods[method]?.status === status);
  const within = at.filter((r) => r.methods[method]?.lr !== null && r.methods[method]?.gapPp !== null && (r.methods[method]?.gapPp as number) <= 0.5 + 1e-9);
  return { within: within.length, of: at.length };
}

describe('the confidence tables against the benchmark runs they quote', () => {
  it('FINDER_CONFIDENCE holds the counts of the constant-LR runs: finder.json (34 seen) + finder-fresh{,2,3,4,5}.json', () => {
    const { all: runs, fresh } = pooled('finder.json', { fresh: 'finder-fresh.json', fresh2: 'finder-fresh2.json', fresh3: 'finder-fresh3.json', fresh4: 'finder-fresh4.json', fresh5: 'finder-fresh5.json' });
    for (const method of ['single', 'repeats', 'val-loss'] as const) {
      for (const status of ['usable', 'noisy'] as const) {
        const { within, of } = count(runs, method, status);
        const c = FINDER_CONFIDENCE[method][status];
        expect({ method, status, within: c.within, of: c.of, spread: c.spread }).toEqual({ method, status, within, of, spread: spreadOf(fresh, method, status) });
      }
    }
  });

  it('ONECYCLE_CONFIDENCE holds the counts of the one-cycle runs: finder-onecycle.json (34 seen) + finder-onecycle-fresh{,2,3,4,5}.json', () => {
    const { all: runs, fresh } = pooled('finder-onecycle.json', { fresh: 'finder-onecycle-fresh.json', fresh2: 'finder-onecycle-fresh2.json', fresh3: 'finder-onecycle-fresh3.json', fresh4: 'finder-onecycle-fresh4.json', fresh5: 'finder-onecycle-fresh5.json' });
    for (const status of ['usable', 'noisy'] as const) {
      const { within, of } = count(runs, 'single', status);
      const c = ONECYCLE_CONFIDENCE[status];
      expect({ status, within: c.within, of: c.of, spread: c.spread }).toEqual({ status, within, of, spread: spreadOf(fresh, 'single', status) });
    }
  });
});
