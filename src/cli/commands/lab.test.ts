import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../errors.js';
import { command } from './lab.js';

const dir = mkdtempSync(join(tmpdir(), 'lrlab-labcmd-'));
mkdirSync(join(dir, 'lab'));
writeFileSync(join(dir, 'lab', 'index.html'), '<title>lab</title>');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lrlab lab', () => {
  it.each([
    [['--port', 'abc'], "--port: must be a decimal number (got 'abc')"],
    [['--port', '0x50'], "--port: must be a decimal number (got '0x50')"],
    [['--port', '70000'], "--port: must be an integer in [0, 65535], got '70000'"],
    [['--port', '-1'], '--port'],
    [['--host', ''], '--host: must not be empty'],
    [['--dir', join(dir, 'missing')], 'has no index.html'],
    [['--nope'], '--nope'],
  ])('%j is a usage error', async (argv, message) => {
    const p = command.run(argv);
    await expect(p).rejects.toBeInstanceOf(UsageError);
    await expect(p).rejects.toThrow(message);
  });

  it('serves --dir on 127.0.0.1, prints the URL, and stops on SIGINT with exit 0', async () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    try {
      const running = command.run(['--port', '0', '--dir', join(dir, 'lab')]);
      await vi.waitFor(() => expect(out.join('')).toMatch(/http:\/\/127\.0\.0\.1:\d+\//));
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(out.join(''))?.[0] ?? '';
      const body = await new Promise<string>((resolve, reject) => {
        get(url, (res) => {
          let b = '';
          res.on('data', (c: Buffer) => (b += c.toString()));
          res.on('end', () => resolve(b));
        }).on('error', reject);
      });
      expect(body).toBe('<title>lab</title>');
      process.emit('SIGINT');
      await expect(running).resolves.toBe(0);
    } finally {
      spy.mockRestore();
    }
  });

  it('a taken port is a run-time failure naming the port and a way out', async () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    try {
      const first = command.run(['--port', '0', '--dir', join(dir, 'lab')]);
      await vi.waitFor(() => expect(out.join('')).toMatch(/:\d+\//));
      const port = Number(/:(\d+)\//.exec(out.join(''))?.[1]);
      await expect(command.run(['--port', String(port), '--dir', join(dir, 'lab')])).rejects.toThrow(`port ${port} is in use`);
      process.emit('SIGINT');
      await expect(first).resolves.toBe(0);
    } finally {
      spy.mockRestore();
    }
  });
});
