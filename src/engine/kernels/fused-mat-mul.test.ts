import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { preferSwapped } from './batch-mat-mul.js';
import { liveCounts, maxRelDiff, onCpu, onWasm, randn, setupWasm, values } from './test-util.js';

beforeAll(setupWasm);

type Activation = 'linear' | 'relu' | 'relu6' | 'elu' | 'sigmoid' | 'leakyrelu' | 'prelu';
const activations: Activation[] = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'];

function fused(m: number, k: number, n: number, tA: boolean, tB: boolean, act: Activation, withBias: boolean, seed: number): () => tf.Tensor {
  const a = randn(seed, m * k);
  const b = randn(seed + 1, k * n);
  const bias = randn(seed + 2, n);
  const alpha = randn(seed + 3, n);
  return () =>
    tf.fused.matMul({
      a: tf.tensor(a, tA ? [k, m] : [m, k]),
      b: tf.tensor(b, tB ? [n, k] : [k, n]),
      transposeA: tA,
      transposeB: tB,
      bias: withBias ? tf.tensor1d(bias) : undefined,
      activation: act,
      preluActivationWeights: act === 'prelu' ? tf.tensor1d(alpha) : undefined,
      leakyreluAlpha: 0.15,
    });
}

describe('_FusedMatMul replacement', () => {
  it('swaps the operand order only for few rows against large weights', () => {
    expect(preferSwapped(1, 784, 256)).toBe(true);
    expect(preferSwapped(32, 784, 256)).toBe(true);
    expect(preferSwapped(33, 784, 256)).toBe(false);
    expect(preferSwapped(1, 10, 10)).toBe(false);
  });

  it('equals the stock wasm kernel and the cpu backend for every activation, with and without bias', async () => {
    let seed = 1;
    for (const [m, k, n] of [
      [1, 300, 64], // swapped
      [8, 200, 100], // swapped
      [40, 30, 20], // plain
    ]) {
      for (const act of activations) {
        for (const withBias of [true, false]) {
          const run = fused(m, k, n, false, false, act, withBias, (seed += 4));
          const fast = onWasm(true, () => values(run));
          const stock = onWasm(false, () => values(run));
          const cpu = await onCpu(() => values(run));
          const what = `${m}x${k}x${n} ${act} bias=${withBias}`;
          expect(maxRelDiff(fast, stock), what).toBeLessThan(1e-5);
          expect(maxRelDiff(fast, cpu), what).toBeLessThan(1e-5);
        }
      }
    }
  });

  it('equals the cpu backend with transposed operands', async () => {
    let seed = 500;
    for (const [m, k, n] of [
      [2, 300, 64],
      [24, 17, 9],
    ]) {
      for (const [tA, tB] of [
        [true, false],
        [false, true],
        [true, true],
      ] as const) {
        const run = fused(m, k, n, tA, tB, 'relu', true, (seed += 4));
        const fast = onWasm(true, () => values(run));
        const cpu = await onCpu(() => values(run));
        expect(maxRelDiff(fast, cpu), `${m}x${k}x${n} tA=${tA} tB=${tB}`).toBeLessThan(1e-5);
      }
    }
  });

  it('leaves no tensors or wasm buffers behind', () => {
    const a = tf.ones([2, 300]);
    const b = tf.ones([300, 64]);
    const bias = tf.ones([64]);
    const before = liveCounts();
    tf.tidy(() => {
      tf.fused.matMul({ a, b, bias, activation: 'relu' });
      tf.fused.matMul({ a: b, b: a, transposeA: true, transposeB: true });
    });
    expect(liveCounts()).toEqual(before);
    tf.dispose([a, b, bias]);
  });
});
