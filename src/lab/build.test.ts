import { describe, expect, it } from 'vitest';
import { readIdx, writeIdx } from '../data/idx.js';
import { toBytes } from './build.js';

describe('toBytes', () => {
  it('recovers every pixel byte from its float32 v/255 (how src/data scales images)', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, v) => v);
    const x = new Float32Array(256);
    for (let v = 0; v < 256; v++) x[v] = bytes[v] / 255;
    const y = Int32Array.from({ length: 256 }, (_, i) => i % 10);
    const out = toBytes({ x, y, n: 256, featureShape: [1], numClasses: 10 });
    expect(Array.from(out.images)).toEqual(Array.from(bytes));
    expect(Array.from(out.labels)).toEqual(Array.from(y));
  });

  it('the IDX files the lab ships read back to the same bytes', () => {
    const images = Uint8Array.from({ length: 2 * 28 * 28 }, (_, i) => (i * 7) % 256);
    const back = readIdx(writeIdx([2, 28, 28], images), 'train-images.idx');
    expect(back.dims).toEqual([2, 28, 28]);
    expect(Array.from(back.data)).toEqual(Array.from(images));
  });
});
