import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModel } from './models.js';
import { loadModelFromDisk, saveModelToDisk } from './model-io.js';

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'lrlab-model-io-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadModelFromDisk', () => {
  it('round-trips a saved model: same weights and same outputs', async () => {
    const m = createModel({ kind: 'mlp', inputShape: [6], numClasses: 3, hidden: [5, 4], seed: 2 });
    await saveModelToDisk(m, join(dir, 'a'));
    const back = await loadModelFromDisk(join(dir, 'a', 'model.json'));
    expect(back.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(m.getWeights().map((w) => Array.from(w.dataSync())));
    const x = tf.tensor2d([[1, 2, 3, 4, 5, 6]]);
    expect(Array.from((back.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((m.predict(x) as tf.Tensor).dataSync()));
  });

  it('names a missing file, bad JSON, a non-model JSON and a truncated shard', async () => {
    await expect(loadModelFromDisk(join(dir, 'nope', 'model.json'))).rejects.toThrow(/model\.json: cannot be read \(ENOENT\)/);
    writeFileSync(join(dir, 'bad.json'), '{');
    await expect(loadModelFromDisk(join(dir, 'bad.json'))).rejects.toThrow(/bad\.json: is not valid JSON/);
    writeFileSync(join(dir, 'other.json'), '{"a":1}');
    await expect(loadModelFromDisk(join(dir, 'other.json'))).rejects.toThrow(/no modelTopology/);
    const m = createModel({ kind: 'linear', inputShape: [4], numClasses: 2, seed: 0 });
    await saveModelToDisk(m, join(dir, 'b'));
    // 4·2 + 2 = 10 floats = 40 bytes; cut 4
    expect(readFileSync(join(dir, 'b', 'weights.bin')).byteLength).toBe(40);
    truncateSync(join(dir, 'b', 'weights.bin'), 36);
    await expect(loadModelFromDisk(join(dir, 'b', 'model.json'))).rejects.toThrow(/hold 36 bytes but the manifest describes 40/);
  });
});
