/** Number formatting for the verdict texts and tables of the learning-rate studies. */

/** Three significant digits, the way LRs and losses read in text: `0.0316`, `1.23`, `3.16e-5`. */
export function sig(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(digits - 1).replace('e+', 'e');
  return String(Number(x.toPrecision(digits)));
}

/** An accuracy fraction as a percentage with one decimal: 0.9712 → `97.1%`. */
export function pct(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  return `${(x * 100).toFixed(1)}%`;
}

/** A difference of accuracy fractions in percentage points with a sign: 0.012 → `+1.2 pt`. */
export function pts(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  const v = x * 100;
  return `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)} pt`;
}

/** Round for tables (JSON keeps the full value in `data`). */
export function round(x: number | null | undefined, digits = 4): number | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  return Number(x.toPrecision(digits));
}
