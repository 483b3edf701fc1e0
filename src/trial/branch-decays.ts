/**
 * "One run, many budgets": one warmup–stable–decay run whose stable phase is trained once, with a
 * short decay branched off it for every budget (snapshot → decay → evaluate → restore). One run
 * gives the accuracy-against-budget curve that a grid of cosine runs needs one run per budget for.
 */
import { SpecError } from '../core/spec-error.js';
import { fromSpec, wsdPhases, type WsdOptions } from '../core/schedules/index.js';
import type { Schedule } from '../core/schedules/index.js';
import type { Trainer } from '../engine/index.js';
import { buildTrial } from './build.js';
import type { TrialConfig } from './config.js';

export interface BranchDecaysOptions {
  /** Budgets in optimizer steps, strictly increasing integers ≥ 1; each is one wsd run's totalSteps. */
  budgets: readonly number[];
  /** Called after each branch is evaluated, with the branches done and the total. */
  onBranch?: (done: number, total: number) => void;
  /** Stops between steps; the branches evaluated so far are returned with `aborted: true`. */
  signal?: AbortSignal;
}

/** Validation loss and accuracy; null when the weights are no longer finite (diverged). */
export interface Metrics {
  loss: number;
  accuracy: number;
}

export interface DecayBranch {
  /** The budget: this branch ends where a wsd run with `totalSteps = budget` ends. */
  budget: number;
  /** First step of its decay (wsd's T − D); the stable run is shared up to here. */
  decayStart: number;
  /** Steps trained for this branch alone (budget − decayStart). */
  decaySteps: number;
  /** The stable run at `decayStart`, before any decay (what stopping there without a decay gives). */
  before: Metrics;
  /** After the decay, at step `budget`: what a wsd run of `budget` steps ends with. */
  after: Metrics | null;
  /** Mean training loss over the decay's steps (NaN-free; null when it diverged). */
  decayTrainLoss: number | null;
  diverged: boolean;
  /** Wall-clock seconds of the decay and its evaluation. */
  seconds: number;
}

export interface BranchDecaysResult {
  branches: DecayBranch[];
  /** Steps along the shared run (its last branch is the run itself, so no snapshot for it). */
  trunkSteps: number;
  /** Every optimizer step taken: trunk plus the other branches' decays — the curve's compute. */
  totalSteps: number;
  /** What one separate run per budget would take: the sum of the budgets. */
  separateSteps: number;
  stepsPerEpoch: number;
  /** The trunk's step whose loss was not finite (training stops there), else null. */
  divergedAtStep: number | null;
  aborted: boolean;
  /** The trainer's record of the run: data, optimizer, the longest budget's schedule, seed, backend, version. */
  config: Record<string, unknown>;
  seconds: number;
}

/** The wsd fields of a branch run; `totalSteps` is each budget's. */
export type WsdBase = Omit<WsdOptions, 'totalSteps'>;

/** The wsd fields of `config.schedule`, checked: a step-unit `wsd` spec (its totalSteps is replaced by each budget). */
function wsdBase(config: TrialConfig): WsdBase {
  const s = config.schedule;
  if (typeof s !== 'object' || s === null || s.type !== 'wsd') throw new SpecError('schedule', 'must be a wsd spec ({"type": "wsd", …}): branches decay off its stable phase');
  if (s.unit !== undefined) throw new SpecError('schedule.unit', 'must be left out: budgets count optimizer steps');
  const { type: _type, totalSteps: _total, ...rest } = s;
  return rest as WsdBase;
}

/** Check the budgets: strictly increasing integers ≥ 1. */
function checkBudgets(budgets: readonly number[]): number[] {
  if (!Array.isArray(budgets) || budgets.length === 0) throw new SpecError('budgets', 'must be a non-empty list of step counts');
  budgets.forEach((b, i) => {
    if (!Number.isInteger(b) || b < 1) throw new SpecError(`budgets[${i}]`, 'must be an integer >= 1');
    if (i > 0 && b <= budgets[i - 1]) throw new SpecError(`budgets[${i}]`, 'must be greater than the budget before it (strictly increasing)');
  });
  return [...budgets];
}

/** One branch's plan: its budget, where its decay starts, and its wsd schedule. */
export interface Plan {
  budget: number;
  decayStart: number;
  lr: Schedule;
}

/**
 * The branches' wsd schedules and decay starts, checked against the trunk (the longest budget's
 * run): before its decay start, each branch's schedule must give the trunk's LR bit for bit,
 * so sharing those steps is exact. wsd's stable phase is the same LR whatever totalSteps is;
 * a decay start past the trunk's own (possible only with odd rounding) is refused.
 */
export function planBranches(base: WsdBase, budgets: readonly number[]): Plan[] {
  const list = checkBudgets(budgets);
  const spec = (budget: number) => ({ type: 'wsd', ...base, totalSteps: budget });
  const plans = list.map((budget, i): Plan => {
    let phases;
    try {
      // wsdPhases validates the fields (SpecError naming them); the budget supplies totalSteps.
      phases = wsdPhases({ ...base, totalSteps: budget } as WsdOptions);
    } catch (err) {
      if (err instanceof SpecError) throw new SpecError(`budgets[${i}]`, `gives an invalid wsd run: ${err.message}`);
      throw err;
    }
    return { budget, decayStart: phases.decayStart, lr: fromSpec(spec(budget)).lr };
  });
  const trunk = plans[plans.length - 1];
  plans.forEach((p, i) => {
    if (i > 0 && p.decayStart < plans[i - 1].decayStart) throw new SpecError(`budgets[${i}]`, 'decays before the shorter budget does');
    for (let t = 0; t < p.decayStart; t++) {
      if (p.lr(t) !== trunk.lr(t)) throw new SpecError(`budgets[${i}]`, `its wsd run leaves the shared stable phase at step ${t}, before its decay at ${p.decayStart}`);
    }
  });
  return plans;
}

/**
 * Branch a wsd decay off one stable run at every budget. `config.schedule` is a wsd spec (lr,
 * warmup, decaySteps or decayFraction, decayShape, finalFactor; its totalSteps is ignored); the
 * trial is built once (`buildTrial`: same data, initial weights and batch order as any trial of
 * that seed). The run follows the longest budget's schedule; at each shorter budget's decay start
 * the trainer is snapshotted, trained on that budget's decay to its end, evaluated, and
 * restored — so every branch ends exactly (bitwise) where a separate wsd run of that budget,
 * trained from scratch with the same seed, would end. The longest budget is the run itself.
 *
 * `config.epochs`, `maxSteps`, `evalEverySteps`, `recordStepLosses` and `evaluateTrain` are not
 * used (the budgets set the length); a plateau or a batch schedule would change the steps the
 * branches share, and is refused. A non-finite training loss stops the run (`divergedAtStep`).
 *
 * Cost: the longest budget plus every other branch's decay steps, against the sum of the budgets
 * for separate runs. Paper: Hägele et al. 2024, "Scaling Laws and Compute-Optimal Training
 * Beyond Fixed Training Durations" (decays branched off one constant-LR run).
 *
 * @example const r = await branchDecays({ ...config, schedule: { type: 'wsd', lr: 0.1, decayFraction: 0.2 } }, { budgets: [200, 400, 800] });
 * r.branches.map((b) => b.after?.accuracy) // accuracy at 200, 400 and 800 steps
 */
export async function branchDecays(config: TrialConfig, opts: BranchDecaysOptions): Promise<BranchDecaysResult> {
  const base = wsdBase(config);
  if (config.plateau !== undefined) throw new SpecError('plateau', 'must be left out: branches share the stable phase step for step');
  if (config.batchSchedule !== undefined) throw new SpecError('batchSchedule', 'must be left out: budgets count steps of one batch size');
  const plans = planBranches(base, opts.budgets);
  const longest = plans[plans.length - 1].budget;
  const start = performance.now();
  const built = await buildTrial({ ...config, schedule: { type: 'wsd', ...base, totalSteps: longest } });
  try {
    const t = built.trainer;
    const branches: DecayBranch[] = [];
    let step = 0;
    let divergedAtStep: number | null = null;
    let aborted = false;
    for (const plan of plans) {
      // The shared run up to this branch's decay start.
      const trunk = await trainSteps(t, plan.lr, step, plan.decayStart, opts.signal);
      step = plan.decayStart - trunk.left;
      if (trunk.nonFinite) { divergedAtStep = step - 1; break; }
      if (trunk.aborted) { aborted = true; break; }
      const branchStart = performance.now();
      const before = await t.evaluate();
      const isTrunk = plan.budget === longest;
      const snap = isTrunk ? null : await t.snapshot();
      try {
        const decay = await trainSteps(t, plan.lr, plan.decayStart, plan.budget, opts.signal);
        if (decay.aborted) { aborted = true; break; }
        const after = decay.nonFinite ? null : await t.evaluate();
        branches.push({
          budget: plan.budget, decayStart: plan.decayStart, decaySteps: plan.budget - plan.decayStart,
          before, after, decayTrainLoss: decay.nonFinite || decay.count === 0 ? null : decay.lossSum / decay.count,
          diverged: decay.nonFinite, seconds: (performance.now() - branchStart) / 1000,
        });
        if (isTrunk) step = plan.budget;
      } finally {
        if (snap) {
          await t.restore(snap);
          t.disposeSnapshot(snap);
        }
      }
      opts.onBranch?.(branches.length, plans.length);
    }
    const decaySteps = branches.filter((b) => b.budget !== longest).reduce((a, b) => a + b.decaySteps, 0);
    return {
      branches,
      trunkSteps: step,
      totalSteps: step + decaySteps,
      separateSteps: plans.reduce((a, p) => a + p.budget, 0),
      stepsPerEpoch: t.stepsPerEpoch,
      divergedAtStep,
      aborted,
      config: t.config(),
      seconds: (performance.now() - start) / 1000,
    };
  } finally {
    built.dispose();
  }
}

/**
 * Train steps `from` … `to − 1` with the LR `lr(step)` set before each, as the Trainer's own loop
 * sets a schedule's value. Stops at a non-finite loss or an abort; `left` is the steps not taken.
 */
async function trainSteps(t: Trainer, lr: Schedule, from: number, to: number, signal?: AbortSignal): Promise<{ left: number; nonFinite: boolean; aborted: boolean; lossSum: number; count: number }> {
  let lossSum = 0, count = 0;
  for (let s = from; s < to; s++) {
    if (signal?.aborted) return { left: to - s, nonFinite: false, aborted: true, lossSum, count };
    t.setLearningRate(lr(s));
    const loss = await t.trainBatch();
    if (!Number.isFinite(loss)) return { left: to - s - 1, nonFinite: true, aborted: false, lossSum, count };
    lossSum += loss;
    count++;
    // Let timers and signal handlers run now and then (progress, Ctrl-C): a step is synchronous on wasm.
    if (count % 50 === 0) await yieldToEventLoop();
  }
  return { left: 0, nonFinite: false, aborted: false, lossSum, count };
}

/** One macrotask turn: setImmediate in Node, setTimeout(0) where it does not exist (browsers). */
function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
  return new Promise<void>((resolve) => (g.setImmediate ? g.setImmediate(resolve) : setTimeout(resolve, 0)));
}
