import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mimeType } from './mime.js';

/** Options of {@link startLabServer}. */
export interface LabServerOptions {
  /** Folder to serve (default: the package's `lab-dist/`, see {@link defaultLabDir}). */
  root?: string;
  /** Interface to bind (default `127.0.0.1`: only this machine can connect). */
  host?: string;
  /** TCP port (default 5173; 0 picks a free one). */
  port?: number;
}

/** A running lab server. */
export interface LabServer {
  server: Server;
  /** `http://host:port/` as bound (the real port when 0 was asked for). */
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Headers on every response. COOP + COEP make the page cross-origin isolated, which the
 * multi-threaded wasm backend (SharedArrayBuffer) needs; CORP lets our own files load under
 * COEP; nosniff stops a browser from guessing a type the table did not give.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-cache',
};

/** The built lab next to this module: `<package>/lab-dist` (from `src/lab` and `dist/lab` alike). */
export function defaultLabDir(): string {
  return fileURLToPath(new URL('../../lab-dist/', import.meta.url));
}

/**
 * Map a request target to a file inside `root`, or null (→ 404). Deliberately strict:
 * - only origin-form targets (`/a/b`), query and fragment ignored;
 * - each segment is percent-decoded on its own; a segment that decodes to `.`, `..`, or holds
 *   `/`, `\` or NUL is refused, so `/../`, `%2e%2e` and `%2f` cannot climb out;
 * - empty segments (`//etc/passwd`) are refused;
 * - the file's real path must equal the path we built, so any symlink on the way is refused,
 *   even one pointing inside the folder;
 * - only regular files; a folder maps to its `index.html`.
 */
export async function resolveStatic(root: string, target: string): Promise<string | null> {
  const end = target.search(/[?#]/);
  const pathname = end < 0 ? target : target.slice(0, end);
  if (!pathname.startsWith('/')) return null;
  const raw = pathname.slice(1).split('/');
  if (raw[raw.length - 1] === '') raw[raw.length - 1] = 'index.html';
  const segments: string[] = [];
  for (const part of raw) {
    let seg: string;
    try {
      seg = decodeURIComponent(part);
    } catch {
      return null;
    }
    if (seg === '' || seg === '.' || seg === '..' || /[/\\\0]/.test(seg)) return null;
    segments.push(seg);
  }
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    return null;
  }
  let file = join(realRoot, ...segments);
  if (!file.startsWith(realRoot + sep)) return null;
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const real = await realpath(file);
    if (real !== file) return null;
    return (await stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}

function send(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...extra });
  res.end(body);
}

async function handle(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
    return;
  }
  const file = await resolveStatic(root, req.url ?? '');
  if (file === null) {
    send(res, 404, 'not found\n');
    return;
  }
  const { size, mtimeMs } = await stat(file);
  // `no-cache` makes the browser revalidate every load; the ETag turns that into a 304 with no body.
  const etag = `W/"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { ...SECURITY_HEADERS, ETag: etag });
    res.end();
    return;
  }
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': mimeType(file), 'Content-Length': String(size), ETag: etag });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/**
 * Serve the built lab: static files only, GET/HEAD, bound to 127.0.0.1 unless told otherwise.
 * Resolves once listening; rejects with the listen error (e.g. EADDRINUSE).
 *
 * @example const lab = await startLabServer({ port: 0 }); console.log(lab.url); await lab.close();
 */
export function startLabServer(opts: LabServerOptions = {}): Promise<LabServer> {
  const root = opts.root ?? defaultLabDir();
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 5173;
  const server = createServer((req, res) => {
    handle(root, req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const addr = server.address() as AddressInfo;
      const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      resolve({
        server,
        url: `http://${shown}:${addr.port}/`,
        host: addr.address,
        port: addr.port,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}
