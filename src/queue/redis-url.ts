import { SpecError } from '../core/spec-error.js';

/** Where a queue lives: the ioredis connection options BullMQ takes. */
export interface RedisTarget {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  /** Present for `rediss://` (TLS); the server name is checked against `host`. */
  tls?: { servername: string };
  /** BullMQ's workers need commands to wait through reconnects rather than fail after a few tries. */
  maxRetriesPerRequest: null;
}

/**
 * Read `redis://[[user]:password@]HOST[:PORT][/DB]` (or `rediss://` for TLS) into connection
 * options; `flag` names the input in the error (`--queue: …`). Port defaults to 6379, DB to 0.
 *
 * Example: `parseRedisUrl('redis://:pw@10.0.0.5:6380/2')` → `{host: '10.0.0.5', port: 6380, password: 'pw', db: 2, …}`.
 */
export function parseRedisUrl(raw: string, flag = '--queue'): RedisTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SpecError(flag, `must be a URL redis://[:password@]HOST:PORT[/DB], got '${raw}'`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new SpecError(flag, `must start with redis:// or rediss://, got '${raw}'`);
  }
  // URL keeps IPv6 hosts in brackets; ioredis wants the bare address.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new SpecError(flag, `has no host: '${raw}'`);
  const port = url.port === '' ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d+$/.test(dbText)) throw new SpecError(flag, `database must be a number (redis://HOST:PORT/DB), got '/${dbText}'`);
  if (url.search !== '' || url.hash !== '') throw new SpecError(flag, `takes no query or fragment, got '${url.search}${url.hash}'`);
  return {
    host,
    port,
    ...(url.username !== '' ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password !== '' ? { password: decodeURIComponent(url.password) } : {}),
    db: dbText === '' ? 0 : Number(dbText),
    ...(url.protocol === 'rediss:' ? { tls: { servername: host } } : {}),
    maxRetriesPerRequest: null,
  };
}
