import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeIdx } from './idx.js';
import { findIdxFiles, idxRowSource, loadIdxSource } from './idx-source.js';

describe('IDX files on disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lrlab-idx-'));
    // 3 images of 2×2, labels 0, 2, 1; gzip'd images, plain labels, EMNIST-style names.
    await writeFile(join(dir, 'emnist-x-train-images-idx3-ubyte.gz'), gzipSync(writeIdx([3, 2, 2], Uint8Array.from({ length: 12 }, (_, i) => i * 20))));
    await writeFile(join(dir, 'emnist-x-train-labels-idx1-ubyte'), writeIdx([3], Uint8Array.from([0, 2, 1])));
    await writeFile(join(dir, 'emnist-x-test-images-idx3-ubyte'), writeIdx([1, 2, 2], Uint8Array.from([255, 0, 0, 255])));
    await writeFile(join(dir, 'emnist-x-test-labels-idx1-ubyte'), writeIdx([1], Uint8Array.from([1])));
    await writeFile(join(dir, 'bad.gz'), Uint8Array.from([0x1f, 0x8b, 1, 2, 3]));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds train and test files by prefix, gzip or not', async () => {
    const f = await findIdxFiles(join(dir, 'emnist-x-'));
    expect(f.train.images).toBe(join(dir, 'emnist-x-train-images-idx3-ubyte.gz'));
    expect(f.test?.labels).toBe(join(dir, 'emnist-x-test-labels-idx1-ubyte'));
  });

  it('loads a gzip-compressed pair as [h, w, 1] images with classes = max label + 1', async () => {
    const f = await findIdxFiles(join(dir, 'emnist-x-'));
    const src = await loadIdxSource(f.train.images, f.train.labels);
    expect(src.n).toBe(3);
    expect(src.featureShape).toEqual([2, 2, 1]);
    expect(src.numClasses).toBe(3);
    expect(Array.from(src.x)).toEqual(Array.from({ length: 12 }, (_, i) => i * 20));
  });

  it('says which files it looked for when none are there', async () => {
    await expect(findIdxFiles(join(dir, 'nothing-'))).rejects.toThrow(/^--data: .*nothing-: no IDX training files found \(looked for .*nothing-train-images-idx3-ubyte/);
  });

  it('names the file when its gzip data is corrupt', async () => {
    await expect(loadIdxSource(join(dir, 'bad.gz'), join(dir, 'bad.gz'))).rejects.toThrow(/bad\.gz: corrupt gzip data/);
  });

  it('rejects labels that do not match the images', () => {
    const images = { dims: [2, 2, 2], data: new Uint8Array(8) };
    expect(() => idxRowSource(images, 'i', { dims: [3], data: new Uint8Array(3) }, 'l')).toThrow(/^l: has 3 labels but i has 2 images$/);
    expect(() => idxRowSource(images, 'i', { dims: [2], data: Float32Array.from([0, 1]) }, 'l')).toThrow(/^l: labels must be integers/);
    expect(() => idxRowSource(images, 'i', { dims: [2], data: Int8Array.from([0, -1]) }, 'l')).toThrow(/^l: label 1 is -1; labels must be non-negative$/);
    expect(() => idxRowSource({ dims: [2], data: new Uint8Array(2) }, 'i', { dims: [2], data: new Uint8Array(2) }, 'l')).toThrow(/^i: images must have 2 to 4 dimensions/);
    expect(() => idxRowSource({ dims: [2, 1], data: new Int16Array(2) }, 'i', { dims: [2], data: new Uint8Array(2) }, 'l')).toThrow(/^i: images must be unsigned bytes/);
  });
});
