/**
 * Where ASHA keeps the trainer states of trials that may be promoted (sweep/asha-sweep.ts): in
 * the coordinator's memory, or as files in a folder (`--state-dir`, which also survives a kill,
 * so `--resume` continues promoted trials instead of retraining them). The queue keeps them in
 * Redis (queue/redis-state-store.ts). A state that is missing is not an error: the trial then
 * trains again from scratch to the same epoch, with the same numbers (training is seeded).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

export interface StateStore {
  /** The state saved under `name`, or null if there is none. */
  get(name: string): Promise<Uint8Array | null>;
  put(name: string, bytes: Uint8Array): Promise<void>;
  delete(name: string): Promise<void>;
}

/** States held in this process. */
export function memoryStateStore(): StateStore {
  const states = new Map<string, Uint8Array>();
  return {
    get: async (name) => states.get(name) ?? null,
    put: async (name, bytes) => { states.set(name, bytes); },
    delete: async (name) => { states.delete(name); },
  };
}

/**
 * States as files `DIR/<digest of the name>.state` (trial ids hold spaces and '=', so the file
 * name is a digest). Written to a temporary file and renamed, so a kill never leaves half a state.
 */
export function dirStateStore(dir: string): StateStore {
  mkdirSync(dir, { recursive: true });
  const file = (name: string): string => join(dir, `${createHash('sha256').update(name).digest('hex').slice(0, 32)}.state`);
  return {
    get: async (name) => {
      try {
        return new Uint8Array(readFileSync(file(name)));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    put: async (name, bytes) => {
      const tmp = `${file(name)}.${process.pid}.tmp`;
      writeFileSync(tmp, bytes);
      renameSync(tmp, file(name));
    },
    delete: async (name) => { rmSync(file(name), { force: true }); },
  };
}
