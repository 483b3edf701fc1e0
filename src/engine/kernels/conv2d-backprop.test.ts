import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { conv2dReference } from './conv-reference.js';
import { fastVsCpu, liveCounts, maxRelDiff, numericGradient, randn, setupWasm, sizeOf, threeWays, values } from './test-util.js';

beforeAll(setupWasm);

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
type Case = { x: [number, number, number, number]; f: [number, number]; o: number; s: [number, number]; pad: Pad };

const cases: Case[] = [
  { x: [2, 6, 6, 3], f: [3, 3], o: 4, s: [1, 1], pad: 'same' },
  { x: [2, 6, 6, 1], f: [3, 3], o: 16, s: [1, 1], pad: 'same' }, // K ≤ O: the dyᵀ·cols order
  { x: [1, 7, 5, 2], f: [3, 3], o: 2, s: [1, 1], pad: 'valid' },
  { x: [3, 7, 7, 2], f: [3, 3], o: 3, s: [2, 2], pad: 'same' },
  { x: [2, 8, 7, 3], f: [2, 3], o: 5, s: [2, 1], pad: 'valid' },
  { x: [1, 5, 5, 4], f: [1, 1], o: 3, s: [1, 1], pad: 'valid' },
  { x: [2, 9, 9, 2], f: [3, 3], o: 2, s: [3, 3], pad: 'valid' }, // trailing rows unused
  { x: [1, 6, 5, 2], f: [3, 2], o: 3, s: [1, 2], pad: 1 },
  {
    x: [2, 5, 6, 2],
    f: [3, 3],
    o: 3,
    s: [1, 1],
    pad: [
      [0, 0],
      [2, 0],
      [1, 2],
      [0, 0],
    ],
  },
  { x: [1, 1, 1, 3], f: [1, 1], o: 2, s: [1, 1], pad: 'same' },
];

function info(c: Case): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(c.x, [...c.f, c.x[3], c.o], c.s, 1, c.pad);
}

function label(c: Case): string {
  return JSON.stringify(c);
}

/** dy's shape: the conv's output for the case. */
function dyShapeOf(c: Case): number[] {
  const ci = info(c);
  return [c.x[0], ci.outHeight, ci.outWidth, c.o];
}

/** Every case's dW on seeded x and dy (seeds from `seed` up), against the cpu backend. */
async function expectFilterGradsMatchCpu(cases: readonly Case[], seed: number): Promise<void> {
  for (const c of cases) {
    const dyShape = dyShapeOf(c);
    const x = randn(seed++, sizeOf(c.x));
    const dy = randn(seed++, sizeOf(dyShape));
    expect(await fastVsCpu(filterGrad(c, x, dy, dyShape)), label(c)).toBeLessThan(1e-4);
  }
}

/**
 * The reference conv's Σ conv2d(x, W)·R as a function of W (`of: 'w'`) or of x (`of: 'x'`):
 * linear in either, so its central finite differences are its gradient up to float64 rounding.
 */
function referenceLoss(c: Case, of: 'w' | 'x', fixed: ArrayLike<number>, r: Float32Array): (v: number[]) => number {
  const ci = info(c);
  const wShape = [...c.f, c.x[3], c.o];
  const pad = { top: ci.padInfo.top, left: ci.padInfo.left };
  return (v) => {
    const y = of === 'w'
      ? conv2dReference(fixed, c.x, v, wShape, c.s, pad, [ci.outHeight, ci.outWidth])
      : conv2dReference(v, c.x, fixed, wShape, c.s, pad, [ci.outHeight, ci.outWidth]);
    return y.reduce((s, yv, i) => s + yv * r[i], 0);
  };
}

/** dW = Conv2DBackpropFilter(x, dy), run through the engine as tf.grad of conv2d would. */
function filterGrad(c: Case, x: Float32Array, dy: Float32Array, dyShape: number[]): () => tf.Tensor {
  return () =>
    tf.engine().runKernel(
      'Conv2DBackpropFilter',
      { x: tf.tensor4d(x, c.x), dy: tf.tensor(dy, dyShape) },
      { strides: c.s, pad: c.pad, dataFormat: 'NHWC', filterShape: [...c.f, c.x[3], c.o] },
    ) as tf.Tensor;
}

/** dx = Conv2DBackpropInput(dy, W). */
function inputGrad(c: Case, w: Float32Array, dy: Float32Array, dyShape: number[]): () => tf.Tensor {
  return () =>
    tf.engine().runKernel(
      'Conv2DBackpropInput',
      { dy: tf.tensor(dy, dyShape), filter: tf.tensor4d(w, [...c.f, c.x[3], c.o]) },
      { strides: c.s, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x },
    ) as tf.Tensor;
}

describe('Conv2DBackpropFilter replacement', () => {
  it('equals the cpu backend for strides, paddings and shapes', async () => {
    await expectFilterGradsMatchCpu(cases, 1);
  });

  it('equals the cpu backend for NCHW data', async () => {
    const x = randn(7, 2 * 3 * 6 * 5);
    const dy = randn(8, 2 * 4 * 6 * 5);
    const run = (): tf.Tensor =>
      tf.engine().runKernel(
        'Conv2DBackpropFilter',
        { x: tf.tensor4d(x, [2, 3, 6, 5]), dy: tf.tensor4d(dy, [2, 4, 6, 5]) },
        { strides: [1, 1], pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 3, 4] },
      ) as tf.Tensor;
    expect(await fastVsCpu(run)).toBeLessThan(1e-4);
  });

  it('is the derivative of Σ conv2d(x, W)·R by central finite differences', () => {
    // L(W) = Σ conv(x,W)·R is linear in W, so (L(W+h·e) − L(W−h·e)) / 2h is dL/dW up to
    // float64 rounding; the reference conv is written out in conv-reference.ts.
    for (const c of [cases[3], cases[8]]) {
      const outShape = dyShapeOf(c);
      const x = randn(11, sizeOf(c.x));
      const w = Array.from(randn(12, sizeOf([...c.f, c.x[3], c.o])));
      const r = randn(13, sizeOf(outShape));
      const numeric = numericGradient(referenceLoss(c, 'w', x, r), w);
      const fast = values(filterGrad(c, x, r, outShape));
      expect(maxRelDiff(fast, numeric), label(c)).toBeLessThan(1e-4);
    }
  });
});

/** Stride 1 with o % 4 = 0: the SIMD path (16- and 4-wide column tiles, odd and even row counts). */
const simdCases: Case[] = [
  { x: [3, 7, 6, 1], f: [3, 3], o: 16, s: [1, 1], pad: 'same' }, // 9 rows: a spare second row
  { x: [2, 5, 5, 3], f: [3, 3], o: 32, s: [1, 1], pad: 'same' },
  { x: [2, 6, 4, 2], f: [2, 3], o: 4, s: [1, 1], pad: 'valid' },
  { x: [1, 5, 7, 2], f: [3, 2], o: 20, s: [1, 1], pad: 4 }, // pads beyond fh − 1; 16 + 4 columns
  { x: [2, 4, 4, 5], f: [1, 1], o: 8, s: [1, 1], pad: 'valid' },
  {
    x: [2, 5, 6, 2],
    f: [3, 3],
    o: 12,
    s: [1, 1],
    pad: [
      [0, 0],
      [0, 2],
      [2, 1],
      [0, 0],
    ],
  },
];

describe('Conv2DBackpropFilter SIMD path (stride 1, o % 4 = 0)', () => {
  it('equals the cpu backend', async () => {
    await expectFilterGradsMatchCpu(simdCases, 500);
  });

  it('equals the cpu backend on the CNN layer shapes (28×28·1 → 16, 14×14·16 → 32)', async () => {
    for (const c of [
      { x: [2, 28, 28, 1], f: [3, 3], o: 16, s: [1, 1], pad: 'same' },
      { x: [2, 14, 14, 16], f: [3, 3], o: 32, s: [1, 1], pad: 'same' },
    ] as Case[]) {
      const dyShape = dyShapeOf(c);
      const run = filterGrad(c, randn(61, sizeOf(c.x)), randn(62, sizeOf(dyShape)), dyShape);
      expect(await fastVsCpu(run), label(c)).toBeLessThan(1e-4);
    }
  });

  it('leaves no tensors or wasm buffers behind', () => {
    const c = simdCases[0];
    const dyShape = dyShapeOf(c);
    const x = tf.tensor4d(randn(71, sizeOf(c.x)), c.x);
    const dy = tf.tensor(randn(72, sizeOf(dyShape)), dyShape);
    const before = liveCounts();
    tf.tidy(() => {
      tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: c.s, pad: c.pad, dataFormat: 'NHWC', filterShape: [...c.f, c.x[3], c.o] });
    });
    expect(liveCounts()).toEqual(before);
    tf.dispose([x, dy]);
  });
});

describe('Conv2DBackpropInput replacement', () => {
  it('equals the stock wasm kernel and the cpu backend for strides, paddings and shapes', async () => {
    let seed = 100;
    for (const c of cases) {
      const dyShape = dyShapeOf(c);
      const w = randn(seed++, c.f[0] * c.f[1] * c.x[3] * c.o);
      const dy = randn(seed++, sizeOf(dyShape));
      const { fast, stock, cpu } = await threeWays(inputGrad(c, w, dy, dyShape));
      expect(maxRelDiff(fast, cpu), label(c)).toBeLessThan(1e-4);
      expect(maxRelDiff(fast, stock), label(c)).toBeLessThan(1e-4);
    }
  });

  it('is the derivative of Σ conv2d(x, W)·R with respect to x by central finite differences', () => {
    for (const c of [cases[3], cases[4], cases[8]]) {
      const outShape = dyShapeOf(c);
      const x = Array.from(randn(21, sizeOf(c.x)));
      const w = randn(22, sizeOf([...c.f, c.x[3], c.o]));
      const r = randn(23, sizeOf(outShape));
      const numeric = numericGradient(referenceLoss(c, 'x', w, r), x);
      const fast = values(inputGrad(c, w, r, outShape));
      expect(maxRelDiff(fast, numeric), label(c)).toBeLessThan(1e-4);
    }
  });
});

describe('conv2d gradients through tf.grads', () => {
  it('train a conv layer without leaking tensors or wasm buffers', () => {
    const x = tf.tensor4d(randn(31, 2 * 6 * 6 * 2), [2, 6, 6, 2]);
    const w = tf.tensor4d(randn(32, 3 * 3 * 2 * 4), [3, 3, 2, 4]);
    const before = liveCounts();
    const shapes = tf.tidy(() => {
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')))([x, w]);
      return g.map((t) => t.shape);
    });
    expect(shapes).toEqual([
      [2, 6, 6, 2],
      [3, 3, 2, 4],
    ]);
    expect(liveCounts()).toEqual(before);
    tf.dispose([x, w]);
  });
});
