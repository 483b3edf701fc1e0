import type { OptimizerSettings } from '../../trial/config.js';

/** The schedules compared, in the order they are drawn. */
export const SCHEDULE_NAMES = ['fixed-max', 'fixed-base', 'multistep', 'triangular2', 'sgdr', 'onecycle', 'adam', 'adam-cosine'] as const;
export type ScheduleName = (typeof SCHEDULE_NAMES)[number];

/** The schedules in words, as the text, the table and the charts name them. */
export const LABELS: Record<ScheduleName, string> = {
  'fixed-max': 'fixed LR (max)', 'fixed-base': 'fixed LR (base)', multistep: 'multistep', triangular2: 'cyclical (triangular2)',
  sgdr: 'SGDR', onecycle: 'one-cycle', adam: 'Adam', 'adam-cosine': 'Adam + cosine',
};

/** The settings the schedules are built from. */
export interface ScheduleInputs {
  /** Peak accuracy LR of the accuracy range test, and base = max / baseDiv. */
  maxLr: number;
  baseLr: number;
  totalSteps: number;
  /** triangular2 cycles in the budget (each 2·stepSizeUp steps). */
  cycles: number;
  /** SGDR cycles with tMult 2: t0 = ⌈total / (2^k − 1)⌉ so no restart falls inside the budget after the k-th. */
  sgdrCycles: number;
  adamLr: number;
  momentum: number;
}

/**
 * Every schedule as optimizer settings (no LR) plus a step-unit schedule spec over
 * `totalSteps` optimizer steps:
 * - fixed-max / fixed-base: constant at maxLr / baseLr;
 * - multistep: maxLr, ×0.1 at 50% and 75% of the steps;
 * - triangular2: baseLr … maxLr, stepSizeUp = ⌈total / (2·cycles)⌉, momentum fixed (Smith's CLR);
 * - sgdr: maxLr → 0 cosine with warm restarts, tMult 2, t0 = ⌈total / (2^sgdrCycles − 1)⌉;
 * rounding up, so the budget never ends just after a restart (at the peak LR).
 * - onecycle: maxLr, PyTorch defaults (pctStart 0.3, divFactor 25, momentum 0.95 → 0.85 → 0.95);
 * - adam: constant adamLr; adam-cosine: adamLr → 0 over the budget.
 * SGD runs use momentum `momentum` (heavy ball).
 *
 * @example scheduleSpecs({ maxLr: 0.3, baseLr: 0.1, totalSteps: 700, cycles: 2, sgdrCycles: 3, adamLr: 1e-3, momentum: 0.9 }).sgdr.schedule
 * // → { type: 'sgdr', lr: 0.3, t0: 100, tMult: 2, etaMin: 0 } (cycles end at 100, 300, 700)
 */
export function scheduleSpecs(p: ScheduleInputs): Record<ScheduleName, { optimizer: OptimizerSettings; schedule: Record<string, unknown> }> {
  const T = p.totalSteps;
  const sgd: OptimizerSettings = { name: 'momentum', momentum: p.momentum };
  const adam: OptimizerSettings = { name: 'adam' };
  return {
    'fixed-max': { optimizer: sgd, schedule: { type: 'constant', lr: p.maxLr } },
    'fixed-base': { optimizer: sgd, schedule: { type: 'constant', lr: p.baseLr } },
    multistep: { optimizer: sgd, schedule: { type: 'multistep', lr: p.maxLr, milestones: [Math.round(0.5 * T), Math.round(0.75 * T)], gamma: 0.1 } },
    triangular2: { optimizer: sgd, schedule: { type: 'cyclic', baseLr: p.baseLr, maxLr: p.maxLr, stepSizeUp: Math.max(1, Math.ceil(T / (2 * p.cycles))), mode: 'triangular2', cycleMomentum: false } },
    sgdr: { optimizer: sgd, schedule: { type: 'sgdr', lr: p.maxLr, t0: Math.max(1, Math.ceil(T / (2 ** p.sgdrCycles - 1))), tMult: 2, etaMin: 0 } },
    onecycle: { optimizer: sgd, schedule: { type: 'onecycle', maxLr: p.maxLr, totalSteps: T } },
    adam: { optimizer: adam, schedule: { type: 'constant', lr: p.adamLr } },
    'adam-cosine': { optimizer: adam, schedule: { type: 'cosine', lr: p.adamLr, tMax: T, etaMin: 0 } },
  };
}
