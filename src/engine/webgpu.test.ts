import * as tf from '@tensorflow/tfjs-core';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BackendUnavailableError, backendInfo, initBackend, resolveBackend } from './backend.js';
import { findAdapter, vulkanLoaderMissing } from './webgpu.js';

// Whether Dawn (the webgpu package, a devDependency) finds a GPU on this machine. Without one
// (CI, and any host without Vulkan/Metal/D3D12) the no-adapter paths are tested; with one, the
// GPU paths are.
const hasGpu = await findAdapter().then(() => true, (e: unknown) => {
  if (!(e instanceof BackendUnavailableError)) throw e;
  return false;
});

afterAll(async () => {
  vi.restoreAllMocks();
  await initBackend('cpu');
});

/** Everything written to stderr while `fn` runs. */
async function stderrOf<T>(fn: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk).trimEnd());
    return true;
  });
  try {
    return { value: await fn(), lines };
  } finally {
    spy.mockRestore();
  }
}

describe.skipIf(hasGpu)('webgpu without a GPU adapter (Dawn finds none here)', () => {
  it("initBackend('webgpu') throws one line saying no adapter was found, and leaves the backend as it was", async () => {
    expect(await initBackend('cpu')).toBe('cpu');
    const err = await initBackend('webgpu').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendUnavailableError);
    expect((err as Error).message).toMatch(/^webgpu found no GPU adapter \(.+\)$/);
    expect((err as Error).message).not.toContain('\n');
    expect(tf.getBackend()).toBe('cpu');
  });

  it.skipIf(!vulkanLoaderMissing())('without a Vulkan loader Dawn is not loaded: the note is the only line on stderr (fd 2 included)', () => {
    // Dawn writes its own warning straight to fd 2, past process.stderr: only a child process sees it.
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', "const m = await import('./src/engine/backend.ts'); await m.initBackend('auto');"], { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) });
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual(['lrlab: note: --backend auto: using wasm (webgpu found no GPU adapter (no Vulkan loader, libvulkan.so.1, on this machine))']);
  });

  it("initBackend('auto') starts wasm and says so on stderr, with the reason", async () => {
    const { value, lines } = await stderrOf(() => initBackend('auto'));
    expect(value).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(lines).toEqual([expect.stringMatching(/^lrlab: note: --backend auto: using wasm \(webgpu found no GPU adapter \(.+\)\)$/)]);
    expect(backendInfo()).toMatchObject({ name: 'wasm', adapter: null });
  });

  it("resolveBackend decides without starting anything: auto → wasm, webgpu → throws, wasm/cpu as given", async () => {
    const before = tf.getBackend();
    const { value, lines } = await stderrOf(() => resolveBackend('auto'));
    expect(value).toEqual({ name: 'wasm', adapter: null });
    expect(lines).toHaveLength(1);
    await expect(resolveBackend('webgpu')).rejects.toBeInstanceOf(BackendUnavailableError);
    expect(await resolveBackend('cpu')).toEqual({ name: 'cpu', adapter: null });
    expect(await resolveBackend('wasm')).toEqual({ name: 'wasm', adapter: null });
    expect(tf.getBackend()).toBe(before);
  });
});

describe.runIf(hasGpu)('webgpu on this machine\'s GPU', () => {
  it("initBackend('webgpu') starts webgpu and backendInfo names the adapter", async () => {
    expect(await initBackend('webgpu')).toBe('webgpu');
    const info = backendInfo();
    expect(info.name).toBe('webgpu');
    expect(info.adapter).not.toBeNull();
    // 3 · 4 + 1 = 13: one small op computed on the GPU and read back asynchronously.
    const v = await tf.tidy(() => tf.add(tf.mul(tf.scalar(3), tf.scalar(4)), tf.scalar(1))).data();
    expect(v[0]).toBe(13);
  });

  it("initBackend('auto') starts webgpu and says which adapter", async () => {
    const { value, lines } = await stderrOf(() => initBackend('auto'));
    expect(value).toBe('webgpu');
    expect(lines).toEqual([expect.stringMatching(/^lrlab: note: --backend auto: using webgpu \(.+\)$/)]);
  });
});
