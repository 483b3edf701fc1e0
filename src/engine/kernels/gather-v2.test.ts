import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { dtypeVariants, errorMessage, liveCounts, randn, setupWasm, sizeOf, threeWays } from './test-util.js';

beforeAll(setupWasm);

type Case = { shape: number[]; idxShape: number[]; idx: number[]; axis: number; batchDims?: number };

const cases: Case[] = [
  { shape: [10, 7], idxShape: [4], idx: [3, 0, 9, 3], axis: 0 }, // repeats
  { shape: [100, 784], idxShape: [5], idx: [99, 1, 50, 50, 0], axis: 0 }, // long rows: copyWithin
  { shape: [6, 4, 3], idxShape: [2, 2], idx: [3, 1, 0, 3], axis: 1 }, // 2-D indices, inner axis
  { shape: [6, 4, 20], idxShape: [3], idx: [2, 2, 0], axis: 1 },
  { shape: [5, 4, 3], idxShape: [3], idx: [2, 0, 1], axis: 2 }, // runs of one element
  { shape: [5, 4, 3], idxShape: [3], idx: [2, 0, 1], axis: -1 },
  { shape: [3, 4, 5], idxShape: [3, 2], idx: [1, 3, 0, 0, 2, 1], axis: 1, batchDims: 1 },
  { shape: [8], idxShape: [1], idx: [7], axis: 0 },
  { shape: [10, 7], idxShape: [0], idx: [], axis: 0 }, // empty indices
  { shape: [0, 7], idxShape: [0], idx: [], axis: 0 }, // empty input
];

function gather(c: Case, x: Float32Array | Int32Array, dtype: 'float32' | 'int32' | 'bool'): () => tf.Tensor {
  return () =>
    tf.gather(tf.tensor(x, c.shape, dtype), tf.tensor(c.idx, c.idxShape, 'int32'), c.axis, c.batchDims ?? 0);
}

describe('GatherV2 replacement', () => {
  it('equals the cpu backend, and the stock wasm kernel without batchDims (float32, int32, bool)', async () => {
    let seed = 1;
    for (const c of cases) {
      for (const [data, dtype] of dtypeVariants(seed++, sizeOf(c.shape), 3)) {
        const { fast, stock, cpu } = await threeWays(gather(c, data, dtype));
        expect(Array.from(fast), `${JSON.stringify(c)} ${dtype}`).toEqual(Array.from(cpu));
        // Stock 4.22 gets batchDims > 0 wrong (it gathers batch 1 of a [3,4,5] input from
        // rows 6–7 and leaves batch 2 zero), so there only the cpu backend is the reference.
        if ((c.batchDims ?? 0) === 0) expect(Array.from(fast)).toEqual(Array.from(stock));
      }
    }
  });

  it('gathers the right rows when allocating its output grows the wasm heap', () => {
    // Allocating the output can grow the heap, which detaches views taken before; an index view
    // taken too early then reads as empty, and the output stayed uninitialised (all zeros for a
    // fresh heap). Make the output bigger than the whole heap so that its allocation must grow it.
    const heapBytes = (): number => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.buffer.byteLength;
    const rowFloats = 1 << 20;
    const before = heapBytes();
    const k = Math.ceil(before / (4 * rowFloats)) + 2;
    const row0 = randn(7, rowFloats);
    const row1 = randn(8, rowFloats);
    const x = tf.tensor2d([...row0, ...row1], [2, rowFloats]);
    const idx = tf.tensor1d(Array.from({ length: k }, (_, i) => (i % 3 === 1 ? 0 : 1)), 'int32');
    const out = tf.gather(x, idx);
    expect(heapBytes()).toBeGreaterThan(before);
    const got = out.dataSync();
    for (let i = 0; i < k; i++) {
      const want = i % 3 === 1 ? row0 : row1;
      for (const j of [0, 1, rowFloats >> 1, rowFloats - 1]) expect(got[i * rowFloats + j]).toBe(want[j]);
    }
    tf.dispose([x, idx, out]);
  });

  it('keeps the output shape', () => {
    const shape = tf.tidy(() => tf.gather(tf.ones([6, 4, 3]), tf.tensor2d([0, 1, 2, 3], [2, 2], 'int32'), 1).shape);
    expect(shape).toEqual([6, 2, 2, 3]);
  });

  it('throws the stock error for out-of-range indices', () => {
    for (const bad of [[0, 10], [-1], [3, 11, 2]]) {
      const run = (): unknown => tf.tidy(() => tf.gather(tf.ones([10, 3]), tf.tensor1d(bad, 'int32')));
      const msg = (fast: boolean): string => errorMessage(fast, run);
      expect(msg(true)).toMatch(/GatherV2: the index value -?\d+ is not in \[0, 9\]/);
      expect(msg(true)).toBe(msg(false));
    }
  });

  it('leaves no tensors or wasm buffers behind', () => {
    const x = tf.ones([50, 20]);
    const i = tf.tensor1d([1, 2, 3], 'int32');
    const before = liveCounts();
    tf.tidy(() => {
      tf.gather(x, i);
    });
    expect(liveCounts()).toEqual(before);
    tf.dispose([x, i]);
  });
});
