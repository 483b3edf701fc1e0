/**
 * The sweep's worker-thread entry (piscina): one TensorFlow.js instance per thread, its backend
 * started once, then one trial per task. Data loaded by a trial stays cached in the thread.
 */
import type { MessagePort } from 'node:worker_threads';
import { initBackend, type BackendName } from '../engine/backend.js';
import { runTrial } from '../trial/run-trial.js';
import type { TrialOutcome, TrialSpec } from '../trial/config.js';

/** What the pool sends: the trial and the backend the whole pool uses. */
export interface WorkerTask {
  spec: TrialSpec;
  backend: BackendName;
  /** Where to post `{ fraction }` progress messages while the trial trains. */
  port?: MessagePort;
}

let ready: Promise<BackendName> | null = null;

export default async function runTask(task: WorkerTask): Promise<TrialOutcome> {
  ready ??= initBackend(task.backend);
  await ready;
  const port = task.port;
  try {
    return await runTrial(task.spec, port ? { onProgress: (fraction) => port.postMessage({ fraction }) } : {});
  } finally {
    port?.close();
  }
}
