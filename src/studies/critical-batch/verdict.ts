import { compareCriticalBatch, type CriticalBatchComparison, type CriticalBatchFit, type NoiseScaleMeasurement } from '../../core/batch/index.js';
import type { VerdictStatus } from '../study.js';

/** What the verdict rests on. */
export interface VerdictInput {
  fit: CriticalBatchFit | null;
  noise: Pick<NoiseScaleMeasurement, 'bSimple' | 'lower' | 'upper' | 'status'> | null;
  /** Batch sizes that reached the target, of those run. */
  reached: number;
  total: number;
  /** B_simple was measured at the target loss (false: the reference run never reached it). */
  noiseAtTarget: boolean;
  /** The B_crit that `runAveragedNoiseScale` predicts from the curve along the reference run, if measured. */
  runAverage?: { bCrit: number; sMin: number } | null;
  /** Smallest batch size from which the best LR was the cap maxLr (steps at larger batches may be overstated), or null. */
  lrCappedFrom?: number | null;
}

/**
 * The verdict: B_crit (fitted) against B_simple (measured). Confirmed when within 2× (the target
 * of issue 6); nuanced when within 10× (McCandlish et al. 2018 find them within an order of
 * magnitude) or when the 2×-widened intervals overlap; refuted beyond. Inconclusive when fewer than
 * 3 batch sizes reached the target, the fit sits on its boundary (no or perfect scaling over the
 * range: B_crit only bounded), or B_simple could not be estimated.
 */
export function criticalBatchVerdict(v: VerdictInput): { status: VerdictStatus; text: string; comparison: CriticalBatchComparison | null } {
  const f = (x: number): string => (Number.isFinite(x) ? String(Number(x.toPrecision(3))) : '∞');
  if (v.fit === null || v.reached < 3) {
    return { status: 'inconclusive', comparison: null, text: `Only ${v.reached} of ${v.total} batch sizes reached the target loss; at least 3 are needed to fit S = S_min(1 + B_crit/B).` };
  }
  if (v.fit.boundary !== 'none') {
    const which = v.fit.boundary === 'perfect-scaling'
      ? `steps fell like 1/B over the whole range, so B_crit is above the largest batch size`
      : `steps did not fall with the batch size, so B_crit is below the smallest batch size`;
    return { status: 'inconclusive', comparison: null, text: `The fit found no critical batch inside the measured range: ${which}.` };
  }
  if (v.noise === null || !(v.noise.bSimple > 0) || !Number.isFinite(v.noise.bSimple)) {
    return { status: 'inconclusive', comparison: null, text: `B_crit = ${f(v.fit.bCrit)}, but the noise scale could not be estimated (status ${v.noise?.status ?? 'not measured'}).` };
  }
  const c = compareCriticalBatch(v.fit.bCrit, v.noise.bSimple);
  const overlap = v.fit.bCritLower / 2 <= v.noise.upper && v.noise.lower <= 2 * v.fit.bCritUpper;
  const head = `Fitted B_crit = ${f(v.fit.bCrit)} (95% interval ${f(v.fit.bCritLower)}–${f(v.fit.bCritUpper)}, S_min = ${f(v.fit.sMin)} steps, E_min = ${f(v.fit.eMin)} examples); `
    + `measured B_simple = ${f(v.noise.bSimple)} (95% interval ${f(v.noise.lower)}–${f(v.noise.upper)})${v.noiseAtTarget ? ' at the target loss' : ' at the end of the reference run, which did not reach the target'}.`;
  const direction = c.ratio < 1 ? `B_simple overestimates B_crit by ${f(c.factor)}×` : `B_simple underestimates B_crit by ${f(c.factor)}×`;
  const why = c.ratio < 1
    ? ' Likely reasons: B_simple = tr(Σ)/|G|² ignores curvature (it equals the critical batch B_noise = tr(HΣ)/GᵀHG only when the Hessian is a multiple of the identity), and it was measured where the run ends, while the noise scale grows during training, so the steps to the target are set by the smaller noise scale earlier on.'
    : ' Likely reasons: B_simple ignores curvature (B_noise = tr(HΣ)/GᵀHG), and a coarse LR grid at large batches inflates their steps, which raises the fitted B_crit.';
  let status: VerdictStatus;
  let lead: string;
  if (c.within2x) { status = 'confirmed'; lead = `B_simple predicts the critical batch within 2× (ratio B_crit/B_simple = ${f(c.ratio)}).`; }
  else if (c.factor <= 10 || overlap) { status = 'nuanced'; lead = `${direction}: outside the 2× target${c.factor <= 10 ? ', but within the order of magnitude McCandlish et al. report' : ''}${overlap ? '; the uncertainty intervals, widened by 2×, still overlap' : ''}.${why}`; }
  else { status = 'refuted'; lead = `${direction}, more than an order of magnitude.${why}`; }
  let avg = '';
  if (v.runAverage) {
    const a = compareCriticalBatch(v.fit.bCrit, v.runAverage.bCrit);
    avg = ` Averaged along the reference run with the paper's model (weights dS_min = dS/(1 + B_simple/B_ref)), the noise scale predicts B_crit ≈ ${f(v.runAverage.bCrit)} `
      + `(${a.within2x ? 'within' : 'outside'} 2× of the fit, factor ${f(a.factor)}) and S_min ≈ ${f(v.runAverage.sMin)} steps (fit: ${f(v.fit.sMin)}).`;
  }
  const capped = v.lrCappedFrom != null
    ? ` From batch ${v.lrCappedFrom} on, the best LR was the cap (larger LRs stalled or diverged in probes); if those batches could use more, their steps and S_min would be smaller and the fitted B_crit larger.`
    : '';
  return { status, comparison: c, text: `${lead} ${head}${avg}${capped} ${v.reached} of ${v.total} batch sizes reached the target.` };
}
