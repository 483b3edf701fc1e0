import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BackendUnavailableError } from '../../engine/backend.js';
import { findAdapter } from '../../engine/webgpu.js';
import { main } from '../lrlab.js';

// These are the no-GPU paths of --backend webgpu|auto; on a host where Dawn finds an adapter they
// would train on the GPU instead, so they are skipped there.
const hasGpu = await findAdapter().then(() => true, (e: unknown) => {
  if (!(e instanceof BackendUnavailableError)) throw e;
  return false;
});

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lrlab-backend-flag-'));
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterAll(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const common = ['--data', 'synthetic', '--train-size', '200', '--val-size', '50', '--model', 'mlp', '--hidden', '8',
  '--batch-size', '32', '--epochs', '1', '--quiet'];
const train = [...common, '--lr', '0.1'];

/** Exit code and stderr lines of one `lrlab …` run. */
async function lrlab(argv: string[]): Promise<{ code: number; err: string[] }> {
  const err: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err.push(...String(chunk).split('\n').filter((l) => l !== ''));
    return true;
  });
  try {
    return { code: await main(argv), err };
  } finally {
    spy.mockRestore();
  }
}

const NO_ADAPTER = /^lrlab: error: --backend: webgpu found no GPU adapter \(.+\)$/;

describe.skipIf(hasGpu)('--backend webgpu|auto without a GPU adapter', () => {
  it('train --backend webgpu: exit 2, one error line, nothing written', async () => {
    const out = join(dir, 'webgpu.json');
    const log = join(dir, 'webgpu.jsonl');
    const { code, err } = await lrlab(['train', ...train, '--backend', 'webgpu', '--json', out, '--log', log]);
    expect(code).toBe(2);
    expect(err).toEqual([expect.stringMatching(NO_ADAPTER)]);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(log)).toBe(false);
  });

  it('train --backend auto: trains on wasm, says so, records backend wasm and adapter null', async () => {
    const out = join(dir, 'auto.json');
    const { code, err } = await lrlab(['train', ...train, '--backend', 'auto', '--json', out]);
    expect(code).toBe(0);
    expect(err).toEqual([expect.stringMatching(/^lrlab: note: --backend auto: using wasm \(webgpu found no GPU adapter/)]);
    const r = JSON.parse(readFileSync(out, 'utf8'));
    expect(r.config).toMatchObject({ backend: 'wasm', adapter: null });
  });

  it('sweep and find --grid --backend webgpu: exit 2 before any worker or file', async () => {
    const sweepDir = join(dir, 'sweep');
    const s = await lrlab(['sweep', ...common, '--lr', '0.1,0.2', '--backend', 'webgpu', '--out', sweepDir, '--jobs', '1']);
    expect(s.code).toBe(2);
    expect(s.err).toEqual([expect.stringMatching(NO_ADAPTER)]);
    expect(existsSync(sweepDir)).toBe(false);
    const gridOut = join(dir, 'grid');
    const g = await lrlab(['find', ...common, '--grid', '0.1,0.2', '--backend', 'webgpu', '--out', gridOut, '--jobs', '1']);
    expect(g.code).toBe(2);
    expect(g.err).toEqual([expect.stringMatching(NO_ADAPTER)]);
    expect(existsSync(gridOut)).toBe(false);
  });

  it('study --backend webgpu: exit 2 before any study runs', async () => {
    const out = join(dir, 'study');
    const { code, err } = await lrlab(['study', 'lr-range', '--backend', 'webgpu', '--out', out, '--quiet']);
    expect(code).toBe(2);
    expect(err).toEqual([expect.stringMatching(NO_ADAPTER)]);
    expect(existsSync(out)).toBe(false);
  });
});
