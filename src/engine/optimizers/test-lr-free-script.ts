/**
 * A fixed gradient script on two variables (3 and 1 entries) for the learning-rate-free tests:
 * a steady direction with a wobble, so d has something to adapt to, and an LR change midway.
 */
// Zero starting weights: Prodigy's ⟨g, x0 − x⟩ loses digits to cancellation in float32 when x0 − x
// is tiny next to x (about 3e-4 relative in d from θ0 = 0.05 on), which would blur the comparison
// with the float64 version; from 0, x0 − x = −x exactly.
export const LR_FREE_THETA0 = [[0, 0, 0], [0]];

/** max over steps and entries of |a − b| / max(1, |b|): float32 against float64 where values grow large. */
export function maxRelDiff(a: number[][], b: number[][]): number {
  let worst = 0;
  a.forEach((row, i) => row.forEach((x, j) => (worst = Math.max(worst, Math.abs(x - b[i][j]) / Math.max(1, Math.abs(b[i][j]))))));
  return worst;
}

export function lrFreeScript(steps: number): { grads: number[][][]; lrs: number[] } {
  const grads: number[][][] = [];
  const lrs: number[] = [];
  for (let k = 0; k < steps; k++) {
    grads.push([[1 + 0.5 * Math.sin(k), -0.5 + 0.3 * Math.cos(2 * k), 0.2], [2 * Math.sin(0.7 * k + 1)]]);
    lrs.push(k < steps / 2 ? 1 : 0.5);
  }
  return { grads, lrs };
}
