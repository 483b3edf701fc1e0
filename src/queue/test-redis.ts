/**
 * Test-only: a real redis-server on a free loopback port with persistence off, for the queue
 * tests. Where no redis-server is installed the tests are skipped, except in CI (env CI set),
 * where a missing server is an error.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';

export interface TestRedis {
  url: string;
  port: number;
  /** The redis-server process (for callers that must kill it on any exit). */
  child: ChildProcess;
  /** Send one command (inline protocol) and return the first reply line. */
  command(line: string): Promise<string>;
  stop(): Promise<void>;
}

/** True when redis-server can be run here; in CI its absence throws instead. */
export function redisAvailable(): boolean {
  const ok = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!ok && process.env.CI) throw new Error('redis-server is not installed, and the queue tests must run in CI (.ci/run installs it)');
  return ok;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function send(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let buf = '';
    sock.once('error', reject);
    sock.on('data', (d) => {
      buf += d.toString();
      const i = buf.indexOf('\r\n');
      if (i >= 0) {
        sock.end();
        resolve(buf.slice(0, i));
      }
    });
    sock.write(`${line}\r\n`);
  });
}

/** Start redis-server and wait until it answers PING. */
export async function startTestRedis(): Promise<TestRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      if (await send(port, 'PING') === '+PONG') break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start on port ${port}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    child,
    command: (line) => send(port, line),
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
