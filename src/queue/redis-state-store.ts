import type { Redis } from 'ioredis';
import type { StateStore } from '../sweep/state-store.js';
import type { RedisClient } from './connect.js';
import { stateKey } from './protocol.js';

/**
 * Keep ASHA trainer states in Redis, one binary string per state (`stateKey`), for models small
 * enough that a few MB per trial in Redis's memory are fine; larger ones use `--state-dir` on
 * shared storage. States expire after `ttlSeconds` (default a week), so an abandoned sweep's
 * states do not stay for ever; a missing state only costs a retrain (sweep/state-store.ts).
 */
export function redisStateStore(bullmqClient: RedisClient, sweep: string, ttlSeconds = 7 * 24 * 3600): StateStore {
  // BullMQ types its connection abstractly; underneath it is ioredis, whose binary reads this needs.
  const client = bullmqClient as unknown as Redis;
  return {
    get: async (name) => {
      const b = await client.getBuffer(stateKey(sweep, name));
      return b === null ? null : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    },
    put: async (name, bytes) => {
      await client.set(stateKey(sweep, name), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'EX', ttlSeconds);
    },
    delete: async (name) => {
      await client.del(stateKey(sweep, name));
    },
  };
}
