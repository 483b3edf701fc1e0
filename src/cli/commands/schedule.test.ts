import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { evaluate, SCHEDULE_TYPES } from '../../core/schedules/index.js';
import { main } from '../lrlab.js';

const dir = mkdtempSync(join(tmpdir(), 'lrlab-schedule-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run `lrlab …` in-process, capturing what it writes to stdout and stderr. */
async function lrlab(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '', stderr = '';
  const text = (chunk: unknown) => (typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => { stdout += text(chunk); return true; });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => { stderr += text(chunk); return true; });
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const COSINE = '{"type":"cosine","lr":0.1,"tMax":10,"etaMin":0.001}';
const CYCLIC = '{"type":"cyclic","baseLr":0.1,"maxLr":1,"stepSizeUp":2}';

describe('lrlab schedule', () => {
  it('prints {"lr":[…],"momentum":null} as JSON with full precision by default', async () => {
    const r = await lrlab('schedule', '--spec', COSINE, '--steps', '25');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const data = JSON.parse(r.stdout);
    // Independent: 0.001 + 0.099·(1 + cos(π·t/10))/2, to the last bit the JSON round trip keeps.
    expect(data.momentum).toBeNull();
    expect(data.lr).toHaveLength(25);
    data.lr.forEach((v: number, t: number) => expect(Math.abs(v - (0.001 + (0.099 * (1 + Math.cos((Math.PI * t) / 10))) / 2))).toBeLessThanOrEqual(1e-17));
    expect(data).toEqual(evaluate(JSON.parse(COSINE), 25));
  });

  it('writes CSV with header step,lr,momentum; the momentum column is empty when not cycled', async () => {
    const plain = await lrlab('schedule', '--spec', '{"type":"step","lr":1,"stepSize":2,"gamma":0.5}', '--steps', '3', '--format', 'csv');
    expect(plain.stdout).toBe('step,lr,momentum\n0,1,\n1,1,\n2,0.5,\n');
    const cyc = await lrlab('schedule', '--spec', CYCLIC, '--steps', '3', '--format', 'csv');
    // t = 1: x = ½ → lr 0.1 + (1 − 0.1)·½ = 0.55 and momentum 0.9 − (0.9 − 0.8)·½ = 0.85, which in
    // PyTorch's floating-point order prints as 0.8500000000000001 (0.9 − 0.8 is 0.09999999999999998).
    expect(cyc.stdout.split('\n').slice(0, 4)).toEqual(['step,lr,momentum', '0,0.1,0.9', '1,0.55,0.8500000000000001', '2,1,0.8']);
  });

  it('reads @file specs and writes --out files (nothing on stdout; --quiet silences the note)', async () => {
    const out = join(dir, 'warmup.json');
    const r = await lrlab('schedule', '--spec', '@examples/warmup-cosine.json', '--steps', '10000', '--out', out);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: `wrote ${out}\n` });
    const data = JSON.parse(readFileSync(out, 'utf8'));
    expect(data.lr[0]).toBeCloseTo(0.001, 17); // 0.1·0.01
    expect(data.lr[500]).toBe(0.1);
    expect(data.lr[9999]).toBeCloseTo(0.05 * (1 + Math.cos((Math.PI * 9499) / 9500)), 17);
    const quiet = await lrlab('schedule', '--spec', '@examples/warmup-cosine.json', '--steps', '5', '--out', out, '--quiet');
    expect(quiet).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('steps an epoch-unit spec once per epoch with --steps-per-epoch', async () => {
    const spec = '{"type":"multistep","lr":1,"milestones":[2],"gamma":0.5,"unit":"epoch"}';
    const r = await lrlab('schedule', '--spec', spec, '--steps', '8', '--steps-per-epoch', '3');
    expect(JSON.parse(r.stdout).lr).toEqual([1, 1, 1, 1, 1, 1, 0.5, 0.5]);
  });

  it('every example spec evaluates', async () => {
    for (const name of ['warmup-cosine', 'onecycle', 'sgdr', 'cyclic-triangular2', 'multistep-epochs']) {
      const r = await lrlab('schedule', '--spec', `@examples/${name}.json`, '--steps', '100');
      expect(r.code, name).toBe(0);
    }
  });

  it('agrees with the PyTorch reference fixture through the CLI (one held-out spec per type)', async () => {
    const fixture = JSON.parse(readFileSync('test/fixtures/schedules/pytorch-reference.json', 'utf8')) as {
      cases: Array<{ spec: { type: string }; steps: number; at: number[]; lr: number[]; momentum: number[] | null }>;
    };
    const seen = new Set<string>();
    for (const c of fixture.cases) {
      if (seen.has(c.spec.type)) continue;
      seen.add(c.spec.type);
      const r = await lrlab('schedule', '--spec', JSON.stringify(c.spec), '--steps', String(c.steps));
      const data = JSON.parse(r.stdout) as { lr: number[]; momentum: number[] | null };
      const peak = Math.max(...c.lr.map(Math.abs));
      c.at.forEach((t, k) => expect(Math.abs(data.lr[t] - c.lr[k])).toBeLessThanOrEqual(1e-9 * Math.abs(c.lr[k]) + 1e-15 * peak));
      expect(data.momentum === null).toBe(c.momentum === null);
      if (c.momentum) c.at.forEach((t, k) => expect(Math.abs(data.momentum![t] - c.momentum![k])).toBeLessThanOrEqual(1e-9 * c.momentum![k]));
    }
    expect(seen.size).toBe(11);
  });

  it('draws svg and png charts to --out', async () => {
    const svg = join(dir, 'c.svg'), png = join(dir, 'c.png');
    expect((await lrlab('schedule', '--spec', CYCLIC, '--steps', '20', '--format', 'svg', '--out', svg, '--quiet')).code).toBe(0);
    const text = readFileSync(svg, 'utf8');
    expect(text.startsWith('<svg')).toBe(true);
    expect(text).toContain('Momentum');
    expect((await lrlab('schedule', '--spec', COSINE, '--steps', '20', '--format', 'png', '--out', png, '--log', '--quiet')).code).toBe(0);
    expect([...readFileSync(png).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  }, 60_000);

  it('--help describes the flags', async () => {
    const r = await lrlab('schedule', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--steps-per-epoch');
  });
});

describe('lrlab schedule: bad input is one line on stderr, exit 2, nothing written', () => {
  writeFileSync(join(dir, 'broken.json'), '{"type": "cosine", "lr": 0.1,');
  const SEQ_BAD = '{"type":"sequence","parts":[{"schedule":{"type":"constant","lr":0.1},"steps":10},{"schedule":{"type":"cosine","lr":0.1,"tMax":-5}}]}';
  const cases: Array<[string, string[], string]> = [
    ['malformed JSON', ['--spec', '{"type":"cosine",', '--steps', '5'], "--spec: the inline spec is not valid JSON"],
    ['NaN is not JSON', ['--spec', '{"type":"constant","lr":NaN}', '--steps', '5'], '--spec: the inline spec is not valid JSON'],
    ['malformed @file', ['--spec', `@${join(dir, 'broken.json')}`, '--steps', '5'], `--spec: '${join(dir, 'broken.json')}' is not valid JSON`],
    ['unreadable @file', ['--spec', `@${join(dir, 'missing.json')}`, '--steps', '5'], `--spec: cannot read '${join(dir, 'missing.json')}': no such file`],
    ['@directory', ['--spec', `@${dir}`, '--steps', '5'], `--spec: cannot read '${dir}': is a directory`],
    ['unknown type', ['--spec', '{"type":"cosine_annealing","lr":0.1}', '--steps', '5'], `type: must be one of ${SCHEDULE_TYPES.join('|')}, got "cosine_annealing"`],
    ['missing field', ['--spec', '{"type":"cosine","lr":0.1}', '--steps', '5'], 'tMax: is required'],
    ['negative field', ['--spec', '{"type":"constant","lr":-0.1}', '--steps', '5'], 'lr: must be a positive number'],
    ['NaN as a string', ['--spec', '{"type":"constant","lr":"NaN"}', '--steps', '5'], 'lr: must be a positive number'],
    ['unknown field', ['--spec', '{"type":"step","lr":0.1,"stepsize":3}', '--steps', '5'], 'stepsize: unknown field (did you mean stepSize?)'],
    ['nested error', ['--spec', SEQ_BAD, '--steps', '5'], 'parts[1].schedule.tMax: must be a positive integer'],
    ['epoch unit without steps per epoch', ['--spec', '{"type":"constant","lr":0.1,"unit":"epoch"}', '--steps', '5'], 'stepsPerEpoch: is required when "unit" is "epoch"'],
    ['--steps-per-epoch on a step-unit spec', ['--spec', COSINE, '--steps', '5', '--steps-per-epoch', '10'], '--steps-per-epoch: only applies to a spec with "unit": "epoch"'],
    ['--steps-per-epoch 0', ['--spec', COSINE, '--steps', '5', '--steps-per-epoch', '0'], "--steps-per-epoch: must be an integer >= 1, got '0'"],
    ['steps 0', ['--spec', COSINE, '--steps', '0'], "--steps: must be an integer >= 1, got '0'"],
    ['negative steps', ['--spec', COSINE, '--steps=-3'], "--steps: must be an integer >= 1, got '-3'"],
    ['non-numeric steps', ['--spec', COSINE, '--steps', 'ten'], "--steps: must be a decimal number (got 'ten')"],
    ['hex steps', ['--spec', COSINE, '--steps', '0x10'], "--steps: must be a decimal number (got '0x10')"],
    ['steps with trailing garbage', ['--spec', COSINE, '--steps', '10abc'], "--steps: must be a decimal number (got '10abc')"],
    ['too many steps', ['--spec', COSINE, '--steps', '100000000000'], '--steps: must be at most 10000000, got 100000000000'],
    ['missing --steps', ['--spec', COSINE], '--steps: is required'],
    ['missing --spec', ['--steps', '5'], '--spec: is required (inline JSON or @file)'],
    ['unknown format', ['--spec', COSINE, '--steps', '5', '--format', 'pdf'], "--format: must be one of json|csv|svg|png, got 'pdf'"],
    ['svg without --out', ['--spec', COSINE, '--steps', '5', '--format', 'svg'], '--out: is required for --format svg (a file to write the chart to)'],
    ['unknown flag', ['--spec', COSINE, '--steps', '5', '--stpes', '3'], '--stpes: unknown option'],
  ];
  for (const [what, argv, why] of cases) {
    it(what, async () => {
      const out = join(dir, `${what.replace(/\W+/g, '-')}.out`);
      const r = await lrlab('schedule', ...argv, ...(argv.includes('--format') && argv.includes('svg') ? [] : ['--out', out]));
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.endsWith('\n')).toBe(true);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr.startsWith(`lrlab: error: ${why}`)).toBe(true);
      expect(existsSync(out)).toBe(false);
    });
  }
});
