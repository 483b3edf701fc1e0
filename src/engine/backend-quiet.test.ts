import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initBackend } from './backend.js';

// No IS_TEST here: that flag alone silences tfjs' warnings and would make these tests vacuous.

/** Everything written to console.warn, console.log, console.error and stderr while `f` runs. */
async function captureOutput(f: () => Promise<void> | void): Promise<string[]> {
  const seen: string[] = [];
  const record = (...args: unknown[]): void => {
    seen.push(args.map(String).join(' '));
  };
  const spies = [
    vi.spyOn(console, 'warn').mockImplementation(record),
    vi.spyOn(console, 'log').mockImplementation(record),
    vi.spyOn(console, 'error').mockImplementation(record),
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
      record(chunk);
      return true;
    }),
  ];
  try {
    await f();
  } finally {
    for (const s of spies) s.mockRestore();
  }
  return seen;
}

afterEach(() => {
  vi.restoreAllMocks();
});

/** Puts the registered cpu backend back in its never-used state, so each test starts fresh. */
function freshCpuBackend(): void {
  const cpu = tf.findBackend('cpu') as unknown as { firstUse: boolean };
  cpu.firstUse = true;
}

describe('tfjs stays quiet in Node', () => {
  it('a fresh cpu backend would print the Node banner (the capture sees it)', async () => {
    // The control: without lrlab's fix, tfjs-backend-cpu 4.22 warns on its first tensor write.
    const out = await captureOutput(() => {
      const b = new MathBackendCPU();
      b.disposeData(b.write(new Float32Array([1]), [1], 'float32'));
    });
    expect(out.join('\n')).toMatch(/looks like you are running TensorFlow\.js in Node\.js/);
  });

  it('initBackend("cpu") then cpu ops print nothing', async () => {
    freshCpuBackend();
    const out = await captureOutput(async () => {
      expect(await initBackend('cpu')).toBe('cpu');
      const v = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).dataSync());
      // 1 + 3 = 4, 2 + 4 = 6: the numerics are untouched.
      expect(Array.from(v)).toEqual([4, 6]);
    });
    expect(out).toEqual([]);
  });

  it('initBackend("wasm"), then a switch to cpu with tf.setBackend, prints nothing', async () => {
    freshCpuBackend();
    const out = await captureOutput(async () => {
      expect(await initBackend('wasm')).toBe('wasm');
      tf.tidy(() => tf.square(tf.tensor1d([3])).dataSync());
      await tf.setBackend('cpu');
      const v = tf.tidy(() => tf.square(tf.tensor1d([3])).dataSync());
      expect(Array.from(v)).toEqual([9]);
      await tf.setBackend('wasm');
    });
    expect(out).toEqual([]);
  });
});
