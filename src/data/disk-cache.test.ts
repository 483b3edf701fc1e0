import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diskCache } from './disk-cache.js';

describe('diskCache', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lrlab-cache-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns what was written for the same key and size', async () => {
    const c = diskCache(join(dir, 'sub'));
    expect(await c.write('e.bin', 'k1', Uint8Array.from([1, 2, 3]))).toBe(true);
    expect(Array.from((await c.read('e.bin', 'k1', 3)) ?? [])).toEqual([1, 2, 3]);
    expect(await readdir(join(dir, 'sub'))).toEqual(['e.bin']);
  });

  it('misses on another key, another size, a truncated entry, or no entry', async () => {
    const c = diskCache(dir);
    await c.write('e.bin', 'k1', Uint8Array.from([1, 2, 3]));
    expect(await c.read('e.bin', 'k2', 3)).toBeNull();
    expect(await c.read('e.bin', 'k1', 4)).toBeNull();
    expect(await c.read('other.bin', 'k1', 3)).toBeNull();
    // Header "lrlab-cache k1\n" (15 bytes) + 2 of the 3 payload bytes.
    await writeFile(join(dir, 'e.bin'), 'lrlab-cache k1\n\x01\x02');
    expect(await c.read('e.bin', 'k1', 3)).toBeNull();
  });

  it('reports a failed write when the directory cannot be created', async () => {
    await writeFile(join(dir, 'file'), 'x');
    // Stands in for a read-only disk: a path under a regular file can never be created, even by root.
    expect(await diskCache(join(dir, 'file', 'sub')).write('e.bin', 'k', Uint8Array.from([1]))).toBe(false);
  });
});
