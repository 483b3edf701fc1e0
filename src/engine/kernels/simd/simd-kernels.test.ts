import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../core/random.js';
import { simdKernels, simdModuleBytes } from './simd-kernels.js';

// The loops run on a plain WebAssembly.Memory here (no tfjs): the kernel tests check them
// again on the tfjs heap through the kernels that use them.
const memory = new WebAssembly.Memory({ initial: 16 });
const heap = new Float32Array(memory.buffer);
const k = simdKernels(memory);
const f = Math.fround;

function fillRandom(at: number, n: number, seed: number): void {
  const rng = createRng(seed);
  for (let i = 0; i < n; i++) heap[at + i] = rng.normal();
}

describe('the SIMD module', () => {
  it('validates and compiles on this engine', () => {
    expect(WebAssembly.validate(simdModuleBytes())).toBe(true);
    expect(k).not.toBeNull();
  });

  it('returns the same instance for the same memory, a new one for another', () => {
    expect(simdKernels(memory)).toBe(k);
    expect(simdKernels(new WebAssembly.Memory({ initial: 1 }))).not.toBe(k);
  });
});

describe('rows2x16 / rows2x4', () => {
  // Float indices: a0 at 0, a1 at 4096, d at 8192 (n rows of stride floats), out0/out1 after.
  it('add two rows of Aᵀ·D to out, each term rounded as f32 in order (bitwise)', () => {
    for (const [width, n, stride, seed] of [
      [16, 1, 16, 1],
      [16, 37, 32, 2], // the second 16 of 32 columns: stride > width
      [4, 50, 4, 3],
      [4, 9, 20, 4],
      [16, 0, 16, 5], // no terms: out unchanged
    ]) {
      fillRandom(0, n, seed);
      fillRandom(4096, n, seed + 100);
      fillRandom(8192, n * stride, seed + 200);
      fillRandom(20000, width, seed + 300);
      fillRandom(20100, width, seed + 400);
      const before0 = heap.slice(20000, 20000 + width);
      const before1 = heap.slice(20100, 20100 + width);
      const fn = width === 16 ? k!.rows2x16 : k!.rows2x4;
      fn(0, 4096 * 4, 8192 * 4, stride * 4, n, 20000 * 4, 20100 * 4);
      for (let j = 0; j < width; j++) {
        // acc = f32(acc + f32(a·d)) for i = 0…n−1, then out = f32(out + acc): the loop's order.
        let acc0 = 0;
        let acc1 = 0;
        for (let i = 0; i < n; i++) {
          acc0 = f(acc0 + f(heap[i] * heap[8192 + i * stride + j]));
          acc1 = f(acc1 + f(heap[4096 + i] * heap[8192 + i * stride + j]));
        }
        expect(heap[20000 + j], `w${width} n${n} j${j}`).toBe(f(before0[j] + acc0));
        expect(heap[20100 + j], `w${width} n${n} j${j}`).toBe(f(before1[j] + acc1));
      }
    }
  });

  it('computes a small product worked out by hand', () => {
    // a0 = [1, 2], a1 = [3, −1], D rows [1…16] and [16…1]:
    // out0[j] = 1·(j+1) + 2·(16−j) = 33 − j; out1[j] = 3·(j+1) − (16−j) = 4j − 13.
    heap.set([1, 2], 0);
    heap.set([3, -1], 100);
    for (let j = 0; j < 16; j++) {
      heap[200 + j] = j + 1;
      heap[216 + j] = 16 - j;
    }
    heap.fill(0, 300, 332);
    k!.rows2x16(0, 400, 800, 64, 2, 1200, 1264);
    expect(Array.from(heap.subarray(300, 316))).toEqual(Array.from({ length: 16 }, (_, j) => 33 - j));
    expect(Array.from(heap.subarray(316, 332))).toEqual(Array.from({ length: 16 }, (_, j) => 4 * j - 13));
  });
});

describe('sqrt', () => {
  /**
   * r is the correctly rounded f32 square root of x when no other float is nearer: with r⁻ and
   * r⁺ its neighbours, the midpoints (r + r±)/2 squared bracket x. Each product is exact in f64
   * (25-bit midpoints, 50-bit squares), so this checks rounding without trusting any sqrt.
   */
  function isCorrectlyRounded(x: number, r: number): boolean {
    const next = (v: number, dir: 1 | -1): number => {
      const b = new Float32Array([v]);
      const u = new Uint32Array(b.buffer);
      u[0] += dir;
      return b[0];
    };
    if (r === 0) return x === 0;
    const lo = (r + next(r, -1)) / 2;
    const hi = (r + next(r, 1)) / 2;
    return lo * lo <= x && x <= hi * hi;
  }

  it('is the IEEE f32 sqrt: Math.fround(Math.sqrt(x)) bitwise, and correctly rounded', () => {
    const specials = [0, -0, 1, 2, 0.25, 1e-45, 1.17549435e-38, 3.4028234663852886e38, Infinity, -1, -Infinity, NaN];
    fillRandom(0, 1000, 9);
    for (let i = 0; i < 1000; i++) heap[i] = Math.abs(heap[i]) * 10 ** ((i % 21) - 10);
    heap.set(specials, 1000);
    const n = 1000 + specials.length; // not a multiple of 4: the scalar tail runs too
    k!.sqrt(0, 8000 * 4, n);
    for (let i = 0; i < n; i++) {
      const x = heap[i];
      const r = heap[8000 + i];
      expect(Object.is(r, f(Math.sqrt(x))), `sqrt(${x}) = ${r}`).toBe(true);
      if (x > 0 && x < Infinity) expect(isCorrectlyRounded(x, r), `x = ${x}`).toBe(true);
    }
    expect(Object.is(heap[8000 + 1001], -0)).toBe(true); // sqrt(−0) = −0
    expect(heap[8000 + 1009]).toBeNaN(); // sqrt(−1)
  });

  it('property: correctly rounded for every positive finite f32', () => {
    fc.assert(
      fc.property(fc.float({ min: Math.fround(1e-45), max: Math.fround(3.4e38), noNaN: true }), (x) => {
        heap[0] = x;
        k!.sqrt(0, 16, 1);
        return isCorrectlyRounded(heap[0], heap[4]);
      }),
    );
  });
});

describe('colSum', () => {
  it('adds rows into dst in row order (bitwise equal to a sequential f32 sum)', () => {
    for (const [rows, vectors, seed] of [
      [1, 1, 1],
      [97, 4, 2],
      [5, 3, 3],
      [0, 2, 4],
    ]) {
      const cols = 4 * vectors;
      fillRandom(0, rows * cols, seed);
      fillRandom(50000, cols, seed + 1);
      const start = heap.slice(50000, 50000 + cols);
      k!.colSum(0, rows, vectors, 50000 * 4);
      for (let j = 0; j < cols; j++) {
        let s = start[j];
        for (let i = 0; i < rows; i++) s = f(s + heap[i * cols + j]);
        expect(heap[50000 + j]).toBe(s);
      }
    }
  });
});

describe('pool2x2Row', () => {
  /** MaxPoolGrad of the row from the definition: first position equal to y gets g. */
  function reference(x: Float32Array, y: Float32Array, g: Float32Array, ow: number, c: number, w: number): { dx: Float32Array; bad: number } {
    const dx = new Float32Array(2 * w * c);
    let bad = 0;
    for (let q = 0; q < ow; q++) {
      for (let ch = 0; ch < c; ch++) {
        const m = y[q * c + ch];
        const cand = [0, c, w * c, w * c + c].map((o) => 2 * q * c + ch + o);
        if (m === -Infinity) continue;
        const at = cand.find((p) => x[p] === m);
        if (at === undefined) bad++;
        else dx[at] = g[q * c + ch];
      }
    }
    return { dx, bad };
  }

  it('routes g to the first maximum of each window, writes zeros elsewhere, counts NaN windows', () => {
    const rng = createRng(5);
    for (const [ow, c, w, ties] of [
      [3, 4, 6, false],
      [4, 8, 9, true], // odd width: the last column is outside every window
      [1, 12, 2, true],
    ] as const) {
      const x = new Float32Array(2 * w * c).map(() => (ties ? rng.int(3) : rng.normal()));
      // Window maxima from the definition; a few −∞ windows and one NaN window.
      const y = new Float32Array(ow * c);
      for (let q = 0; q < ow; q++)
        for (let ch = 0; ch < c; ch++) {
          const cand = [0, c, w * c, w * c + c].map((o) => x[2 * q * c + ch + o]);
          y[q * c + ch] = Math.max(...cand);
        }
      y[1] = -Infinity;
      x[2 * c + 2] = NaN; // window q = 1, channel 2: max from the others still matches
      y[c + 3] = NaN; // window q = 1, channel 3: nothing equals NaN → counted
      const g = new Float32Array(ow * c).map(() => rng.normal());
      heap.set(x, 0);
      heap.set(y, 10000);
      heap.set(g, 11000);
      heap.fill(7, 20000, 20000 + 2 * w * c); // garbage: every covered position must be written
      const bad = k!.pool2x2Row(0, 40000, 44000, 80000, ow, c / 4, c * 4, w * c * 4);
      const ref = reference(x, y, g, ow, c, w);
      expect(bad).toBe(ref.bad);
      for (let r = 0; r < 2; r++)
        for (let col = 0; col < 2 * ow; col++)
          for (let ch = 0; ch < c; ch++) {
            const i = (r * w + col) * c + ch;
            expect(heap[20000 + i], `r${r} col${col} ch${ch}`).toBe(ref.dx[i]);
          }
    }
  });
});

describe('gemm', () => {
  it('computes a·b and aᵀ·b in f32 term order (bitwise), 16- and 4-wide column tiles', () => {
    for (const [m, k, n, transposed, seed] of [
      [3, 5, 8, false, 1],
      [2, 7, 20, false, 2],
      [5, 3, 36, true, 3],
      [1, 1, 4, true, 4],
      [4, 0, 16, false, 5], // no terms: zeros
    ] as const) {
      // a at float 0 ([m,k], or [k,m] read transposed), b at 10000 ([k,n]), c at 20000.
      fillRandom(0, m * k, seed);
      fillRandom(10000, k * n, seed + 1);
      heap.fill(NaN, 20000, 20000 + m * n);
      const [ars, acs] = transposed ? [4, m * 4] : [k * 4, 4];
      gemm(0, ars, acs, 10000 * 4, n * 4, 20000 * 4, n * 4, m, n, k);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let l = 0; l < k; l++) s = f(s + f(heap[transposed ? l * m + i : i * k + l] * heap[10000 + l * n + j]));
          expect(heap[20000 + i * n + j], `${m}x${k}x${n} t=${transposed} (${i},${j})`).toBe(s);
        }
    }
  });

  it('multiplies 2×2 by 2×4 (hand-worked)', () => {
    // [[1,2],[3,4]]·[[1,0,2,1],[0,1,1,2]] = [[1,2,4,5],[3,4,10,11]].
    heap.set([1, 2, 3, 4], 0);
    heap.set([1, 0, 2, 1, 0, 1, 1, 2], 100);
    gemm(0, 8, 4, 400, 16, 800, 16, 2, 4, 2);
    expect(Array.from(heap.subarray(200, 208))).toEqual([1, 2, 4, 5, 3, 4, 10, 11]);
  });
});

function gemm(a: number, ars: number, acs: number, b: number, bs: number, c: number, cs: number, m: number, n: number, kk: number): void {
  k!.gemm(a, ars, acs, b, bs, c, cs, m, n, kk);
}
