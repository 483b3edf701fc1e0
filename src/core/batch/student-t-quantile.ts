import { normalQuantile } from './normal-quantile.js';

/**
 * Quantile of Student's t distribution with `df` degrees of freedom, for small-sample intervals.
 *
 * Formula: exact for df = 1 (t = tan(π(p − ½))) and df = 2 (t = (2p − 1)/√(2p(1 − p)));
 * otherwise the Cornish–Fisher expansion in 1/df around z = Φ⁻¹(p) (Abramowitz & Stegun 26.7.5):
 *   t ≈ z + g1/ν + g2/ν² + g3/ν³ + g4/ν⁴,  g1 = (z³ + z)/4,  g2 = (5z⁵ + 16z³ + 3z)/96,
 *   g3 = (3z⁷ + 19z⁵ + 17z³ − 15z)/384,  g4 = (79z⁹ + 776z⁷ + 1482z⁵ − 1920z³ − 945z)/92160.
 * Relative error at levels ≤ 0.995: under 1% for df = 3, under 0.1% for df ≥ 5. `df = Infinity` gives z.
 * Example: `studentTQuantile(0.975, 8)` ≈ 2.306.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`df: must be > 0, got ${df}`);
  const z = normalQuantile(p);
  if (df === Infinity) return z;
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  const z2 = z * z;
  const g1 = (z2 + 1) * z / 4;
  const g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
  const g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
  const g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}
