import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { featureStats, scalarStats, upload } from './device-data.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('featureStats / upload with per-feature standardisation', () => {
  // Rows [1, 10, 5], [3, 30, 5]: column means 2, 20, 5; population σ = |1 − 2| = 1, |10 − 20| = 10,
  // and 0 for the constant column, taken as 1.
  const x = new Float32Array([1, 10, 5, 3, 30, 5]);

  it('gives one mean and σ per column', () => {
    expect(featureStats(x, 3)).toEqual({ mean: [2, 20, 5], std: [1, 10, 1] });
    // One scalar over all six values instead: mean 54 / 6 = 9, so both columns share it.
    expect(scalarStats(x).mean).toBe(9);
  });

  it('standardises each column by its own statistics', () => {
    const ds = { x, y: new Int32Array([0, 1]), n: 2, featureShape: [3], numClasses: 2 };
    const set = upload(ds, featureStats(x, 3));
    // (1 − 2)/1, (10 − 20)/10, (5 − 5)/1; (3 − 2)/1, (30 − 20)/10, 0
    expect(Array.from(set.x.dataSync())).toEqual([-1, -1, 0, 1, 1, 0]);
    tf.dispose([set.x, set.oneHot, set.labels]);
    expect(() => upload(ds, { mean: [0, 0], std: [1, 1] })).toThrow('upload: 2 feature means for rows of 3 features');
  });
});
