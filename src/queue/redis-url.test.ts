import { describe, expect, it } from 'vitest';
import { parseRedisUrl } from './redis-url.js';

describe('parseRedisUrl', () => {
  it('reads host, port, password and database', () => {
    expect(parseRedisUrl('redis://:s%40cret@10.0.0.5:6380/2')).toEqual({
      host: '10.0.0.5', port: 6380, password: 's@cret', db: 2, maxRetriesPerRequest: null,
    });
  });

  it('defaults the port to 6379 and the database to 0; rediss:// turns TLS on', () => {
    expect(parseRedisUrl('rediss://user:pw@redis.example')).toEqual({
      host: 'redis.example', port: 6379, username: 'user', password: 'pw', db: 0,
      tls: { servername: 'redis.example' }, maxRetriesPerRequest: null,
    });
  });

  it('names the flag and the reason for bad input', () => {
    expect(() => parseRedisUrl('localhost:6379')).toThrow('--queue: must start with redis:// or rediss://');
    expect(() => parseRedisUrl('not a url')).toThrow('--queue: must be a URL');
    expect(() => parseRedisUrl('redis://h:1/x')).toThrow('--queue: database must be a number');
  });
});
