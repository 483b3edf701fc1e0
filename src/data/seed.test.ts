import { describe, expect, it } from 'vitest';
import { deriveSeed } from './seed.js';

describe('deriveSeed', () => {
  it('is a deterministic uint32', () => {
    const s = deriveSeed(42, 1, 7);
    expect(deriveSeed(42, 1, 7)).toBe(s);
    expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
  });

  it('separates streams, epochs and seeds (no collisions on a grid)', () => {
    const seen = new Set<number>();
    for (let seed = -5; seed < 20; seed++) for (let stream = 1; stream <= 5; stream++) for (let e = 0; e < 40; e++) seen.add(deriveSeed(seed, stream, e));
    expect(seen.size).toBe(25 * 5 * 40);
  });

  it('does not alias seeds that share their low 32 bits', () => {
    expect(deriveSeed(1, 1)).not.toBe(deriveSeed(1 + 2 ** 32, 1));
  });
});
