import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FINDER_CONFIDENCE, type FinderMethod } from './confidence.js';

// A second derivation of the confidence table: recount the committed benchmark run
// (bench/results/finder.json, `npm run bench:finder -- --tasks all --seeds 2`) per method and
// verdict, counting a run as within when its suggestion trained to ≤ 0.5 pp below the grid's best.
interface Pick { lr: number | null; status: string; gapPp: number | null }
interface Run { methods: Record<FinderMethod, Pick> }

function count(runs: Run[], method: FinderMethod, status: 'usable' | 'noisy'): { within: number; of: number } {
  const at = runs.filter((r) => r.methods[method].status === status);
  const within = at.filter((r) => r.methods[method].lr !== null && r.methods[method].gapPp !== null && (r.methods[method].gapPp as number) <= 0.5 + 1e-9);
  return { within: within.length, of: at.length };
}

describe('FINDER_CONFIDENCE against the benchmark run it quotes', () => {
  const runs = (JSON.parse(readFileSync(new URL('../../../bench/results/finder.json', import.meta.url), 'utf8')) as { reports: Run[] }).reports;

  it('holds the counts of bench/results/finder.json for every method and verdict', () => {
    expect(runs).toHaveLength(34);
    for (const method of ['single', 'repeats', 'val-loss'] as const) {
      for (const status of ['usable', 'noisy'] as const) {
        const { within, of } = count(runs, method, status);
        expect({ method, status, within: FINDER_CONFIDENCE[method][status].within, of: FINDER_CONFIDENCE[method][status].of }).toEqual({ method, status, within, of });
      }
    }
  });
});
