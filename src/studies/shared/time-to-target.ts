/**
 * When a decreasing curve first reaches a target: the first point with value ≤ target, linearly
 * interpolated with the point before it. Points must be in increasing t; non-finite values
 * (a diverged run) never reach the target. Returns null when the target is never reached.
 *
 * Formula: with (t₀, v₀ > target) and (t₁, v₁ ≤ target), t* = t₀ + (v₀ − target)/(v₀ − v₁)·(t₁ − t₀).
 * Example: t [0, 10], values [2, 1], target 1.5 → 5.
 */
export function timeToTarget(points: ReadonlyArray<{ t: number; value: number }>, target: number): number | null {
  for (let i = 0; i < points.length; i++) {
    const { t, value } = points[i];
    if (!Number.isFinite(value) || value > target) continue;
    const prev = points[i - 1];
    if (i === 0 || !Number.isFinite(prev.value)) return t;
    return prev.t + ((prev.value - target) / (prev.value - value)) * (t - prev.t);
  }
  return null;
}
