import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTIMIZER_NAMES } from '../../src/engine/optimizers/index.js';
import { serveEnginePage, WEBGPU_ARGS, type EnginePage } from './engine-page.js';
import { ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, HAVE_CHROMIUM } from './harness.js';

type Run = { backend: string; adapter: unknown; losses: number[]; weights: number[] };

/** Largest |a − b| over max(1, |b|) elementwise; the arrays must have the same length. */
function maxRelDiff(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return m;
}

/**
 * The stock tfjs webgpu backend (the one Node gets through Dawn) runs here on chromium's
 * SwiftShader adapter. The page removes OffscreenCanvas first: without it tfjs-webgpu's
 * synchronous readback (dataSync) fails as it does in Node, so a dataSync anywhere in the engine
 * fails these tests rather than passing only in a browser.
 */
describe.skipIf(!HAVE_CHROMIUM)('the engine on webgpu (chromium, SwiftShader) equals cpu', () => {
  let browser: Browser;
  let server: EnginePage;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await serveEnginePage(join(ARTIFACTS, 'engine-page'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...WEBGPU_ARGS], headless: true });
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.waitForFunction(() => 'lrlabTrain' in globalThis);
    await page.evaluate(() => {
      delete (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas;
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const train = (c: { backend: 'cpu' | 'webgpu'; model: string; optimizer: string; lr: number; steps: number }): Promise<Run> =>
    page.evaluate((arg) => (globalThis as unknown as { lrlabTrain(a: unknown): Promise<Run> }).lrlabTrain(arg), c);

  // float32 on both sides, different summation orders: after a few steps the difference stays
  // within a few hundred ulps of the values (1e-4 relative), far below what a wrong gradient,
  // a missed update or a wrong learning rate would change (whole percents after one step).
  const TOL = 1e-4;

  it('webgpu starts through initBackend on the SwiftShader adapter, recorded in the config', async () => {
    const r = await train({ backend: 'webgpu', model: 'linear', optimizer: 'sgd', lr: 0.1, steps: 2 });
    expect(r.backend).toBe('webgpu');
    expect(r.adapter).toMatchObject({ vendor: 'google', architecture: 'swiftshader' });
  }, 60_000);

  for (const model of ['mlp', 'cnn'] as const) {
    it(`${model} with sgd: 4 steps, losses and weights equal cpu within ${TOL}`, async () => {
      const c = { model, optimizer: 'sgd', lr: 0.1, steps: 4 };
      const gpu = await train({ ...c, backend: 'webgpu' });
      const cpu = await train({ ...c, backend: 'cpu' });
      expect(gpu.losses).toHaveLength(4);
      expect(maxRelDiff(gpu.losses, cpu.losses)).toBeLessThan(TOL);
      expect(maxRelDiff(gpu.weights, cpu.weights)).toBeLessThan(TOL);
      // The weights moved: the comparison is of training, not of the initialisation.
      expect(cpu.losses[3]).not.toBe(cpu.losses[0]);
    }, 120_000);
  }

  // Known failure, kept visible: these three report their adapted step size d once per epoch
  // through `adaptedStepSize()`, a synchronous dataSync (src/engine/optimizers/base.ts
  // readScalarState), which the webgpu backend cannot do in Node. `it.fails` turns into a failure
  // once that read is made asynchronous, so the marker is removed with the fix.
  const SYNC_READ = new Set(['prodigy', 'dadapt-sgd', 'dadapt-adam']);
  for (const optimizer of OPTIMIZER_NAMES) {
    (SYNC_READ.has(optimizer) ? it.fails : it)(`mlp with ${optimizer}: 3 steps equal cpu within ${TOL}`, async () => {
      const c = { model: 'mlp', optimizer, lr: 0.01, steps: 3 };
      const gpu = await train({ ...c, backend: 'webgpu' });
      const cpu = await train({ ...c, backend: 'cpu' });
      expect(maxRelDiff(gpu.losses, cpu.losses)).toBeLessThan(TOL);
      expect(maxRelDiff(gpu.weights, cpu.weights)).toBeLessThan(TOL);
    }, 60_000);
  }

  it('no page errors', () => {
    expect(errors).toEqual([]);
  });
});
