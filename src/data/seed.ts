/**
 * Independent random streams from one user seed.
 *
 * Each use of randomness in the data layer (training subset, validation subset, held-out split,
 * synthetic generation, the batch order of epoch e) gets its own generator, seeded by hashing the
 * user's seed together with a stream key. Streams then never shift each other: changing
 * `--val-size` does not change the training subset, and epoch 7's order does not depend on how
 * many random numbers epochs 0–6 used.
 *
 * Hash: a murmur3-style 32-bit finaliser applied after folding each key in with a golden-ratio
 * multiply; only 32-bit integer arithmetic, so identical on every platform.
 */
export function deriveSeed(seed: number, ...keys: number[]): number {
  let h = fmix32((seed >>> 0) ^ 0x5bd1e995);
  // Seeds above 2^32 would otherwise alias their low 32 bits.
  h = fmix32((h ^ (Math.floor(seed / 4294967296) >>> 0)) >>> 0);
  for (const k of keys) h = fmix32((h ^ Math.imul(k >>> 0, 0x9e3779b9)) >>> 0);
  return h;
}

function fmix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Stream keys, one per use of randomness in src/data (fixed forever: they define the data). */
export const STREAM = {
  trainSubset: 1,
  valSubset: 2,
  holdout: 3,
  generate: 4,
  batchOrder: 5,
} as const;
