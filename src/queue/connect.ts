import type { QueueBase } from 'bullmq';
import { SpecError } from '../core/spec-error.js';

/** The ioredis client BullMQ hands out (`queue.client`). */
export type RedisClient = Awaited<QueueBase['client']>;

/**
 * Wait for a BullMQ queue, worker or event stream to reach Redis, or fail after `timeoutMs` with
 * one line naming the URL (ioredis itself would retry for ever, and a typo would hang the command).
 */
export async function connectOrFail(conn: QueueBase, url: string, timeoutMs: number): Promise<RedisClient> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SpecError('--queue', `cannot reach Redis at ${redact(url)} within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  // ioredis reports each failed attempt as an 'error' event; without a listener Node would throw.
  const onError = (): void => undefined;
  conn.on('error', onError);
  try {
    return await Promise.race([conn.waitUntilReady(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^@/]*):[^@/]*@/, '//$1:***@');
}
