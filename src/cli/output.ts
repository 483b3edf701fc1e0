import { mkdirSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Write a file atomically: write a sibling temp file, then rename over the target,
 * so an interrupt never leaves a half-written result. `-` means stdout.
 */
export function writeOutput(target: string, content: string | Uint8Array): void {
  if (target === '-') {
    process.stdout.write(content);
    return;
  }
  const path = resolve(target);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** JSON with full double precision (JSON.stringify already round-trips doubles exactly). */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
