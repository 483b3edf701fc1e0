import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { workerEntry } from './pool.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('workerEntry', () => {
  it('from source: worker.ts beside the module, run through the tsx loader (absolute URL)', () => {
    const e = workerEntry(pathToFileURL(join(ROOT, 'src/sweep/pool.ts')).href);
    expect(e.filename).toBe(pathToFileURL(join(ROOT, 'src/sweep/worker.ts')).href);
    expect(e.execArgv?.[0]).toBe('--import');
    expect(e.execArgv?.[1]).toMatch(/^file:\/\/.*\/node_modules\/tsx\/.*\.mjs$/);
  });

  it('from dist: worker.js beside the module, plain Node', () => {
    expect(workerEntry('file:///opt/lrlab/dist/src/sweep/pool.js')).toEqual({ filename: 'file:///opt/lrlab/dist/src/sweep/pool.js'.replace('pool.js', 'worker.js') });
  });

  it('runs trials from compiled JavaScript with no TypeScript loader', async () => {
    // A compiled copy (esbuild, packages left as imports) inside the project, so node_modules resolves.
    const out = join(ROOT, 'node_modules', '.cache', `lrlab-pool-test-${process.pid}`);
    mkdirSync(out, { recursive: true });
    try {
      await build({
        entryPoints: [join(ROOT, 'src/sweep/run-sweep.ts'), join(ROOT, 'src/sweep/worker.ts')],
        outdir: out, bundle: true, splitting: true, format: 'esm', platform: 'node', packages: 'external', logLevel: 'silent',
      });
      const script = `
        const { runSweep } = await import(${JSON.stringify(pathToFileURL(join(out, 'run-sweep.js')).href)});
        const config = { data: 'synthetic', model: 'linear', optimizer: { name: 'sgd' }, schedule: 0.1, batchSize: 64, epochs: 1, seed: 0 };
        const res = await runSweep({ trials: [{ id: 'a', config }, { id: 'b', config: { ...config, seed: 1 } }], jobs: 2 });
        console.log(JSON.stringify(res.map((o) => [o.id, o.status, o.result.final.epoch, o.result.config.backend])));`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
      expect(r.stderr).not.toMatch(/Error/);
      expect(JSON.parse(r.stdout)).toEqual([['a', 'ok', 1, 'wasm'], ['b', 'ok', 1, 'wasm']]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
