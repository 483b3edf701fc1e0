import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeIdx } from './idx.js';
import { loadData } from './load-data.js';
import { loadMnist, type ImageSplits } from './mnist.js';
import { chooseSubset } from './rows.js';
import { deriveSeed, STREAM } from './seed.js';
import type { Dataset } from './types.js';

/** Row r of a dataset must be row i of the raw bytes, scaled: x = byte / 255. */
function expectRowsFrom(d: Dataset, raw: ImageSplits['train'], rows: Int32Array): void {
  let bad = 0;
  rows.forEach((i, r) => {
    if (d.y[r] !== raw.y[i]) bad++;
    for (let j = 0; j < 784; j += 7) if (d.x[r * 784 + j] !== Math.fround(raw.x[i * 784 + j] / 255)) bad++;
  });
  expect(bad).toBe(0);
}

describe('loadData', () => {
  let mnist: ImageSplits;
  let dir: string;
  beforeAll(async () => {
    mnist = await loadMnist();
    dir = await mkdtemp(join(tmpdir(), 'lrlab-load-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('mnist: seeded subsets of train and of the 10k test split, the same for the same seed', async () => {
    const a = await loadData({ data: 'mnist', trainSize: 300, valSize: 100, seed: 7 });
    expect(a.name).toBe('mnist');
    expect([a.train.n, a.val.n]).toEqual([300, 100]);
    expect(a.train.featureShape).toEqual([28, 28, 1]);
    expectRowsFrom(a.train, mnist.train, chooseSubset(60000, 300, deriveSeed(7, STREAM.trainSubset)));
    expectRowsFrom(a.val, mnist.test, chooseSubset(10000, 100, deriveSeed(7, STREAM.valSubset)));
    const b = await loadData({ data: 'mnist', trainSize: 300, valSize: 100, seed: 7 });
    expect(Buffer.from(b.train.x.buffer).equals(Buffer.from(a.train.x.buffer))).toBe(true);
    const c = await loadData({ data: 'mnist', trainSize: 300, valSize: 100, seed: 8 });
    expect(Array.from(c.train.y)).not.toEqual(Array.from(a.train.y));
  });

  it('mnist: changing --val-size leaves the training subset alone', async () => {
    const a = await loadData({ data: 'mnist', trainSize: 50, valSize: 10, seed: 3 });
    const b = await loadData({ data: 'mnist', trainSize: 50, valSize: 20, seed: 3 });
    expect(Buffer.from(b.train.x.buffer).equals(Buffer.from(a.train.x.buffer))).toBe(true);
  });

  it('names the flag when a subset is larger than the split', async () => {
    await expect(loadData({ data: 'mnist', trainSize: 60001, seed: 1 })).rejects.toThrow(/^--train-size: must be at most 60000, the training examples in mnist$/);
    await expect(loadData({ data: 'mnist', valSize: 10001, seed: 1 })).rejects.toThrow(/^--val-size: must be at most 10000, the validation examples in mnist$/);
    await expect(loadData({ data: 'mnist', trainSize: 1.5, seed: 1 })).rejects.toThrow(/^--train-size: must be a positive integer/);
  });

  it('rejects unknown names, a bad seed, and --label-column without CSV', async () => {
    await expect(loadData({ data: 'mnsit', seed: 1 })).rejects.toThrow(/^--data: unknown data set 'mnsit'/);
    await expect(loadData({ data: 'synthetic:moons', seed: 1 })).rejects.toThrow(/^--data: unknown synthetic set 'moons'/);
    await expect(loadData({ data: 'synthetic?k=3', seed: 1 })).rejects.toThrow(/^--data: synthetic\?k=3: unknown option 'k'/);
    await expect(loadData({ data: 'synthetic:blobs?classes=1', seed: 1 })).rejects.toThrow(/^--data: synthetic:blobs\?classes=1: classes: must be an integer ≥ 2$/);
    await expect(loadData({ data: 'mnist', seed: 0.5 })).rejects.toThrow(/^--seed: must be an integer/);
    await expect(loadData({ data: 'mnist', seed: 1, labelColumn: 'y' })).rejects.toThrow(/^--label-column: applies only to CSV data$/);
    await expect(loadData({ data: 'mnist', seed: 1, valFraction: 0.1 })).rejects.toThrow(/^--val-fraction: does not apply to mnist: its test split is the validation set/);
    const tsv = join(dir, 'x.tsv');
    await writeFile(tsv, 'a\tb\n');
    await expect(loadData({ data: tsv, seed: 1 })).rejects.toThrow(/^--data: .*x\.tsv: not a \.csv file or a directory of IDX files$/);
  });

  it('synthetic: holds out a seeded 20% and takes options from the name', async () => {
    const s = await loadData({ data: 'synthetic', seed: 2 });
    expect(s.name).toBe('synthetic:blobs');
    // default n = 2000: round(2000 · 0.2) = 400 held out
    expect([s.train.n, s.val.n]).toEqual([1600, 400]);
    const t = await loadData({ data: 'synthetic:spirals?n=100&noise=0', seed: 2, valFraction: 0.3 });
    expect([t.train.n, t.val.n, t.train.numClasses]).toEqual([70, 30, 2]);
    expect(t.name).toBe('synthetic:spirals?n=100&noise=0');
    await expect(loadData({ data: 'synthetic', seed: 2, trainSize: 1601 })).rejects.toThrow(/^--train-size: must be at most 1600, the training examples in synthetic:blobs \(generate more with synthetic:blobs\?n=N\)$/);
    expect(await loadData({ data: 'synthetic:blobs', seed: 2 })).toEqual(s);
  });

  it('csv: reads the file, holds out a fraction, and reports bad lines with the file name', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => `${i},${i * 2},${i % 2 ? 'odd' : 'even'}`);
    const file = join(dir, 'd.csv');
    await writeFile(file, `a,b,parity\n${rows.join('\n')}\n`);
    const s = await loadData({ data: file, seed: 1, valFraction: 0.2, trainSize: 5 });
    expect([s.train.n, s.val.n, s.train.numClasses]).toEqual([5, 2, 2]);
    // every row satisfies b = 2a and parity(a) = label (even = 0, odd = 1)
    for (const d of [s.train, s.val]) for (let r = 0; r < d.n; r++) {
      expect(d.x[2 * r + 1]).toBe(2 * d.x[2 * r]);
      expect(d.y[r]).toBe(d.x[2 * r] % 2);
    }
    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'a,y\n1,p\n2,q\nz,p\n');
    await expect(loadData({ data: bad, seed: 1 })).rejects.toThrow(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4: column 'a' is not a number \\('z'\\)$`));
    await expect(loadData({ data: join(dir, 'missing.csv'), seed: 1 })).rejects.toThrow(/^--data: .*missing\.csv: cannot read \(ENOENT\)$/);
  });

  it('idx directory: uses the test files for validation, or holds out a fraction without them', async () => {
    const full = join(dir, 'full');
    const only = join(dir, 'only');
    for (const d of [full, only]) {
      await mkdir(d);
      await writeFile(join(d, 'train-images-idx3-ubyte'), writeIdx([10, 1, 2], Uint8Array.from({ length: 20 }, (_, i) => i)));
      await writeFile(join(d, 'train-labels-idx1-ubyte'), writeIdx([10], Uint8Array.from({ length: 10 }, (_, i) => i % 3)));
    }
    await writeFile(join(full, 't10k-images-idx3-ubyte'), writeIdx([2, 1, 2], Uint8Array.from([255, 0, 51, 102])));
    await writeFile(join(full, 't10k-labels-idx1-ubyte'), writeIdx([2], Uint8Array.from([4, 0])));
    const a = await loadData({ data: full, seed: 1 });
    expect([a.train.n, a.val.n]).toEqual([10, 2]);
    // 255/255 = 1, 0, 51/255 = 0.2, 102/255 = 0.4 (as float32)
    expect(Array.from(a.val.x)).toEqual([1, 0, 0.2, 0.4].map(Math.fround));
    // classes agree across splits: max label 4 in test → 5 classes in both
    expect([a.train.numClasses, a.val.numClasses]).toEqual([5, 5]);
    const b = await loadData({ data: only, seed: 1 });
    expect([b.train.n, b.val.n]).toEqual([8, 2]);
  });
});
