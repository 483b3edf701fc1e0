import fc from 'fast-check';
import { appendFileSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrialOutcome, TrialResultJson } from '../trial/config.js';
import { appendResult, readResults } from './results-file.js';

const outcome = (id: string, acc = 0.5, status: TrialOutcome['status'] = 'ok'): TrialOutcome => ({
  id,
  config: { data: 'synthetic', model: 'mlp', optimizer: { name: 'sgd' }, schedule: 0.1, batchSize: 32, epochs: 1, seed: 0 },
  status,
  result: status === 'error' ? null : { final: { valAccuracy: acc } } as unknown as TrialResultJson,
  ...(status === 'error' ? { error: 'boom' } : {}),
  seconds: 1.5,
});

const tempFile = (): string => join(mkdtempSync(join(tmpdir(), 'lrlab-results-')), 'results.jsonl');

describe('appendResult / readResults', () => {
  it('writes one line per trial and reads them back by id', () => {
    const file = tempFile();
    appendResult(file, outcome('a', 0.9));
    appendResult(file, outcome('b', 0, 'error'));
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')).toHaveLength(3); // two lines and the final newline
    const back = readResults(file);
    expect([...back.keys()]).toEqual(['a', 'b']);
    expect(back.get('a')).toEqual(outcome('a', 0.9));
    expect(back.get('b')?.error).toBe('boom');
  });

  it('a missing file holds no results', () => {
    expect(readResults(join(tmpdir(), 'lrlab-no-such-dir', 'results.jsonl')).size).toBe(0);
  });

  it('ignores a torn last line, and the next append starts on a line of its own', () => {
    const file = tempFile();
    appendResult(file, outcome('a'));
    appendFileSync(file, JSON.stringify(outcome('b')).slice(0, 40)); // a write cut short by a kill
    expect([...readResults(file).keys()]).toEqual(['a']);
    appendResult(file, outcome('c'));
    expect([...readResults(file).keys()]).toEqual(['a', 'c']);
  });

  it('a later record of the same id replaces the earlier one', () => {
    const file = tempFile();
    appendResult(file, outcome('a', 0.1));
    appendResult(file, outcome('a', 0.7));
    expect(readResults(file).get('a')?.result?.final?.valAccuracy).toBe(0.7);
  });

  it('skips lines that are JSON but not trial records', () => {
    const file = tempFile();
    writeFileSync(file, '{"hello":1}\n[1,2]\n{"id":"x","status":"weird","config":{}}\n');
    appendResult(file, outcome('a'));
    expect([...readResults(file).keys()]).toEqual(['a']);
  });

  it('property: cutting the file at any byte keeps exactly the records written completely before the cut', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ id: fc.string({ minLength: 1, maxLength: 6 }), acc: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 6 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (records, at) => {
        const file = tempFile();
        const ends: number[] = [];
        records.forEach((r, i) => {
          appendResult(file, outcome(`${i}:${r.id}`, r.acc));
          ends.push(readFileSync(file).length);
        });
        const cut = Math.floor(at * ends[ends.length - 1]);
        truncateSync(file, cut);
        // Expected: the records whose line (including its newline, or all but it) fits before the cut.
        const expected = records.map((r, i) => ({ id: `${i}:${r.id}`, end: ends[i] })).filter((r) => r.end - 1 <= cut).map((r) => r.id);
        expect([...readResults(file).keys()]).toEqual(expected);
      },
    ), { numRuns: 60 });
  });
});
