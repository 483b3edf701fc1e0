import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnist, type ImageSplits } from './mnist.js';

const counts = (y: ArrayLike<number>): number[] => {
  const c = new Array(10).fill(0);
  for (let i = 0; i < y.length; i++) c[y[i]]++;
  return c;
};

describe('loadMnist', () => {
  let m: ImageSplits;
  beforeAll(async () => {
    m = await loadMnist();
  });

  it('has 60,000 training and 10,000 test images of 28×28×1 with 10 classes', () => {
    expect([m.train.n, m.test.n]).toEqual([60000, 10000]);
    expect(m.train.featureShape).toEqual([28, 28, 1]);
    expect(m.train.x.length).toBe(60000 * 784);
    expect(m.test.x.length).toBe(10000 * 784);
    expect([m.train.numClasses, m.test.numClasses]).toEqual([10, 10]);
  });

  it('has the published label counts (5923 zeros in train, 980 in test)', () => {
    // Published per-digit counts of the MNIST training and test sets (LeCun et al.).
    expect(counts(m.train.y)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(counts(m.test.y)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  it('starts with the well-known first labels (train 5, 0, 4, 1; test 7, 2, 1, 0)', () => {
    expect([...Array.from(m.train.y).slice(0, 4)]).toEqual([5, 0, 4, 1]);
    expect([...Array.from(m.test.y).slice(0, 4)]).toEqual([7, 2, 1, 0]);
  });
});
