/**
 * A one-line progress bar on stderr. Hidden when stderr is not a TTY or when quiet;
 * it redraws at most every 100 ms so it costs nothing in a training loop.
 */
export class Progress {
  private last = 0;
  private readonly enabled: boolean;
  private readonly start = Date.now();
  constructor(private readonly label: string, private readonly total: number, opts: { quiet?: boolean } = {}) {
    this.enabled = !opts.quiet && Boolean(process.stderr.isTTY);
  }

  /** Update to `done` of `total`, with extra text after the bar (`loss 0.31, 24k samples/s`). */
  update(done: number, extra = ''): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100 && done < this.total) return;
    this.last = now;
    const frac = this.total > 0 ? Math.min(1, done / this.total) : 0;
    const width = 24;
    const filled = Math.round(frac * width);
    const elapsed = (now - this.start) / 1000;
    const eta = frac > 0 ? elapsed * (1 / frac - 1) : NaN;
    const etaText = Number.isFinite(eta) ? ` eta ${formatSeconds(eta)}` : '';
    const line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%${etaText} ${extra}`;
    process.stderr.write(`\r${line.slice(0, (process.stderr.columns || 100) - 1)}\x1b[K`);
  }

  /** Print a permanent line above the bar (e.g. a per-epoch summary), on stderr. */
  log(line: string, quiet = false): void {
    if (quiet) return;
    if (this.enabled) process.stderr.write('\r\x1b[K');
    process.stderr.write(`${line}\n`);
  }

  /** Remove the bar. */
  done(): void {
    if (this.enabled) process.stderr.write('\r\x1b[K');
  }
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(0)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
