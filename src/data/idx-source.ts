import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SpecError } from '../core/spec-error.js';
import { loadIdxFile } from './idx-file.js';
import type { IdxFile } from './idx.js';
import type { RowSource } from './rows.js';

/**
 * Turn an images file and a labels file into a RowSource, checking that they belong together.
 *
 * Images: unsigned bytes (pixels, later scaled to [0, 1]) or float/double (used as they are),
 * with dimensions `[n, h, w]` (feature shape `[h, w, 1]`), `[n, h, w, c]` or `[n, d]`.
 * Labels: one dimension `[n]` of non-negative integers. `numClasses` = largest label + 1.
 */
export function idxRowSource(images: IdxFile, imagesName: string, labels: IdxFile, labelsName: string): RowSource {
  const { dims } = images;
  if (dims.length < 2 || dims.length > 4) {
    throw new SpecError(imagesName, `images must have 2 to 4 dimensions ([n, h, w] for greyscale), found [${dims.join(', ')}]`);
  }
  let x: Uint8Array | Float32Array;
  if (images.data instanceof Uint8Array || images.data instanceof Float32Array) x = images.data;
  else if (images.data instanceof Float64Array) x = Float32Array.from(images.data);
  else throw new SpecError(imagesName, 'images must be unsigned bytes (pixels 0..255) or floats');
  if (labels.dims.length !== 1) {
    throw new SpecError(labelsName, `labels must have one dimension, found [${labels.dims.join(', ')}]`);
  }
  if (labels.data instanceof Float32Array || labels.data instanceof Float64Array) {
    throw new SpecError(labelsName, 'labels must be integers, found floating-point values');
  }
  const n = dims[0];
  if (labels.dims[0] !== n) {
    throw new SpecError(labelsName, `has ${labels.dims[0]} labels but ${imagesName} has ${n} images`);
  }
  let max = -1;
  for (let i = 0; i < n; i++) {
    const v = labels.data[i];
    if (v < 0) throw new SpecError(labelsName, `label ${i} is ${v}; labels must be non-negative`);
    if (v > max) max = v;
  }
  const featureShape = dims.length === 3 ? [dims[1], dims[2], 1] : dims.slice(1);
  return { x, y: labels.data, n, featureShape, numClasses: max + 1 };
}

/** Load an images/labels pair from disk (gzip'd or not). */
export async function loadIdxSource(imagesPath: string, labelsPath: string): Promise<RowSource> {
  const [images, labels] = await Promise.all([loadIdxFile(imagesPath), loadIdxFile(labelsPath)]);
  return idxRowSource(images, imagesPath, labels, labelsPath);
}

/** Paths of one split's files. */
export interface IdxPaths {
  images: string;
  labels: string;
}

async function firstExisting(candidates: string[]): Promise<string | undefined> {
  for (const c of candidates) {
    try {
      if ((await stat(c)).isFile()) return c;
    } catch {
      // not there: try the next spelling
    }
  }
  return undefined;
}

/**
 * Find IDX files by directory or prefix, accepting the spellings in circulation:
 * `<p>train-images-idx3-ubyte` / `<p>train-images.idx3-ubyte` (each optionally `.gz`), labels
 * `idx1`, and the test split as `t10k-…` (MNIST) or `test-…` (EMNIST). `p` is `dir/` for a
 * directory, else the prefix itself (`emnist/emnist-letters-`). The test split is optional.
 */
export async function findIdxFiles(pathOrPrefix: string): Promise<{ train: IdxPaths; test: IdxPaths | null }> {
  let prefix = pathOrPrefix;
  try {
    if ((await stat(pathOrPrefix)).isDirectory()) prefix = join(pathOrPrefix, '/');
  } catch {
    // not a directory: a prefix
  }
  const spellings = (split: string, kind: string, rank: number): string[] =>
    [`${split}-${kind}-idx${rank}-ubyte`, `${split}-${kind}.idx${rank}-ubyte`].flatMap((f) => [prefix + f, `${prefix + f}.gz`]);
  const find = async (splits: string[]): Promise<IdxPaths | null> => {
    for (const s of splits) {
      const images = await firstExisting(spellings(s, 'images', 3));
      const labels = await firstExisting(spellings(s, 'labels', 1));
      if (images !== undefined && labels !== undefined) return { images, labels };
    }
    return null;
  };
  const train = await find(['train']);
  if (train === null) {
    throw new SpecError('--data', `${pathOrPrefix}: no IDX training files found (looked for ${prefix}train-images-idx3-ubyte and ${prefix}train-labels-idx1-ubyte, optionally .gz)`);
  }
  return { train, test: await find(['t10k', 'test']) };
}
