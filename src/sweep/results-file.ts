import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import type { TrialOutcome } from '../trial/config.js';

/**
 * Append one finished trial to a JSON-lines file as ONE write of one complete line, then fsync,
 * so a kill at any moment leaves at worst a torn last line (which `readResults` ignores), never a
 * lost earlier trial.
 *
 * If the file ends in a torn line (a previous run was killed mid-write), a newline is written
 * first, so the new record starts on a line of its own.
 */
export function appendResult(file: string, outcome: TrialOutcome): void {
  const line = `${JSON.stringify(outcome)}\n`;
  const fd = openSync(file, 'a+');
  try {
    writeSync(fd, endsTorn(fd) ? `\n${line}` : line);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function endsTorn(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}

/**
 * The finished trials recorded in a results file, in file order; a later record of the same id
 * replaces an earlier one. Lines that are not complete JSON records (a torn write from a killed
 * run) are skipped. A missing file gives no results.
 */
export function readResults(file: string): Map<string, TrialOutcome> {
  const out = new Map<string, TrialOutcome>();
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      continue;
    }
    if (isOutcome(rec)) out.set(rec.id, rec);
  }
  return out;
}

function isOutcome(v: unknown): v is TrialOutcome {
  if (v === null || typeof v !== 'object') return false;
  const o = v as Partial<TrialOutcome>;
  return typeof o.id === 'string' && (o.status === 'ok' || o.status === 'diverged' || o.status === 'error' || o.status === 'pruned') && typeof o.config === 'object';
}
