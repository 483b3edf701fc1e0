import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildLab } from '../../src/lab/build.js';
import { startLabServer, type LabServer } from '../../src/lab/server.js';

/** Debian's chromium (installed by apt in CI); the browser tests skip without it. */
export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
/**
 * Chromium's WebGPU on the CPU: the SwiftShader adapter (vendor google, architecture
 * swiftshader), which needs a page from a secure origin (127.0.0.1 is one). `--disable-gpu` above
 * leaves it on: it turns off the hardware GPU only.
 */
export const WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'];

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** Screenshots and measurements (git-ignored). */
export const ARTIFACTS = join(repo, 'test-artifacts');

export interface Lab {
  server: LabServer;
  browser: Browser;
  /** One context for all pages, so they share the HTTP cache (revalidated with ETags) as a user's tabs would. */
  context: BrowserContext;
  close(): Promise<void>;
}

/** Newest modification time of the sources that go into the bundles (src/**, tests excluded). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.(ts|html|css)$/.test(e.name) && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** lab-dist holds bundles built after the last source change (and its data). */
function labIsFresh(outDir: string): boolean {
  const built = ['app.js', 'worker.js', 'index.html', 'data/manifest.json'].map((f) => join(outDir, f));
  if (!built.every((f) => existsSync(f))) return false;
  const oldest = Math.min(...built.map((f) => statSync(f).mtimeMs));
  return oldest > newestSource(join(repo, 'src'));
}

/**
 * Build the lab unless lab-dist is newer than every source file (so the tests always see the
 * current code), serve it on a free port of 127.0.0.1, and start chromium with WebGPU on
 * SwiftShader (so the lab's webgpu backend runs here too).
 */
export async function openLab(): Promise<Lab> {
  const outDir = join(repo, 'lab-dist');
  const root = labIsFresh(outDir) ? outDir : await buildLab({ outDir, minify: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  const server = await startLabServer({ root, port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...WEBGPU_ARGS], headless: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  return {
    server,
    browser,
    context,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/** A fresh page that fails the test on any uncaught page error or console error. */
export async function newPage(lab: Lab, errors: string[]): Promise<Page> {
  const page = await lab.context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return page;
}

export const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
