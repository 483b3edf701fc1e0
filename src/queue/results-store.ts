import type { RedisClient } from './connect.js';

const COMMAND = 'lrlabRecordFirst';
// One atomic step: keep the first value of a field; answer the kept one if there was one.
const LUA = `local prev = redis.call('HGET', KEYS[1], ARGV[1])
if prev then return prev end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return false`;

const defined = new WeakSet<RedisClient>();

/**
 * Write `value` under `field` of the hash `key` unless the field exists (HSETNX, but answering
 * with the value kept): null when this call wrote it, the earlier value otherwise.
 */
export async function recordFirst(client: RedisClient, key: string, field: string, value: string): Promise<string | null> {
  if (!defined.has(client)) {
    client.defineCommand(COMMAND, { numberOfKeys: 1, lua: LUA });
    defined.add(client);
  }
  const prev = await client.runCommand(COMMAND, [key, field, value]) as string | null;
  return prev ?? null;
}
