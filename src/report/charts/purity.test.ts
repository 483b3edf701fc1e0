import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The browser lab bundles these builders, so they may import only each other and src/core.
describe('chart builders', () => {
  it('import nothing but sibling modules and src/core', () => {
    const dir = dirname(fileURLToPath(import.meta.url));
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(5);
    for (const file of sources) {
      const text = readFileSync(join(dir, file), 'utf8');
      const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
      for (const s of specifiers) expect(`${file}: ${s}`).toMatch(/: (\.\/[a-z-]+\.js|\.\.\/\.\.\/core\/[a-z-]+\.js)$/);
      expect(text, file).not.toMatch(/\b(process|window|document)\./);
    }
  });
});
