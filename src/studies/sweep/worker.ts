/**
 * The sweep's worker-thread entry (piscina): one TensorFlow.js instance per thread, its backend
 * started once, then one trial per task. Data loaded by a trial stays cached in the thread.
 */
import { initBackend, type BackendName } from '../../engine/backend.js';
import { runTrial } from '../run-trial.js';
import type { TrialOutcome, TrialSpec } from '../study.js';

/** What the pool sends: the trial and the backend the whole pool uses. */
export interface WorkerTask {
  spec: TrialSpec;
  backend: BackendName;
}

let ready: Promise<BackendName> | null = null;

export default async function runTask(task: WorkerTask): Promise<TrialOutcome> {
  ready ??= initBackend(task.backend);
  await ready;
  return runTrial(task.spec);
}
