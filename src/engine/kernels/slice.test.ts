import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { dtypeVariants, liveCounts, setupWasm, sizeOf, threeWays } from './test-util.js';

beforeAll(setupWasm);

type Case = { shape: number[]; begin: number[]; size: number[] };

const cases: Case[] = [
  { shape: [10], begin: [3], size: [4] },
  { shape: [100, 784], begin: [5, 0], size: [1, 784] }, // one row: contiguous
  { shape: [100, 784], begin: [5, 0], size: [30, -1] }, // rows: contiguous, size −1
  { shape: [20, 30], begin: [2, 3], size: [5, 20] }, // strided rows
  { shape: [20, 30], begin: [2, 29], size: [5, 1] }, // one column: runs of one
  { shape: [4, 5, 6], begin: [1, 0, 0], size: [2, 5, 6] },
  { shape: [4, 5, 6], begin: [1, 1, 2], size: [2, 3, 3] },
  { shape: [4, 5, 6], begin: [0, 2, 0], size: [4, 2, 6] }, // middle axis: runs of 12
  { shape: [2, 3, 4, 5], begin: [1, 1, 1, 1], size: [1, 2, 3, 4] },
  { shape: [2, 3, 4, 5, 2], begin: [0, 1, 0, 2, 0], size: [2, 2, 4, 3, 2] }, // rank 5
  { shape: [20, 30], begin: [2, 3], size: [0, 5] }, // empty
];

describe('Slice replacement', () => {
  it('equals the stock wasm kernel and the cpu backend (float32, int32, bool)', async () => {
    let seed = 1;
    for (const c of cases) {
      for (const [data, dtype] of dtypeVariants(seed++, sizeOf(c.shape), 2)) {
        const { fast, stock, cpu } = await threeWays((): tf.Tensor => tf.slice(tf.tensor(data, c.shape, dtype), c.begin, c.size));
        expect(Array.from(fast), `${JSON.stringify(c)} ${dtype}`).toEqual(Array.from(cpu));
        expect(Array.from(fast)).toEqual(Array.from(stock));
      }
    }
  });

  it('slices string tensors through the stock kernel', () => {
    const out = tf.tidy(() => tf.slice(tf.tensor1d(['a', 'b', 'c', 'd']), [1], [2]).dataSync());
    expect(Array.from(out as unknown as string[])).toEqual(['b', 'c']);
  });

  it('leaves no tensors or wasm buffers behind', () => {
    const x = tf.ones([50, 20]);
    const before = liveCounts();
    tf.tidy(() => {
      tf.slice(x, [3, 0], [4, 20]);
      tf.slice(x, [3, 2], [4, 5]);
    });
    expect(liveCounts()).toEqual(before);
    x.dispose();
  });
});
