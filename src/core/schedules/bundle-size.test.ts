import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * A browser app that imports one schedule from `lrlab/core` must not pay for all of zod: the
 * schedule schemas use `zod/mini` (functions and checks that tree-shake) and no module builds a
 * classic zod schema on the way to `cosine`. Bundled from source the way an app's bundler would
 * (package.json's `sideEffects` lets it drop the core modules cosine does not use).
 */
const CORE_INDEX = fileURLToPath(new URL('../index.ts', import.meta.url));
const BUDGET_BYTES = 60_000;

async function bundleCosineOnly() {
  const result = await build({
    stdin: { contents: `export { cosine } from ${JSON.stringify(CORE_INDEX)};`, loader: 'ts', resolveDir: process.cwd() },
    bundle: true, minify: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent',
  });
  // Files that contribute code to the output (the metafile's input list also has the ones tree-shaken away).
  const [output] = Object.values(result.metafile.outputs);
  const inputs = Object.entries(output.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([path]) => path);
  return { code: result.outputFiles[0].text, bytes: result.outputFiles[0].contents.byteLength, inputs };
}

describe('a cosine-only import of lrlab/core', () => {
  it(`bundles (minified, browser) to at most ${BUDGET_BYTES} bytes without classic zod or its locales`, async () => {
    const { bytes, inputs } = await bundleCosineOnly();
    expect(inputs.filter((p) => /zod\/v4\/(classic|locales)\//.test(p))).toEqual([]);
    expect(bytes).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('the bundle runs: the right value, and our own error message (no zod locale needed)', async () => {
    const { code } = await bundleCosineOnly();
    const mod = (await import(`data:text/javascript,${encodeURIComponent(code)}`)) as {
      cosine: (o: Record<string, unknown>) => (step: number) => number;
    };
    // t = 3 of tMax = 10: 0.1·(1 + cos(0.3π))/2, cos(54°) = 0.5877852523 → 0.0793892626.
    expect(mod.cosine({ lr: 0.1, tMax: 10 })(3)).toBeCloseTo(0.0793892626, 9);
    expect(() => mod.cosine({ lr: 0.1, tMax: 0 })).toThrow('tMax: must be a positive integer');
    expect(() => mod.cosine({ lr: 0.1, tMax: 10, tmax: 3 })).toThrow('tmax: unknown field (did you mean tMax?)');
  });
});
