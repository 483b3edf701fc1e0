import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

describe('library entries', () => {
  it('importing lrlab registers no backend; initBackend does, on request', async () => {
    const lrlab = await import('./index.js');
    expect(tf.findBackendFactory('wasm')).toBeNull();
    expect(tf.findBackendFactory('cpu')).toBeNull();
    expect(await lrlab.initBackend('cpu')).toBe('cpu');
    expect(tf.findBackendFactory('wasm')).toBeNull();
    expect(await lrlab.initBackend()).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('the Node entry adds the file readers to the runs-anywhere entry', async () => {
    const anywhere = await import('./index.js');
    const node = await import('./node.js');
    for (const name of ['loadData', 'loadModelFromDisk', 'saveModelToDisk']) {
      expect(name in anywhere, name).toBe(false);
      expect(typeof (node as Record<string, unknown>)[name], name).toBe('function');
    }
    for (const name of ['lrFind', 'lrScheduler', 'reduceLROnPlateau', 'setLearningRate', 'initBackend', 'cosine', 'BatchOrder']) {
      expect(typeof (anywhere as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});
