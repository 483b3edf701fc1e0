import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BROWSER_PLUGINS } from '../../src/lab/build.js';

const here = fileURLToPath(new URL('.', import.meta.url));

export interface EnginePage {
  url: string;
  close(): Promise<void>;
}

/** Bundle `test-engine-page.ts` into `outDir` and serve it (and an empty page) on 127.0.0.1. */
export async function serveEnginePage(outDir: string): Promise<EnginePage> {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: { engine: join(here, 'test-engine-page.ts') },
    outdir: outDir, bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: false,
    logLevel: 'warning', define: { 'process.env.NODE_ENV': '"production"' }, plugins: [...BROWSER_PLUGINS],
  });
  writeFileSync(join(outDir, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="engine.js"></script><body></body>');
  const server: Server = createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0] === '/' ? 'index.html' : (req.url ?? '').slice(1).split('?')[0];
    const file = resolve(outDir, name);
    if (!file.startsWith(resolve(outDir))) { res.statusCode = 404; res.end(); return; }
    readFile(file).then((body) => {
      res.setHeader('content-type', name.endsWith('.js') ? 'text/javascript' : 'text/html');
      res.end(body);
    }, () => { res.statusCode = 404; res.end(); });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(() => ok())) };
}
