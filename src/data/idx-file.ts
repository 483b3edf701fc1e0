import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { SpecError } from '../core/spec-error.js';
import { readIdx, type IdxFile } from './idx.js';

/**
 * Read and decode one IDX file from disk, gunzipping it first when it is gzip-compressed
 * (`train-images-idx3-ubyte.gz` as distributed). Errors name the file as given.
 */
export async function loadIdxFile(path: string): Promise<IdxFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new SpecError(path, `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (err) {
      throw new SpecError(path, `corrupt gzip data: ${(err as Error).message}`);
    }
  }
  return readIdx(bytes, path);
}
