/** Accuracy (a fraction) as a percentage with one decimal: 0.9734 → "97.3%". */
export function pct(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : `${(100 * x).toFixed(1)}%`;
}

/** A difference of accuracies in percentage points with its sign: −0.0123 → "−1.2 pp". */
export function pp(x: number): string {
  const v = (100 * x).toFixed(1);
  return `${x >= 0 ? '+' : '−'}${v.replace('-', '')} pp`;
}

/** A number to `digits` significant digits (default 3): 0.0123 → "0.0123", 1234.5 → "1230"; exponent form below 1e-3 and from 1e6. */
export function num(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6)) return x.toExponential(digits - 1);
  return String(Number(x.toPrecision(digits)));
}

/** Seconds with sensible precision: 0.0421 → "0.042 s", 12.345 → "12.3 s". */
export function secs(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : `${num(x)} s`;
}
