import type { WorkerMessage, WorkerRequest } from './worker/protocol.js';

/** A started worker nobody uses yet (prewarmed), and one that finished a job cleanly (TensorFlow.js and data loaded). */
let spare: Worker | null = null;
let idle: Worker | null = null;

const spawn = (): Worker => new Worker(new URL('./worker.js', location.href), { type: 'module' });

/**
 * Start a worker ahead of the first click, so loading and compiling TensorFlow.js (~1.5 MB)
 * overlaps with the user filling in the form. Training pages call it when they open.
 */
export function prewarmWorker(): void {
  if (!idle) spare ??= spawn();
}

/**
 * One training job in a Web Worker. `stop()` terminates the worker: immediate at any moment
 * (even mid-step on a backend whose loop never yields), and the page stays responsive
 * throughout because all training happens off the main thread. A worker that finished its job
 * is kept for the next one, with its backend and data already loaded; a stopped or failed one
 * is never reused.
 */
export class TrainingJob {
  private worker: Worker | null;
  private finished = false;
  private readonly onEnd: (reason: 'done' | 'stopped' | 'error') => void;

  constructor(request: WorkerRequest, onMessage: (m: WorkerMessage) => void, onEnd: (reason: 'done' | 'stopped' | 'error') => void) {
    this.onEnd = onEnd;
    this.worker = idle ?? spare ?? spawn();
    if (this.worker === idle) idle = null;
    else spare = null;
    this.worker.onmessage = (ev: MessageEvent<WorkerMessage>) => {
      const m = ev.data;
      onMessage(m);
      if (m.type === 'range-done' || m.type === 'race-done') this.finish('done');
      else if (m.type === 'error') this.finish('error');
    };
    this.worker.onerror = (ev) => {
      onMessage({ type: 'error', message: ev.message || 'the training worker failed' });
      this.finish('error');
    };
    this.worker.postMessage(request);
  }

  get running(): boolean {
    return !this.finished;
  }

  stop(): void {
    this.finish('stopped');
  }

  private finish(reason: 'done' | 'stopped' | 'error'): void {
    if (this.finished || !this.worker) return;
    this.finished = true;
    const w = this.worker;
    this.worker = null;
    w.onmessage = null;
    w.onerror = null;
    if (reason === 'done' && !idle) idle = w;
    else w.terminate();
    prewarmWorker();
    this.onEnd(reason);
  }
}
