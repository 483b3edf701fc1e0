import { describe, expect, it } from 'vitest';
import { createQueuePool } from './queue-pool.js';

describe('createQueuePool with no Redis to reach', () => {
  // Port 1 on loopback refuses every connection: ioredis would retry for ever; the pool must give
  // up after its timeout with one line, and leave nothing running that keeps the process alive.
  it('rejects after the connect timeout with the URL (password hidden) and the time', async () => {
    const t0 = performance.now();
    await expect(createQueuePool({ url: 'redis://:secret@127.0.0.1:1', connectTimeoutMs: 500 }))
      .rejects.toThrow('--queue: cannot reach Redis at redis://:***@127.0.0.1:1 within 0.5 s');
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
