import { describe, expect, it, vi } from 'vitest';
import { main } from '../lrlab.js';
import { redisAvailable, startTestRedis } from '../../queue/test-redis.js';
import { findAdapter } from '../../engine/webgpu.js';

/** Whether this machine has a GPU adapter (Dawn); the no-adapter cases are what a CPU-only CI has. */
const noGpu = await findAdapter().then(() => false, () => true);

/** Run the CLI, returning the exit code and what it wrote to stderr. */
async function cli(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s) => { stderr += String(s); return true; });
  try {
    return { code: await main(argv), stderr };
  } finally {
    spy.mockRestore();
  }
}

describe('lrlab worker', () => {
  it.each([
    [['worker'], 'lrlab: error: --queue: is required (redis://HOST:PORT)\n'],
    [['worker', '--queue', 'localhost:6379'], "lrlab: error: --queue: must start with redis:// or rediss://, got 'localhost:6379'\n"],
    [['worker', '--queue', 'redis://127.0.0.1:6379', '--jobs', '0'], "lrlab: error: --jobs: must be an integer >= 1, got '0'\n"],
    [['worker', '--queue', 'redis://127.0.0.1:6379', '--lock-seconds', '0'], 'lrlab: error: --lock-seconds: must be >= 0.1, got 0\n'],
    [['worker', '--queue', 'redis://127.0.0.1:6379', '--backend', 'gpu'], "lrlab: error: --backend: must be one of wasm|cpu|webgpu|auto, got 'gpu'\n"],
  ])('%j: one error line, exit 2', async (argv, line) => {
    expect(await cli(argv)).toEqual({ code: 2, stderr: line });
  });

  it.skipIf(!noGpu)('--backend webgpu with no GPU adapter: exit 2, one line, before connecting', async () => {
    // Port 1: nothing listens there, so reaching the connection would give another error.
    const r = await cli(['worker', '--queue', 'redis://127.0.0.1:1', '--backend', 'webgpu']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('lrlab:'))).toEqual([expect.stringMatching(/^lrlab: error: --backend: webgpu (found no GPU adapter \(.+\)|needs the webgpu package .+)$/)]);
  });

  it.skipIf(!redisAvailable() || !noGpu)('--backend auto (the default) with no GPU adapter: says it uses wasm, and runs', async () => {
    const redis = await startTestRedis();
    try {
      const r = await cli(['worker', '--queue', redis.url, '--idle-exit', '0.5']);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/^lrlab: note: --backend auto: using wasm \(webgpu .+\)$/m);
    } finally {
      await redis.stop();
    }
  });

  it.skipIf(!redisAvailable())('with --idle-exit, exits 0 once the queue stays empty', async () => {
    const redis = await startTestRedis();
    try {
      const r = await cli(['worker', '--queue', redis.url, '--idle-exit', '0.5']);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('worker done: 0 trials finished, 0 jobs failed');
    } finally {
      await redis.stop();
    }
  });
});
