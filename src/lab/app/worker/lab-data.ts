import { readIdx } from '../../../data/idx.js';
import type { Dataset, DataSplit } from '../../../data/types.js';
import type { LabDataName } from './protocol.js';

/** Rows in [0, 1] from IDX bytes, the way src/data scales pixels (v / 255, correctly rounded). */
function toDataset(images: Uint8Array, imagesName: string, labels: Uint8Array, labelsName: string, rows: number): Dataset {
  const img = readIdx(images, imagesName);
  const lab = readIdx(labels, labelsName);
  const n = Math.min(rows, img.dims[0]);
  if (lab.dims[0] !== img.dims[0]) throw new Error(`${labelsName}: ${lab.dims[0]} labels for ${img.dims[0]} images`);
  const d = img.dims.slice(1).reduce((a, b) => a * b, 1);
  const x = new Float32Array(n * d);
  for (let i = 0; i < n * d; i++) x[i] = img.data[i] / 255;
  const y = Int32Array.from(lab.data.subarray(0, n));
  return { x, y, n, featureShape: [img.dims[1], img.dims[2], 1], numClasses: 10 };
}

async function fetchBytes(url: URL): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url.pathname}: HTTP ${res.status} (is the lab built with its data?)`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Decoded sets, kept for the worker's next job (a worker is reused after a clean finish). */
const cache = new Map<string, Promise<DataSplit>>();

async function loadAll(base: URL, name: LabDataName): Promise<DataSplit> {
  const file = (f: string) => new URL(`data/${name}/${f}`, base);
  const [ti, tl, vi, vl] = await Promise.all(
    ['train-images.idx', 'train-labels.idx', 'test-images.idx', 'test-labels.idx'].map((f) => fetchBytes(file(f))),
  );
  return {
    name,
    train: toDataset(ti, `${name}/train-images.idx`, tl, `${name}/train-labels.idx`, Infinity),
    val: toDataset(vi, `${name}/test-images.idx`, vl, `${name}/test-labels.idx`, Infinity),
  };
}

/**
 * The shipped subset of a set (built by src/lab/build.ts): the first `trainSize` of its 10,000
 * training rows and all 2,000 test rows as the validation set. Views, not copies, of the
 * cached set.
 */
export async function loadLabData(base: URL, name: LabDataName, trainSize: number): Promise<DataSplit> {
  let all = cache.get(name);
  if (!all) {
    all = loadAll(base, name);
    cache.set(name, all);
    all.catch(() => cache.delete(name));
  }
  const { train, val } = await all;
  const n = Math.min(trainSize, train.n);
  const d = train.featureShape.reduce((a, b) => a * b, 1);
  return { name, train: { ...train, n, x: train.x.subarray(0, n * d), y: train.y.subarray(0, n) }, val };
}
