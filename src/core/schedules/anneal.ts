/**
 * Anneal from `start` to `end` as `pct` goes from 0 to 1 (the two curves of one-cycle).
 * cos: `end + (start − end)/2·(1 + cos(π·pct))`; linear: `start + (end − start)·pct`.
 * Written in PyTorch's operation order so values agree to the last bit where cos does.
 */
export function annealCos(start: number, end: number, pct: number): number {
  const cosOut = Math.cos(Math.PI * pct) + 1;
  return end + ((start - end) / 2) * cosOut;
}

export function annealLinear(start: number, end: number, pct: number): number {
  return (end - start) * pct + start;
}
