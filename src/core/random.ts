/**
 * Seeded pseudo-random numbers in pure TypeScript (no Math.random anywhere in lrlab).
 * The generator is SplitMix32-seeded xoshiro128**: fast, 2^128 period, good statistics,
 * and identical output on every platform because it only uses 32-bit integer arithmetic.
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller, one draw per call so `state()` captures everything). */
  normal(): number;
  /** The current state, to restore the generator exactly. */
  state(): [number, number, number, number];
  /** Restore a state returned by `state()`. */
  setState(s: readonly [number, number, number, number]): void;
}

function splitmix32(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A new generator from an integer seed. Equal seeds give equal streams. */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new Error(`seed: must be an integer, got ${seed}`);
  const sm = splitmix32(seed);
  let a = sm(), b = sm(), c = sm(), d = sm();
  if ((a | b | c | d) === 0) a = 1;
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t;
    d = rotl(d, 11);
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    return result;
  };
  const next = (): number => nextU32() / 4294967296;
  return {
    next,
    int(n: number): number {
      if (!(n > 0) || !Number.isInteger(n)) throw new Error(`n: must be a positive integer, got ${n}`);
      return Math.floor(next() * n);
    },
    normal(): number {
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      return r * Math.cos(2 * Math.PI * v);
    },
    state: () => [a, b, c, d],
    setState(s) { [a, b, c, d] = s; },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Fisher–Yates shuffle of 0..n-1 with the given generator. */
export function permutation(n: number, rng: Rng): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i]; p[i] = p[j]; p[j] = t;
  }
  return p;
}
