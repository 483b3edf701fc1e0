import { describe, expect, it } from 'vitest';
import { command as report } from './report.js';
import { command, parseStudyFlags } from './study.js';

describe('--seeds (study and report)', () => {
  it('reads a list of base seeds in the order given; absent without the flag', () => {
    expect(parseStudyFlags({ seeds: '2,0,1' })).toMatchObject({ seed: 0, seeds: [2, 0, 1] });
    expect(parseStudyFlags({ seeds: '5' }).seeds).toEqual([5]);
    expect(parseStudyFlags({ seed: '3' })).not.toHaveProperty('seeds');
  });

  it.each([
    [{ seeds: '0,1', seed: '2' }, /^--seeds: cannot be combined with --seed/],
    [{ seeds: '0,0,1' }, /^--seeds: must not repeat a seed, got '0,0,1'/],
    [{ seeds: '0,-1' }, /^--seeds: must be integers >= 0/],
    [{ seeds: '0,1.5' }, /^--seeds: '1.5' is not an integer/],
    [{ seeds: '0,,1' }, /^--seeds: must be a comma-separated list of numbers/],
  ])('rejects %j with one line naming the flag', (values, message) => {
    expect(() => parseStudyFlags(values)).toThrow(message);
  });

  it('both commands take the flag and document it (bad input: nothing runs)', async () => {
    await expect(command.run(['lr-range', '--seeds', '1,1'])).rejects.toThrow(/^--seeds: must not repeat/);
    await expect(report.run(['--seeds', 'a'])).rejects.toThrow(/^--seeds: must be a decimal number/);
    expect(command.help).toContain('--seeds 0,1,2');
    expect(report.help).toContain('--seeds 0,1,2');
  });
});
