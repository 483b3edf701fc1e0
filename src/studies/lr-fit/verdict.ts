import { gapCrossing, type GapCrossing } from '../../core/finder/grid.js';
import { spearman } from '../../core/stats.js';
import { pct, pp, sig } from '../shared/format.js';
import type { VerdictStatus } from '../study.js';

/** Train and validation accuracy at one LR (means over seeds). */
export interface FitPoint {
  lr: number;
  trainAccuracy: number;
  valAccuracy: number;
}

/**
 * Sampling noise of an accuracy gap: two binomial standard errors of train − val accuracy,
 * 2·√(t(1−t)/nTrain + v(1−v)/nVal). A 500-example training set alone makes ±2 points of noise.
 *
 * @example gapNoise(0.5, 0.5, 100, 100) // 2·√(0.0025 + 0.0025) = 0.1
 */
export function gapNoise(train: number, val: number, nTrain: number, nVal: number): number {
  return 2 * Math.sqrt((train * (1 - train)) / nTrain + (val * (1 - val)) / nVal);
}

/** The fit regimes read off train/validation accuracy against LR. */
export interface FitVerdict {
  status: 'confirmed' | 'nuanced' | 'refuted' | 'inconclusive';
  /**
   * At the lowest LR: the gap is within gapTol plus its sampling noise, and train accuracy is more than
   * gapTol below the best train accuracy (the training set is not fitted yet).
   */
  underfitAtLow: boolean;
  /** Some higher LR has gap > gapTol plus its sampling noise (training set fitted better than the validation set). */
  overfitAbove: boolean;
  /** Where train accuracy passes validation accuracy (gap crosses 0) and where the gap passes gapTol. */
  crossZero: GapCrossing | null;
  crossTol: GapCrossing | null;
  /** Spearman correlation of the gap with the LR over the LRs up to the one with the highest train accuracy. */
  gapTrend: number;
  maxGap: { lr: number; gap: number };
  bestVal: { lr: number; valAccuracy: number };
}

/** What judgeFit needs besides the points: the overfitting threshold and the set sizes (for the noise). */
export interface FitOptions {
  gapTol: number;
  trainSize: number;
  valSize: number;
}

/**
 * Judge "as the LR increases the model goes from underfitting to overfitting" on accuracies against LR
 * (noise = {@link gapNoise} at each point):
 * confirmed when the lowest LR underfits (gap ≤ gapTol + noise, train accuracy below the best by more than
 * gapTol) and a higher LR overfits (gap > gapTol + noise); nuanced when the gap grows with the LR
 * (trend ≥ 0.5) and some LR overfits but the lowest LR already does (no underfitting regime in the grid);
 * refuted otherwise (no LR overfits beyond the noise, or the gap does not grow with the LR).
 * Fewer than 3 points: inconclusive.
 */
export function judgeFit(points: readonly FitPoint[], o: FitOptions): FitVerdict {
  const p = [...points].sort((a, b) => a.lr - b.lr);
  const gaps = p.map((x) => x.trainAccuracy - x.valAccuracy);
  const curve = p.map((x, i) => ({ lr: x.lr, gap: gaps[i] }));
  const noise = p.map((x) => gapNoise(x.trainAccuracy, x.valAccuracy, o.trainSize, o.valSize));
  const none: FitVerdict = { status: 'inconclusive', underfitAtLow: false, overfitAbove: false, crossZero: null, crossTol: null, gapTrend: NaN, maxGap: { lr: NaN, gap: NaN }, bestVal: { lr: NaN, valAccuracy: NaN } };
  if (p.length < 3) return none;
  const bestTrain = Math.max(...p.map((x) => x.trainAccuracy));
  const iTrain = p.findIndex((x) => x.trainAccuracy === bestTrain);
  const underfitAtLow = gaps[0] <= o.gapTol + noise[0] && p[0].trainAccuracy < bestTrain - o.gapTol;
  const overfitAbove = gaps.some((g, i) => i > 0 && g > o.gapTol + noise[i]);
  let iGap = 0;
  gaps.forEach((g, i) => { if (g > gaps[iGap]) iGap = i; });
  let iVal = 0;
  p.forEach((x, i) => { if (x.valAccuracy > p[iVal].valAccuracy) iVal = i; });
  const upTo = Math.max(iTrain, 1);
  const gapTrend = spearman(p.slice(0, upTo + 1).map((x) => Math.log(x.lr)), gaps.slice(0, upTo + 1));
  let status: FitVerdict['status'];
  if (underfitAtLow && overfitAbove) status = 'confirmed';
  else if (overfitAbove && gapTrend >= 0.5) status = 'nuanced';
  else status = 'refuted';
  return {
    status, underfitAtLow, overfitAbove, crossZero: gapCrossing(curve, 0), crossTol: gapCrossing(curve, o.gapTol), gapTrend,
    maxGap: { lr: p[iGap].lr, gap: gaps[iGap] }, bestVal: { lr: p[iVal].lr, valAccuracy: p[iVal].valAccuracy },
  };
}

/**
 * The verdict: {@link judgeFit}'s status on the LRs that trained without diverging, with the regime
 * at the lowest LR, where the gap crosses 0 and gapTol, the largest gap, the gap's trend and the best
 * validation accuracy in the text. `crossoverNote` says why train accuracy never passes validation
 * accuracy, when it does not (the grid summary's note).
 */
export function lrFitVerdict(points: readonly FitPoint[], o: FitOptions, crossoverNote: string): { status: VerdictStatus; text: string; judgement: FitVerdict } {
  const judged = judgeFit(points, o);
  if (judged.status === 'inconclusive') return { status: judged.status, judgement: judged, text: `Only ${points.length} LR(s) trained without diverging; at least 3 are needed.` };
  const lo = points.reduce((a, b) => (b.lr < a.lr ? b : a));
  const tol = pp(o.gapTol).replace('+', '');
  const z0 = judged.crossZero ? `Train accuracy passes validation accuracy at lr ≈ ${sig(judged.crossZero.lr)} (between ${sig(judged.crossZero.between[0])} and ${sig(judged.crossZero.between[1])})` : `Train accuracy never crosses validation accuracy inside the grid (${crossoverNote || 'no sign change'})`;
  const zt = judged.crossTol ? `; the gap exceeds ${tol} from lr ≈ ${sig(judged.crossTol.lr)}` : '';
  const low = judged.underfitAtLow
    ? `At the lowest LR ${sig(lo.lr)} the model underfits: train ${pct(lo.trainAccuracy)} vs validation ${pct(lo.valAccuracy)}.`
    : `At the lowest LR ${sig(lo.lr)} there is no underfitting regime: train ${pct(lo.trainAccuracy)} vs validation ${pct(lo.valAccuracy)} (gap ${pp(lo.trainAccuracy - lo.valAccuracy)}, noise ±${pp(gapNoise(lo.trainAccuracy, lo.valAccuracy, o.trainSize, o.valSize)).slice(1)}).`;
  const valNote = judged.crossTol && judged.bestVal.lr >= judged.crossTol.lr
    ? ` The best validation accuracy (${pct(judged.bestVal.valAccuracy)} at lr ${sig(judged.bestVal.lr)}) lies in the overfitting regime: a larger gap did not mean worse generalisation here.`
    : ` The best validation accuracy is ${pct(judged.bestVal.valAccuracy)} at lr ${sig(judged.bestVal.lr)}.`;
  const text = `${low} ${z0}${zt}. The largest gap is ${pp(judged.maxGap.gap)} at lr ${sig(judged.maxGap.lr)}; the gap's rank correlation with the LR (up to the best-fitting LR) is ${sig(judged.gapTrend, 2)}.${valNote}`;
  return { status: judged.status, text, judgement: judged };
}
