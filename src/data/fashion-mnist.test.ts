import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFashionMnist, type FashionMnistLoad } from './fashion-mnist.js';

/** A Buffer view (no copy) of a typed array's bytes, for fast whole-array comparison. */
const bytesOf = (a: Uint8Array | Float32Array | Int32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('loadFashionMnist', () => {
  let dir: string;
  let built: FashionMnistLoad;
  let hit: FashionMnistLoad;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lrlab-fm-'));
    built = await loadFashionMnist({ cacheDir: dir }); // decodes the JSON once and writes the cache
    hit = await loadFashionMnist({ cacheDir: dir });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('splits 70,000 images into 60,000 train and 10,000 test of 28×28×1', () => {
    expect([built.train.n, built.test.n]).toEqual([60000, 10000]);
    expect(built.train.x.length).toBe(60000 * 784);
    expect(built.test.x.length).toBe(10000 * 784);
    expect(built.train.featureShape).toEqual([28, 28, 1]);
  });

  it('keeps every class balanced: 6,000 train and 1,000 test images each', () => {
    for (const [src, per] of [[built.train, 6000], [built.test, 1000]] as const) {
      const c = new Array(10).fill(0);
      for (let i = 0; i < src.n; i++) c[src.y[i]]++;
      expect(c).toEqual(new Array(10).fill(per));
    }
  });

  it('writes the cache once, then reads back the same bytes', async () => {
    expect(built.cache).toBe('built');
    expect(hit.cache).toBe('hit');
    expect(bytesOf(hit.train.x).equals(bytesOf(built.train.x))).toBe(true);
    expect(bytesOf(hit.test.x).equals(bytesOf(built.test.x))).toBe(true);
    expect(bytesOf(hit.train.y as Int32Array).equals(bytesOf(built.train.y as Int32Array))).toBe(true);
    // Only the entry itself is left: no temporary files.
    expect(await readdir(dir)).toEqual(['fashion-mnist-v1.bin']);
  });

  it('puts the first 6,000 images of a class file in train and the last 1,000 in test (checked with JSON.parse)', async () => {
    // Second implementation: the package's own format read by JSON.parse; empty rows carry no image.
    const file = join(dirname(createRequire(import.meta.url).resolve('fashion-mnist/package.json')), 'src', 'clothes', '0.json');
    const rows = (JSON.parse(await readFile(file, 'utf8')) as { data: number[][] }).data.filter((r) => r.length > 0);
    expect(rows.length).toBe(7000);
    // Class 0 is the first block of each split: train rows 0..5999, test rows 0..999.
    // (0.json has an empty row at index 1000, so this also pins that empty rows are skipped.)
    let mismatches = 0;
    rows.forEach((row, r) => {
      const [x, base] = r < 6000 ? [built.train.x, r * 784] : [built.test.x, (r - 6000) * 784];
      for (let j = 0; j < 784; j++) if (x[base + j] !== row[j]) mismatches++;
    });
    expect(mismatches).toBe(0);
    expect(built.train.y[5999]).toBe(0);
    expect(built.train.y[6000]).toBe(1);
  });

});
