import { recommendSchedule } from '../../core/finder/index.js';
import { DEFAULT_LEARNING_RATES, type OptimizerName } from '../../engine/optimizers/index.js';
import type { OptimizerSettings } from '../../trial/config.js';
import type { MethodGroup } from './verdict.js';

/** The methods compared, in the order they are drawn. */
export const METHOD_NAMES = [
  'finder-onecycle', 'finder-wsd', 'adam', 'schedulefree-sgd', 'schedulefree-adamw', 'prodigy', 'dadapt-sgd', 'dadapt-adam',
] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

/** The methods in words (text, table, legends) and their side of the claim. */
export const METHODS: Record<MethodName, { label: string; group: MethodGroup }> = {
  'finder-onecycle': { label: 'range test + one-cycle', group: 'finder' },
  'finder-wsd': { label: 'range test + WSD', group: 'finder' },
  adam: { label: 'Adam (default LR)', group: 'default' },
  'schedulefree-sgd': { label: 'schedule-free SGD', group: 'lr-free' },
  'schedulefree-adamw': { label: 'schedule-free AdamW', group: 'lr-free' },
  prodigy: { label: 'Prodigy', group: 'lr-free' },
  'dadapt-sgd': { label: 'D-Adaptation SGD', group: 'lr-free' },
  'dadapt-adam': { label: 'D-Adaptation Adam', group: 'lr-free' },
};

/** What the methods' settings are built from. */
export interface MethodInputs {
  /** The range test's suggestion; null leaves the finder methods out. */
  suggestedLr: number | null;
  stepsPerEpoch: number;
  epochs: number;
  /** Heavy-ball momentum of the finder-tuned SGD runs (and of their range test). */
  momentum: number;
  /** Adam's LR (its library default, 1e-3). */
  adamLr: number;
  /** The WSD run's warmup and decay, as fractions of its steps, and its decay shape. */
  wsd: { warmupFraction: number; decayFraction: number; decayShape: string };
}

export interface MethodSpec {
  name: MethodName;
  optimizer: OptimizerSettings;
  /** A constant LR (the method's default) or a schedule spec over the whole run. */
  schedule: number | Record<string, unknown>;
}

/** The default LR of a learning-rate-free or schedule-free optimizer (engine/optimizers' table). */
function defaultLr(name: OptimizerName): number {
  const lr = DEFAULT_LEARNING_RATES[name];
  if (lr === undefined) throw new Error(`lr-free: optimizer ${name} has no default learning rate`);
  return lr;
}

/**
 * Every method's optimizer and schedule for `epochs · stepsPerEpoch` steps:
 * - finder-onecycle: SGD with momentum, `recommendSchedule`'s one-cycle peaking at
 *   ONECYCLE_PEAK_FACTOR (3) × the range test's suggestion (the CLI's recommendation: up from
 *   P/25 for 30%, cosine down);
 * - finder-wsd: SGD with momentum, wsd at the suggestion: linear warmup from 0 over
 *   round(warmupFraction·T) steps, stable, `decayShape` decay to 0 over the last decayFraction;
 * - adam: constant `adamLr`;
 * - schedule-free SGD/AdamW, Prodigy, D-Adaptation SGD/Adam: constant at their authors' default
 *   LR (DEFAULT_LEARNING_RATES: the multiplier 1, schedule-free SGD 1, schedule-free AdamW 0.0025),
 *   every other setting at its default.
 * The finder methods are left out when the suggestion is null.
 */
export function methodSpecs(p: MethodInputs): MethodSpec[] {
  const T = p.epochs * p.stepsPerEpoch;
  const sgd: OptimizerSettings = { name: 'momentum', momentum: p.momentum };
  const specs: MethodSpec[] = [];
  if (p.suggestedLr !== null) {
    specs.push({ name: 'finder-onecycle', optimizer: sgd, schedule: recommendSchedule({ lr: p.suggestedLr, stepsPerEpoch: p.stepsPerEpoch, epochs: p.epochs, kind: 'onecycle' }).spec as unknown as Record<string, unknown> });
    specs.push({
      name: 'finder-wsd', optimizer: sgd,
      schedule: { type: 'wsd', lr: p.suggestedLr, totalSteps: T, warmupSteps: Math.round(p.wsd.warmupFraction * T), decayFraction: p.wsd.decayFraction, decayShape: p.wsd.decayShape },
    });
  }
  specs.push({ name: 'adam', optimizer: { name: 'adam' }, schedule: p.adamLr });
  for (const name of ['schedulefree-sgd', 'schedulefree-adamw', 'prodigy', 'dadapt-sgd', 'dadapt-adam'] as const) {
    specs.push({ name, optimizer: { name }, schedule: defaultLr(name) });
  }
  return specs;
}
