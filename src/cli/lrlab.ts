import { VERSION } from '../version.js';
import type { Command } from './command.js';
import { errorLine, isInputError } from './errors.js';

/** Commands load lazily so `lrlab schedule` never pays for TensorFlow.js start-up. */
const commands: Record<string, { summary: string; load: () => Promise<{ command: Command }> }> = {
  schedule: { summary: 'evaluate a learning-rate schedule (json, csv, svg, png)', load: () => import('./commands/schedule.js') },
  train: { summary: 'train one model (data, model, optimizer, LR or schedule, batch size, epochs, seed)', load: () => import('./commands/train.js') },
  find: { summary: 'LR range test with suggestions and a verdict; grid search', load: () => import('./commands/find/index.js') },
  sweep: { summary: 'grid over LR x batch size (x schedule, x optimizer) in parallel, resumable', load: () => import('./commands/sweep.js') },
  worker: { summary: 'train the trials of queued sweeps (--queue) from Redis, on any machine', load: () => import('./commands/worker.js') },
  batch: { summary: 'gradient noise scale, critical batch size, LR scaling plan, batch-size schedules', load: () => import('./commands/batch/index.js') },
  study: { summary: 'run one of the experiments (or all)', load: () => import('./commands/study.js') },
  report: { summary: 'run the studies and write an HTML report with charts and verdicts', load: () => import('./commands/report.js') },
  lab: { summary: 'serve the browser lab on 127.0.0.1', load: () => import('./commands/lab.js') },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((k) => k.length));
  const rows = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    `lrlab ${VERSION} — find, schedule and scale the learning rate and batch size`,
    '',
    'Usage: lrlab <command> [flags]     (lrlab <command> --help for its flags)',
    '',
    'Commands:',
    ...rows,
    '',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const entry = commands[name];
  if (!entry) {
    process.stderr.write(`lrlab: error: ${name}: unknown command (try lrlab --help)\n`);
    return 2;
  }
  try {
    const { command } = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(`${command.help.trimEnd()}\n`);
      return 0;
    }
    return await command.run(rest);
  } catch (err) {
    process.stderr.write(`${errorLine(err)}\n`);
    if (isInputError(err)) return 2;
    if (process.env.LRLAB_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
