import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STUDIES } from '../../studies/registry.js';
import { defaultJobs } from '../../sweep/pool.js';
import { command as report } from './report.js';
import { command, parseStudyFlags } from './study.js';

describe('parseStudyFlags', () => {
  it('defaults: quick preset into report/, one job per core, seed 0, wasm', () => {
    expect(parseStudyFlags({})).toEqual({ preset: 'quick', outRoot: resolve('report'), jobs: defaultJobs(), resume: false, seed: 0, backend: 'wasm', quiet: false });
  });

  it('reads every flag', () => {
    expect(parseStudyFlags({ preset: 'full', out: 'x', jobs: '3', resume: true, seed: '9', backend: 'cpu', quiet: true }))
      .toEqual({ preset: 'full', outRoot: resolve('x'), jobs: 3, resume: true, seed: 9, backend: 'cpu', quiet: true });
  });

  it.each([
    [{ preset: 'medium' }, /^--preset: must be one of quick\|full/],
    [{ jobs: '0' }, /^--jobs: must be an integer >= 1/],
    [{ seed: '-1' }, /^--seed: must be an integer >= 0/],
    [{ backend: 'webgl' }, /^--backend: must be one of wasm\|cpu/],
    [{ out: ' ' }, /^--out: needs a folder/],
  ])('rejects %j', (values, message) => {
    expect(() => parseStudyFlags(values)).toThrow(message);
  });
});

describe('lrlab study / report input errors (nothing runs)', () => {
  it('needs exactly one known study name or all', async () => {
    await expect(command.run([])).rejects.toThrow(/^study: needs one study name or all/);
    await expect(command.run(['a', 'b'])).rejects.toThrow(/^study: needs one study name/);
    await expect(command.run(['no-such-study'])).rejects.toThrow(/^study: unknown study 'no-such-study' \(known: .*batch-speed/);
    await expect(command.run(['batch-speed', '--preset', 'huge'])).rejects.toThrow(/^--preset/);
    await expect(report.run(['--bogus'])).rejects.toThrow(/^--bogus: unknown option/);
  });

  it('lists every registered study in its help', () => {
    for (const s of STUDIES) expect(command.help).toContain(s.name);
    for (const s of STUDIES) expect(report.help).toContain(s.name);
  });
});
