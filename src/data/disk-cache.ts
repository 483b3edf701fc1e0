import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A tiny file cache for decoded data sets.
 *
 * Entry layout: one ASCII header line `lrlab-cache <key>\n`, then the payload. A read is a hit
 * only if the header carries exactly the expected key (which encodes the format version and the
 * source it was built from) and the payload has exactly the expected size; anything else is a
 * miss and the caller rebuilds. Writes go to a temporary file renamed into place, so a reader
 * never sees half an entry and concurrent writers (parallel trials) cannot corrupt one. Failing
 * to write (read-only disk, no space, no permission) is not an error: the cache is only a speed-up.
 */
export interface DiskCache {
  read(name: string, key: string, payloadBytes: number): Promise<Uint8Array | null>;
  write(name: string, key: string, payload: Uint8Array): Promise<boolean>;
}

const header = (key: string): Uint8Array => new TextEncoder().encode(`lrlab-cache ${key}\n`);

/** A cache rooted at `dir` (created on first write). */
export function diskCache(dir: string): DiskCache {
  return {
    async read(name, key, payloadBytes) {
      let bytes: Uint8Array;
      try {
        bytes = await readFile(join(dir, name));
      } catch {
        return null;
      }
      const h = header(key);
      if (bytes.length !== h.length + payloadBytes) return null;
      for (let i = 0; i < h.length; i++) if (bytes[i] !== h[i]) return null;
      return bytes.subarray(h.length);
    },
    async write(name, key, payload) {
      const file = join(dir, name);
      // Unique per process and call; not data, so a clock-based name is fine here.
      const tmp = `${file}.${process.pid}.${Date.now()}.${Math.floor(performance.now() * 1000)}.tmp`;
      try {
        await mkdir(dir, { recursive: true });
        const fh = await open(tmp, 'w');
        try {
          await fh.write(header(key));
          await fh.write(payload);
        } finally {
          await fh.close();
        }
        await rename(tmp, file);
        return true;
      } catch {
        await rm(tmp, { force: true }).catch(() => undefined);
        return false;
      }
    },
  };
}
