import fc from 'fast-check';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mimeType } from './mime.js';
import { resolveStatic, startLabServer, type LabServer } from './server.js';

// Layout: <base>/secret.txt sits next to the served folder <base>/lab; nothing may reach it.
// Created at load time: the it.each tables below name paths inside it.
const base = realpathSync(mkdtempSync(join(tmpdir(), 'lrlab-lab-')));
const root = join(base, 'lab');
let lab: LabServer;

beforeAll(async () => {
  mkdirSync(join(root, 'wasm'), { recursive: true });
  mkdirSync(join(root, 'sub'), { recursive: true });
  writeFileSync(join(base, 'secret.txt'), 'SECRET');
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>lab</title>');
  writeFileSync(join(root, 'app.js'), 'export {};');
  writeFileSync(join(root, 'style.css'), 'body{}');
  writeFileSync(join(root, 'data.json'), '{}');
  writeFileSync(join(root, 'wasm', 'tfjs-backend-wasm.wasm'), new Uint8Array([0, 97, 115, 109]));
  writeFileSync(join(root, 'sub', 'index.html'), 'sub index');
  writeFileSync(join(root, 'blob.xyz'), 'x');
  symlinkSync(join(base, 'secret.txt'), join(root, 'out-link.txt'));
  symlinkSync(join(root, 'app.js'), join(root, 'in-link.js'));
  symlinkSync(base, join(root, 'dir-link'));
  lab = await startLabServer({ root, port: 0 });
});

afterAll(async () => {
  await lab?.close();
  rmSync(base, { recursive: true, force: true });
});

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** A GET with the path sent byte for byte (no client-side normalisation of dots). */
function get(path: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: lab.port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A raw request line, for targets the http client would refuse or rewrite. */
function rawRequest(line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(lab.port, '127.0.0.1', () => socket.write(`${line}\r\nHost: localhost\r\nConnection: close\r\n\r\n`));
    let out = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (out += c));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

describe('lab server: files and headers', () => {
  it('serves index.html at / with COOP/COEP and nosniff', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>lab</title>');
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(r.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each([
    ['/app.js', 'text/javascript; charset=utf-8'],
    ['/style.css', 'text/css; charset=utf-8'],
    ['/data.json', 'application/json; charset=utf-8'],
    ['/wasm/tfjs-backend-wasm.wasm', 'application/wasm'],
    ['/blob.xyz', 'application/octet-stream'],
  ])('GET %s has Content-Type %s', async (path, type) => {
    const r = await get(path);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(type);
  });

  it('ignores the query string and the fragment', async () => {
    expect((await get('/app.js?v=3')).status).toBe(200);
    expect((await get('/?x=/../secret.txt#/designer')).body).toContain('<title>lab</title>');
  });

  it('serves a folder as its index.html', async () => {
    expect((await get('/sub/')).body).toBe('sub index');
    expect((await get('/sub')).body).toBe('sub index');
  });

  it('HEAD gives the length without a body; POST is 405', async () => {
    const head = await get('/app.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String('export {};'.length));
    expect(head.body).toBe('');
    const post = await get('/app.js', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('answers a matching If-None-Match with 304 and no body', async () => {
    const first = await get('/app.js');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"/);
    const again = await new Promise<Reply>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: lab.port, path: '/app.js', headers: { 'If-None-Match': etag } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect((await get('/style.css')).headers.etag).not.toBe(etag);
  });

  it('404 for a missing file, with the isolation headers still set', async () => {
    const r = await get('/nope.js');
    expect(r.status).toBe(404);
    expect(r.headers['cross-origin-embedder-policy']).toBe('require-corp');
  });
});

describe('lab server: nothing outside the folder', () => {
  it.each([
    '/../secret.txt',
    '/sub/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/.%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/sub/..%2F..%2Fsecret.txt',
    '/..%5csecret.txt',
    '/%2e%2e%5csecret.txt',
    `/${encodeURIComponent(join(base, 'secret.txt'))}`,
    '//secret.txt',
    `/${join(base, 'secret.txt')}`.replace('//', '/'),
    '/app.js%00.html',
    '/%E0%A4%A',
    '/out-link.txt',
    '/in-link.js',
    '/dir-link/secret.txt',
    '/./app.js',
  ])('GET %s → 404 and never the secret', async (path) => {
    const r = await get(path);
    expect(r.status).toBe(404);
    expect(r.body).not.toContain('SECRET');
  });

  it('absolute-form and dot targets sent raw → 404', async () => {
    for (const target of [`http://localhost:${lab.port}/../secret.txt`, '../secret.txt', '*', `${base}/secret.txt`]) {
      const out = await rawRequest(`GET ${target} HTTP/1.1`);
      expect(out, target).not.toContain('SECRET');
      // The parser may reject a malformed target itself (400); either way no file is served.
      expect(out.split('\r\n')[0], target).toMatch(/^HTTP\/1\.1 (404|400)/);
    }
  });

  it('resolveStatic never returns a path outside the folder (fast-check)', async () => {
    const segment = fc.oneof(
      fc.constantFrom('..', '.', '%2e%2e', '%2E.', 'app.js', 'sub', 'secret.txt', '%2f', '%5c', '', 'dir-link', 'out-link.txt', '%00'),
      fc.string({ maxLength: 6 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { maxLength: 5 }), async (parts) => {
        const file = await resolveStatic(root, `/${parts.join('/')}`);
        if (file !== null) expect(file.startsWith(root + sep)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('lab server: binding', () => {
  it('binds to 127.0.0.1 by default', () => {
    expect(lab.host).toBe('127.0.0.1');
    expect(lab.url).toBe(`http://127.0.0.1:${lab.port}/`);
  });

  it('is not reachable on another interface of this machine', async () => {
    const other = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
    if (!other) return; // no non-loopback interface here: nothing to test against
    const reached = await new Promise<boolean>((resolve) => {
      const s = connect(lab.port, other.address, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    expect(reached).toBe(false);
  });

  it('rejects with EADDRINUSE when the port is taken', async () => {
    await expect(startLabServer({ root, port: lab.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('mimeType', () => {
  it('maps by extension, case-insensitively, with a safe default', () => {
    expect(mimeType('a/B.WASM')).toBe('application/wasm');
    expect(mimeType('worker.js')).toBe('text/javascript; charset=utf-8');
    expect(mimeType('README')).toBe('application/octet-stream');
  });
});
