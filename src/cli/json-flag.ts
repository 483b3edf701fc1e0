import { readFileSync } from 'node:fs';
import { UsageError } from './errors.js';

/**
 * The JSON a flag carries, inline or from `@file` (`--schedule`, `--batch-schedule`, `--spec`,
 * `--convert-schedule`, `--critical-batch @file`): parsed once, here. Errors name the flag and
 * say whether the file or the JSON was at fault.
 */
export function readJsonFlag(flag: string, raw: string): unknown {
  let text = raw;
  let source = 'the inline spec';
  if (raw.startsWith('@')) {
    const file = raw.slice(1);
    if (file === '') throw new UsageError(flag, "needs a file name after '@'");
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code ?? 'unreadable';
      throw new UsageError(flag, `cannot read '${file}': ${why}`);
    }
    source = `'${file}'`;
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new UsageError(flag, `${source} is not valid JSON (${msg})`);
  }
}
