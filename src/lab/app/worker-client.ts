import type { WorkerMessage, WorkerRequest } from './worker/protocol.js';

let spare: Worker | null = null;

const spawn = (): Worker => new Worker(new URL('./worker.js', location.href), { type: 'module' });

/**
 * Start a worker ahead of the first click, so loading and compiling TensorFlow.js (~1.5 MB)
 * overlaps with the user filling in the form. Training pages call it when they open.
 */
export function prewarmWorker(): void {
  spare ??= spawn();
}

/**
 * One training job in a fresh Web Worker. `stop()` terminates the worker: immediate at any
 * moment, and the page stays responsive throughout because all training happens off the
 * main thread.
 */
export class TrainingJob {
  private worker: Worker | null;
  private finished = false;

  constructor(request: WorkerRequest, onMessage: (m: WorkerMessage) => void, onEnd: (reason: 'done' | 'stopped' | 'error') => void) {
    this.worker = spare ?? spawn();
    spare = null;
    this.worker.onmessage = (ev: MessageEvent<WorkerMessage>) => {
      const m = ev.data;
      onMessage(m);
      if (m.type === 'range-done' || m.type === 'race-done' || m.type === 'error') {
        this.end();
        onEnd(m.type === 'error' ? 'error' : 'done');
      }
    };
    this.worker.onerror = (ev) => {
      onMessage({ type: 'error', message: ev.message || 'the training worker failed to start' });
      this.end();
      onEnd('error');
    };
    this.stopCallback = () => onEnd('stopped');
    this.worker.postMessage(request);
  }

  private stopCallback: () => void;

  get running(): boolean {
    return !this.finished;
  }

  stop(): void {
    if (this.finished) return;
    this.end();
    this.stopCallback();
  }

  private end(): void {
    this.finished = true;
    this.worker?.terminate();
    this.worker = null;
    // A fresh worker for the next run (a stopped one may be mid-step; workers are never reused).
    prewarmWorker();
  }
}
