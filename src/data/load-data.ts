import { readFile, stat } from 'node:fs/promises';
import { SpecError } from '../core/spec-error.js';
import { parseCsv } from './csv.js';
import { loadFashionMnist } from './fashion-mnist.js';
import { findIdxFiles, loadIdxSource } from './idx-source.js';
import { loadMnist, type ImageSplits } from './mnist.js';
import { chooseSubset, holdout, resolveSize, takeRows, type RowSource } from './rows.js';
import { deriveSeed, STREAM } from './seed.js';
import { blobs, spirals } from './synthetic.js';
import type { DataSplit } from './types.js';

/** Options for `loadData` (the shared training flags). */
export interface LoadDataOptions {
  /**
   * `mnist`, `fashion-mnist`, `synthetic` (= `synthetic:blobs`), `synthetic:blobs`,
   * `synthetic:spirals` (either with `?key=value&…` options: blobs n, classes, dims, std,
   * centerStd; spirals n, turns, noise), a `.csv` file, or a directory / file prefix holding
   * IDX files (`train-images-idx3-ubyte[.gz]`, `train-labels-idx1-ubyte[.gz]`, optionally
   * `t10k-…` or `test-…`).
   */
  data: string;
  /** Training examples: a seeded subset of the training split (default: all of it). */
  trainSize?: number;
  /** Validation examples: a seeded subset of the validation split (default: all of it). */
  valSize?: number;
  /** Seed for subsets, held-out splits and synthetic data. */
  seed: number;
  /** CSV only: the label column (default: the last column). */
  labelColumn?: string;
  /**
   * Synthetic data, CSV, and IDX without a test split: the fraction of rows held out for
   * validation, chosen by the seed (default 0.2).
   */
  valFraction?: number;
}

/**
 * Load a data set as a training split and a validation split of float32 rows.
 *
 * Validation data: for mnist, fashion-mnist and IDX with a test split, the 10k test split;
 * otherwise a seeded held-out `valFraction` of the rows. `trainSize` / `valSize` then take a
 * seeded subset of each (`chooseSubset`: same seed → same rows; a smaller size gives a subset of
 * a larger one). Each use of the seed is its own stream (`deriveSeed`), so changing `valSize`
 * leaves the training rows alone. Images are scaled to [0, 1], featureShape [28, 28, 1].
 *
 * @example await loadData({ data: 'mnist', trainSize: 10000, valSize: 2000, seed: 1 })
 */
export async function loadData(opts: LoadDataOptions): Promise<DataSplit> {
  if (typeof opts.data !== 'string' || opts.data.trim() === '') throw new SpecError('--data', 'must name a data set or a file');
  if (!Number.isInteger(opts.seed)) throw new SpecError('--seed', `must be an integer, got ${opts.seed}`);
  const valFraction = opts.valFraction ?? 0.2;
  if (!(typeof valFraction === 'number' && valFraction > 0 && valFraction < 1)) {
    throw new SpecError('--val-fraction', `must be a number in (0, 1), got ${valFraction}`);
  }
  // Validate sizes before any loading, so a typo fails in milliseconds, not after a 1 s load.
  resolveSize('--train-size', opts.trainSize, Infinity, '');
  resolveSize('--val-size', opts.valSize, Infinity, '');
  if (opts.labelColumn !== undefined && !opts.data.toLowerCase().endsWith('.csv')) {
    throw new SpecError('--label-column', 'applies only to CSV data');
  }
  const { name, train, val } = await sources(opts, valFraction);
  const hint = name.startsWith('synthetic:') ? ` (generate more with ${name.split('?')[0]}?n=N)` : '';
  return {
    name,
    train: subset(train, '--train-size', opts.trainSize, `training examples in ${name}${hint}`, deriveSeed(opts.seed, STREAM.trainSubset)),
    val: subset(val, '--val-size', opts.valSize, `validation examples in ${name}${hint}`, deriveSeed(opts.seed, STREAM.valSubset)),
  };
}

interface Sources {
  name: string;
  train: View;
  val: View;
}

/** A RowSource restricted to some of its rows (null: all). */
interface View {
  src: RowSource;
  rows: Int32Array | null;
}

function subset(view: View, flag: string, requested: number | undefined, what: string, seed: number): DataSplit['train'] {
  const available = view.rows === null ? view.src.n : view.rows.length;
  const k = resolveSize(flag, requested, available, what);
  if (k === available) return takeRows(view.src, view.rows);
  const pick = chooseSubset(available, k, seed);
  return takeRows(view.src, view.rows === null ? pick : pick.map((i) => (view.rows as Int32Array)[i]));
}

/**
 * The packaged sets stay in memory once loaded (55 MB of bytes each): studies and sweeps call
 * loadData for every trial, and re-reading costs 0.2 s (MNIST) to 1.5 s (uncached Fashion-MNIST).
 * A failed load is forgotten so the next call retries.
 */
const packaged = new Map<string, Promise<ImageSplits>>();

function remember(name: string, load: () => Promise<ImageSplits>): Promise<ImageSplits> {
  let p = packaged.get(name);
  if (p === undefined) {
    const fresh = load();
    fresh.catch(() => packaged.delete(name));
    packaged.set(name, fresh);
    p = fresh;
  }
  return p;
}

async function sources(opts: LoadDataOptions, valFraction: number): Promise<Sources> {
  const data = opts.data;
  const split = (name: string, s: ImageSplits): Sources => {
    if (opts.valFraction !== undefined) {
      throw new SpecError('--val-fraction', `does not apply to ${name}: its test split is the validation set (use --val-size)`);
    }
    return { name, train: { src: s.train, rows: null }, val: { src: s.test, rows: null } };
  };
  const heldOut = (name: string, src: RowSource): Sources => {
    const parts = holdout(src.n, valFraction, deriveSeed(opts.seed, STREAM.holdout));
    return { name, train: { src, rows: parts.train }, val: { src, rows: parts.val } };
  };
  if (data === 'mnist') return split('mnist', await remember('mnist', loadMnist));
  if (data === 'fashion-mnist') return split('fashion-mnist', await remember('fashion-mnist', () => loadFashionMnist()));
  if (data === 'synthetic' || data.startsWith('synthetic:') || data.startsWith('synthetic?')) {
    const { kind, params, query } = parseSynthetic(data);
    const seed = deriveSeed(opts.seed, STREAM.generate);
    try {
      return heldOut(`synthetic:${kind}${query === '' ? '' : `?${query}`}`, kind === 'blobs' ? blobs(seed, params) : spirals(seed, params));
    } catch (err) {
      if (err instanceof SpecError) throw new SpecError('--data', `${data}: ${err.message}`);
      throw err;
    }
  }
  if (data.toLowerCase().endsWith('.csv')) {
    let text: string;
    try {
      text = await readFile(data, 'utf8');
    } catch (err) {
      throw new SpecError('--data', `${data}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    const table = parseCsv(text, data, { labelColumn: opts.labelColumn });
    return heldOut(data, table.source);
  }
  const info = await stat(data).catch(() => null);
  if (info?.isFile()) throw new SpecError('--data', `${data}: not a .csv file or a directory of IDX files`);
  if (info === null && !data.includes('/') && !data.includes('\\')) {
    throw new SpecError('--data', `unknown data set '${data}' (expected mnist, fashion-mnist, synthetic[:blobs|:spirals], a .csv file or an IDX directory)`);
  }
  const files = await findIdxFiles(data);
  const train = await loadIdxSource(files.train.images, files.train.labels);
  if (files.test === null) return heldOut(data, train);
  const test = await loadIdxSource(files.test.images, files.test.labels);
  if (test.featureShape.join('x') !== train.featureShape.join('x')) {
    throw new SpecError(files.test.images, `images are ${test.featureShape.join('×')} but the training images are ${train.featureShape.join('×')}`);
  }
  // Both splits must agree on the number of classes, or the model's output size would depend on which one it saw.
  const numClasses = Math.max(train.numClasses, test.numClasses);
  return split(data, { train: { ...train, numClasses }, test: { ...test, numClasses } });
}

const SYNTHETIC_PARAMS: Record<'blobs' | 'spirals', string[]> = {
  blobs: ['n', 'classes', 'dims', 'std', 'centerStd'],
  spirals: ['n', 'turns', 'noise'],
};

function parseSynthetic(data: string): { kind: 'blobs' | 'spirals'; params: Record<string, number>; query: string } {
  const [head, query = ''] = data.split('?', 2);
  const kind = head === 'synthetic' ? 'blobs' : head.slice('synthetic:'.length);
  if (kind !== 'blobs' && kind !== 'spirals') {
    throw new SpecError('--data', `unknown synthetic set '${kind}' (expected synthetic:blobs or synthetic:spirals)`);
  }
  const params: Record<string, number> = {};
  for (const pair of query === '' ? [] : query.split('&')) {
    const [key, value = ''] = pair.split('=', 2);
    if (!SYNTHETIC_PARAMS[kind].includes(key)) {
      throw new SpecError('--data', `${data}: unknown option '${key}' for synthetic:${kind} (expected ${SYNTHETIC_PARAMS[kind].join(', ')})`);
    }
    const v = Number(value);
    if (value.trim() === '' || !Number.isFinite(v)) throw new SpecError('--data', `${data}: option '${key}' must be a number, got '${value}'`);
    params[key] = v;
  }
  return { kind, params, query };
}
