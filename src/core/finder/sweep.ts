/**
 * The learning rate of point `i` of a range-test sweep of `steps` points (i = 0 … steps−1).
 *
 * exp:    lr_i = s · (e/s)^(i/(N−1))     linear: lr_i = s + (e − s) · i/(N−1)
 *
 * The exponent uses N−1 (not fastai's N), so the first point is exactly `startLr` and the
 * last exactly `endLr`: the sweep covers the range the user asked for, both ends included.
 *
 * @example sweepLr(99, { startLr: 1e-7, endLr: 10, steps: 100, mode: 'exp' }) // → 10
 */
export function sweepLr(i: number, o: { startLr: number; endLr: number; steps: number; mode: 'exp' | 'linear' }): number {
  if (i <= 0) return o.startLr;
  if (i >= o.steps - 1) return o.endLr;
  const t = i / (o.steps - 1);
  return o.mode === 'exp' ? o.startLr * Math.pow(o.endLr / o.startLr, t) : o.startLr + (o.endLr - o.startLr) * t;
}

/**
 * Debiased exponential moving average (Adam's bias correction, fastai's SmoothenValue):
 * avg_t = β·avg_{t−1} + (1 − β)·x_t, avg_0 = 0;  smoothed_t = avg_t / (1 − β^(t+1)) for t = 0, 1, ….
 * Without the division the first values would be pulled towards 0; with it, smoothed_0 = x_0.
 * β = 0 returns the input unchanged.
 */
export class DebiasedEma {
  private avg = 0;
  private count = 0;
  constructor(private readonly beta: number) {}

  /** Add one value; returns the smoothed value including it. */
  push(x: number): number {
    this.avg = this.beta * this.avg + (1 - this.beta) * x;
    this.count += 1;
    return this.beta === 0 ? x : this.avg / (1 - Math.pow(this.beta, this.count));
  }

  /** An independent copy that continues exactly as this one would (for trainer snapshots). */
  clone(): DebiasedEma {
    const c = new DebiasedEma(this.beta);
    c.avg = this.avg;
    c.count = this.count;
    return c;
  }
}

/** The whole debiased-EMA curve of `xs` (see DebiasedEma). */
export function debiasedEma(xs: readonly number[], beta: number): number[] {
  const ema = new DebiasedEma(beta);
  return xs.map((x) => ema.push(x));
}
