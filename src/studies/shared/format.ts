/**
 * Number formatting for every study's verdict text, method and tables: one spelling each
 * (three significant digits, `pp` for percentage points, one exponent switch).
 */

const missing = (x: number | null | undefined): x is null | undefined => x === null || x === undefined || !Number.isFinite(x);

/**
 * Three significant digits (or `digits`), the way LRs, losses and rates read in text: `0.0316`,
 * `1.23`, `1230`; exponent form below 1e-3 and from 1e6 (`3.16e-5`, `1.23e6`); `n/a` when missing.
 */
export function sig(x: number | null | undefined, digits = 3): string {
  if (missing(x)) return 'n/a';
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(digits - 1).replace('e+', 'e');
  return String(Number(x.toPrecision(digits)));
}

/** An accuracy fraction as a percentage with one decimal: 0.9712 → `97.1%`. */
export function pct(x: number | null | undefined): string {
  if (missing(x)) return 'n/a';
  return `${(x * 100).toFixed(1)}%`;
}

/** A difference of accuracy fractions in percentage points with a sign: 0.012 → `+1.2 pp`, −0.034 → `−3.4 pp`. */
export function pp(x: number | null | undefined): string {
  if (missing(x)) return 'n/a';
  const v = x * 100;
  return `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)} pp`;
}

/** Seconds with three significant digits: 0.0421 → `0.0421 s`, 12.345 → `12.3 s`. */
export function secs(x: number | null | undefined): string {
  return missing(x) ? 'n/a' : `${sig(x)} s`;
}

/** Round for tables (JSON keeps the full value in `data`); null when missing. */
export function round(x: number | null | undefined, digits = 4): number | null {
  if (missing(x)) return null;
  return Number(x.toPrecision(digits));
}
