import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { correctCount, softmaxCrossEntropy } from './losses.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('softmaxCrossEntropy', () => {
  it('equals hand-computed values for logits', () => {
    // row 1: logits (0, 0), label 0 → −log(1/2) = ln 2
    // row 2: logits (1, 2, 3)-style can't mix widths, so use (1, 3), label 1 → −log(e³/(e + e³)) = log(1 + e^−2)
    const z = tf.tensor2d([[0, 0], [1, 3]]);
    const y = tf.tensor2d([[1, 0], [0, 1]]);
    const expected = (Math.LN2 + Math.log(1 + Math.exp(-2))) / 2;
    expect(softmaxCrossEntropy(z, y).dataSync()[0]).toBeCloseTo(expected, 6);
    tf.dispose([z, y]);
  });

  it('is stable for huge logits (log-sum-exp shift)', () => {
    // (1000, 0), label 1 → −log(e⁰/(e¹⁰⁰⁰ + 1)) ≈ 1000
    const z = tf.tensor2d([[1000, 0]]);
    const y = tf.tensor2d([[0, 1]]);
    expect(softmaxCrossEntropy(z, y).dataSync()[0]).toBeCloseTo(1000, 3);
    tf.dispose([z, y]);
  });

  it('for probabilities takes −log p of the true class, clipped at 1e-7', () => {
    // (0.25·… ) row 1: −ln 0.75; row 2: p = 0 → −ln 1e-7 = 16.1181
    const p = tf.tensor2d([[0.25, 0.75], [1, 0]]);
    const y = tf.tensor2d([[0, 1], [0, 1]]);
    expect(softmaxCrossEntropy(p, y, 'probabilities').dataSync()[0]).toBeCloseTo((-Math.log(0.75) - Math.log(1e-7)) / 2, 4);
    tf.dispose([p, y]);
  });

  it('has gradient (softmax(z) − y)/n', () => {
    const z = tf.tensor2d([[0.5, -1, 2], [0, 0, 0]]);
    const y = tf.tensor2d([[0, 0, 1], [1, 0, 0]]);
    const g = tf.grad((t: tf.Tensor) => softmaxCrossEntropy(t, y))(z).arraySync() as number[][];
    const rows = [[0.5, -1, 2], [0, 0, 0]];
    const labels = [2, 0];
    rows.forEach((r, i) => {
      const e = r.map(Math.exp);
      const s = e.reduce((a, b) => a + b, 0);
      r.forEach((_, c) => expect(g[i][c]).toBeCloseTo((e[c] / s - (c === labels[i] ? 1 : 0)) / 2, 6));
    });
    tf.dispose([z, y]);
  });
});

describe('correctCount', () => {
  it('counts rows whose arg-max is the label', () => {
    const out = tf.tensor2d([[0.1, 0.9], [2, 1], [5, 5]]);
    const labels = tf.tensor1d([1, 1, 0], 'int32');
    // row 1 right, row 2 wrong, row 3 a tie → first index 0 → right
    expect(correctCount(out, labels).dataSync()[0]).toBe(2);
    tf.dispose([out, labels]);
  });
});
