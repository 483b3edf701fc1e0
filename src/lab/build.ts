import { build, type Plugin } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadData } from '../data/load-data.js';
import { writeIdx } from '../data/idx.js';
import type { Dataset } from '../data/types.js';
import { VERSION } from '../version.js';

/** The sets the lab ships and their sizes: small enough to download instantly from localhost. */
export const LAB_DATA = { sets: ['mnist', 'fashion-mnist'], trainSize: 10_000, testSize: 2_000, seed: 0 } as const;

const here = dirname(fileURLToPath(import.meta.url));
const appDir = join(here, 'app');
const srcDir = resolve(here, '..');

/**
 * `src/data/index.ts` adds the disk loaders (node:fs) to the browser-safe `src/data/browser.ts`;
 * the engine's trainer imports BatchOrder through the former. In the browser bundle every import
 * of the data index resolves to the browser entry instead, so nothing Node-only is pulled in.
 */
const browserData: Plugin = {
  name: 'lrlab-browser-data',
  setup(b) {
    b.onResolve({ filter: /\/data\/index\.js$/ }, (args) => {
      const target = resolve(args.resolveDir, args.path);
      if (target !== join(srcDir, 'data', 'index.js')) return undefined;
      return { path: join(srcDir, 'data', 'browser.ts') };
    });
  },
};

/**
 * zod re-exports its ~50 message locales as a namespace (`z.locales`), which defeats tree
 * shaking: 250 kB of the page's bundle. lrlab writes its own messages and uses only the default
 * English locale, so the namespace is cut down to `en`.
 */
const zodEnglishOnly: Plugin = {
  name: 'lrlab-zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]zod[\\/]v4[\\/]/.test(args.importer)) return undefined;
      return { path: join(args.resolveDir, '..', 'locales', 'en.js'), namespace: 'zod-locales' };
    });
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};

/** Bundle the page script and the training worker (ES modules, minified). */
async function bundle(outDir: string, minify: boolean): Promise<void> {
  await build({
    entryPoints: { app: join(appDir, 'main.ts'), worker: join(appDir, 'worker', 'worker.ts') },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [browserData, zodEnglishOnly],
  });
}

/** The wasm backend's binaries (plain, SIMD, threaded SIMD); the worker loads them from `wasm/`. */
function copyWasm(outDir: string): void {
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  mkdirSync(join(outDir, 'wasm'), { recursive: true });
  for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
    copyFileSync(join(dist, f), join(outDir, 'wasm', f));
  }
}

/** Back from float32 rows in [0, 1] to the bytes they were made from (v/255 → v, exactly). */
export function toBytes(ds: Dataset): { images: Uint8Array; labels: Uint8Array } {
  const images = new Uint8Array(ds.x.length);
  for (let i = 0; i < ds.x.length; i++) images[i] = Math.round(ds.x[i] * 255);
  return { images, labels: Uint8Array.from(ds.y) };
}

/**
 * Write each set's subset as IDX files (`data/<set>/{train,test}-{images,labels}.idx`) and a
 * manifest. The subsets are exactly `lrlab train --data <set> --train-size 10000 --val-size 2000
 * --seed 0`'s, so a result in the lab can be checked on the command line. Skipped when the
 * manifest says the files are already there.
 */
async function writeData(outDir: string): Promise<void> {
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

/** Options of {@link buildLab}. */
export interface BuildLabOptions {
  /** Output folder (default `<package>/lab-dist`). */
  outDir?: string;
  /** Minify the bundles (default true). */
  minify?: boolean;
  /** Also write the data files (default true). */
  data?: boolean;
}

/**
 * Build the browser lab into `outDir`: `index.html`, `style.css`, `app.js` (page),
 * `worker.js` (training), `wasm/*.wasm` and `data/`. Everything the lab needs at run time is in
 * that folder; `lrlab lab` serves it.
 */
export async function buildLab(opts: BuildLabOptions = {}): Promise<string> {
  const outDir = resolve(opts.outDir ?? join(srcDir, '..', 'lab-dist'));
  mkdirSync(outDir, { recursive: true });
  for (const f of ['app.js', 'app.js.map', 'worker.js', 'worker.js.map']) rmSync(join(outDir, f), { force: true });
  await bundle(outDir, opts.minify ?? true);
  const html = readFileSync(join(appDir, 'index.html'), 'utf8').replaceAll('%VERSION%', VERSION);
  writeFileSync(join(outDir, 'index.html'), html);
  copyFileSync(join(appDir, 'style.css'), join(outDir, 'style.css'));
  copyWasm(outDir);
  if (opts.data ?? true) await writeData(outDir);
  return outDir;
}

// `tsx src/lab/build.ts [outDir]` (npm run build runs it after tsc).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const t0 = performance.now();
  buildLab({ outDir: process.argv[2] })
    .then((out) => process.stdout.write(`lab built in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${out}\n`))
    .catch((err: unknown) => {
      process.stderr.write(`lrlab: error: lab build failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    });
}
