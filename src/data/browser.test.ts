import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

/** Every module reachable from `file` through relative imports, with its import specifiers. */
function closure(file: string, seen = new Map<string, string[]>()): Map<string, string[]> {
  if (seen.has(file)) return seen;
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'([^']+)'/g)].map((m) => m[1]);
  seen.set(file, specs);
  for (const s of specs) if (s.startsWith('.')) closure(resolve(dirname(file), s.replace(/\.js$/, '.ts')), seen);
  return seen;
}

describe('src/data/browser.ts', () => {
  it('reaches no node:* module and no package but zod, so the lab can bundle it', () => {
    const offenders: string[] = [];
    for (const [file, specs] of closure(join(here, 'browser.ts'))) {
      for (const s of specs) if (!s.startsWith('.') && s !== 'zod') offenders.push(`${file}: ${s}`);
    }
    expect(offenders).toEqual([]);
  });

  it('sees the imports it checks (the scan itself works)', () => {
    // index.ts re-exports the disk loaders, so its closure must contain node: imports.
    const all = [...closure(join(here, 'index.ts')).values()].flat();
    expect(all).toContain('node:fs/promises');
  });
});
