/**
 * The sweep's worker-thread entry (piscina): one TensorFlow.js instance per thread, its backend
 * started once, then one trial per task. Data loaded by a trial stays cached in the thread.
 */
import type { MessagePort } from 'node:worker_threads';
import { initBackend, type BackendName } from '../engine/backend.js';
import { runTrialWithState, type TrialRun } from '../trial/run-trial.js';
import type { TrialSpec } from '../trial/config.js';

/** What the pool sends: the trial and the backend the whole pool uses. */
export interface WorkerTask {
  spec: TrialSpec;
  backend: BackendName;
  /** Where to post `{ fraction }` progress messages while the trial trains. */
  port?: MessagePort;
  /** A trainer state to continue from (ASHA promotions); absent: from scratch. */
  resumeFrom?: Uint8Array | null;
  /** Return the trainer state at the end too. */
  keepState?: boolean;
}

let ready: Promise<BackendName> | null = null;

export default async function runTask(task: WorkerTask): Promise<TrialRun> {
  ready ??= initBackend(task.backend);
  await ready;
  const port = task.port;
  try {
    return await runTrialWithState(task.spec, {
      ...(port ? { onProgress: (fraction: number) => port.postMessage({ fraction }) } : {}),
      ...(task.resumeFrom ? { resumeFrom: task.resumeFrom } : {}),
      ...(task.keepState ? { keepState: true } : {}),
    });
  } finally {
    port?.close();
  }
}
