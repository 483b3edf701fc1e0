/** One training run as plain JSON: its config and schema, the builder, and the runner. */
export {
  trialConfigSchema, parseTrialConfig,
  type TrialConfig, type TrialSpec, type TrialOutcome, type TrialResultJson, type OptimizerSettings, type ScheduleValue, type TrialPlateau,
} from './config.js';
export { buildTrial, type BuildTrialOptions, type BuiltTrial, type TrialTrainerOptions } from './build.js';
export { trialData } from './data-cache.js';
export { runTrial, type RunTrialOptions } from './run-trial.js';
export { branchDecays, planBranches, type BranchDecaysOptions, type BranchDecaysResult, type DecayBranch } from './branch-decays.js';
