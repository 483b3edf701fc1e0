import { resolve } from 'node:path';
import { BackendUnavailableError } from '../../engine/webgpu.js';
import { JOB_BACKENDS } from '../../queue/protocol.js';
import { startQueueWorker } from '../../queue/queue-worker.js';
import { redact } from '../../queue/connect.js';
import { choiceFlag, intFlag, numFlag, parseFlags } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';

const help = `lrlab worker — train the trials of queued sweeps (lrlab sweep/study/report --queue)

Usage: lrlab worker --queue redis://[:password@]HOST:PORT[/DB] [flags]

  --queue URL             the Redis the coordinator uses (rediss:// for TLS) (required)
  --jobs N                trials at once, one worker thread each (default 1)
  --max-trials K          exit after taking K trials
  --idle-exit SECONDS     exit after SECONDS with no trial to train
  --lock-seconds S        job lock: if this worker dies, its trial is handed to another worker
                          after about S to 2·S seconds (default 30)
  --backend B             wasm | cpu | webgpu | auto: what this worker trains jobs on whose backend is
                          auto (default auto: webgpu when this machine has a GPU adapter, else wasm);
                          a job that names a backend runs on it, see below
  --state-dir DIR         where ASHA trainer states are (shared storage as mounted on this machine),
                          when the coordinator ran with --state-dir; default: the coordinator's path, or Redis
  --quiet                 no per-trial lines on stderr

Backend: the coordinator chooses. Its --backend wasm, cpu or webgpu is what every worker trains
the sweep's trials on (one backend, comparable numbers; a webgpu job on a worker with no GPU
adapter fails with that reason). The coordinator resolves its own --backend auto on its machine
before it enqueues; a job that says auto runs on this worker's --backend. Each result records
the backend and GPU adapter the trial ran on.

Jobs carry trial JSON only (no code); each payload is checked like a local trial's config, and a
bad one fails that job with the reason while the worker goes on. Training runs on worker threads,
so the job locks are renewed however long a trial computes. Ctrl-C (or SIGTERM) finishes the
running trials and exits; a second Ctrl-C hands them back to the queue at once.

Example (one per machine):
  lrlab worker --queue redis://:secret@10.0.0.5:6379 --jobs 2
`;

const FLAGS = {
  queue: { type: 'string' },
  jobs: { type: 'string' },
  'max-trials': { type: 'string' },
  'idle-exit': { type: 'string' },
  'lock-seconds': { type: 'string' },
  'state-dir': { type: 'string' },
  backend: { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

export const command: Command = {
  name: 'worker',
  summary: 'train the trials of queued sweeps from a Redis queue',
  help,
  async run(argv: string[]): Promise<number> {
    const { values } = parseFlags(argv, FLAGS);
    const url = values.queue as string | undefined;
    if (url === undefined || url.trim() === '') throw new UsageError('--queue', 'is required (redis://HOST:PORT)');
    const jobs = intFlag('jobs', values.jobs as string | undefined, { default: 1 });
    const maxRaw = values['max-trials'] as string | undefined;
    const idleRaw = values['idle-exit'] as string | undefined;
    const lockSeconds = numFlag('lock-seconds', values['lock-seconds'] as string | undefined, { min: 0.1, default: 30 });
    const backend = choiceFlag('backend', values.backend as string | undefined, JOB_BACKENDS, 'auto');
    const quiet = values.quiet === true;
    const log = (line: string): void => { if (!quiet) process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`); };
    const worker = await startQueueWorker({
      url, jobs, lockSeconds, log, backend,
      ...(typeof values['state-dir'] === 'string' ? { stateDir: resolve(values['state-dir']) } : {}),
      ...(maxRaw !== undefined ? { maxTrials: intFlag('max-trials', maxRaw) } : {}),
      ...(idleRaw !== undefined ? { idleExitSeconds: numFlag('idle-exit', idleRaw, { positive: true }) } : {}),
    }).catch((e: unknown) => {
      // webgpu asked for and no GPU adapter here (or the webgpu package missing): exit 2, one line.
      throw e instanceof BackendUnavailableError ? new UsageError('--backend', e.message) : e;
    });
    log(`worker on ${redact(url)}: ${jobs} thread${jobs === 1 ? '' : 's'}, lock ${lockSeconds} s`);
    let signals = 0;
    const onSignal = (): void => {
      signals++;
      if (signals === 1) log('stopping: finishing the running trials (signal again to hand them back)');
      else log('stopping: handing the running trials back to the queue');
      worker.stop(signals > 1);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const { finished, failed } = await worker.done;
      log(`worker done: ${finished} trials finished, ${failed} jobs failed`);
    } finally {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
    return 0;
  },
};
