import { build, type Plugin } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { VERSION } from '../version.js';
import { writeLabData } from './lab-data.js';

export { LAB_DATA, toBytes } from './lab-data.js';

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

/** The plugins every browser bundle of lrlab's sources needs (the lab's, and test pages'). */
export const BROWSER_PLUGINS: readonly Plugin[] = [browserData, zodEnglishOnly];

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
    // The minified build is what the package ships: no maps (they would be megabytes of
    // sources the package does not contain). The unminified development build keeps them.
    sourcemap: minify ? false : 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [...BROWSER_PLUGINS],
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
  if (opts.data ?? true) await writeLabData(outDir);
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
