import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LR_FREE_OPTIMIZERS, OPTIMIZER_NAMES } from '../../src/engine/optimizers/index.js';
import { serveEnginePage, type EnginePage } from './engine-page.js';
import type { PathsRun } from './test-engine-page.js';
import { ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, HAVE_CHROMIUM, WEBGPU_ARGS } from './harness.js';

type Run = { backend: string; adapter: unknown; losses: number[]; weights: number[]; d: number | null };

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

  // Every optimizer, the learning-rate-free ones included: prodigy, dadapt-sgd and dadapt-adam
  // read their adapted d back once per epoch, which must be an asynchronous read to work here.
  for (const optimizer of OPTIMIZER_NAMES) {
    it(`mlp with ${optimizer}: 3 steps equal cpu within ${TOL}`, async () => {
      const c = { model: 'mlp', optimizer, lr: 0.01, steps: 3 };
      const gpu = await train({ ...c, backend: 'webgpu' });
      const cpu = await train({ ...c, backend: 'cpu' });
      expect(maxRelDiff(gpu.losses, cpu.losses)).toBeLessThan(TOL);
      expect(maxRelDiff(gpu.weights, cpu.weights)).toBeLessThan(TOL);
      expect(gpu.d === null).toBe(!LR_FREE_OPTIMIZERS.includes(optimizer));
      if (gpu.d !== null) expect(maxRelDiff([gpu.d], [cpu.d as number])).toBeLessThan(TOL);
    }, 60_000);
  }

  it('lrFind, the noise-scale measurement and snapshot/restore run on webgpu and equal cpu', async () => {
    const paths = (backend: 'cpu' | 'webgpu'): Promise<PathsRun> =>
      page.evaluate((b) => (globalThis as unknown as { lrlabPaths(b: string): Promise<PathsRun> }).lrlabPaths(b), backend);
    const gpu = await paths('webgpu');
    const cpu = await paths('cpu');
    expect(gpu.findLosses).toHaveLength(12);
    expect(maxRelDiff(gpu.findLosses, cpu.findLosses)).toBeLessThan(TOL);
    // The measurement's inputs (B_simple itself, a ratio of differences of these, can be
    // Infinity on 64 rows): 3 pairs of squared gradient norms, the same seeded batches on both.
    expect(gpu.gradNorms).toHaveLength(6);
    expect(cpu.gradNorms.every((g) => g > 0)).toBe(true);
    expect(maxRelDiff(gpu.gradNorms, cpu.gradNorms)).toBeLessThan(TOL);
    // Restore is exact on either backend: the replayed epoch is the same computation on the same state.
    expect(gpu.replayed).toBe(gpu.straight);
    expect(maxRelDiff([gpu.straight], [cpu.straight])).toBeLessThan(TOL);
  }, 120_000);

  it('no page errors', () => {
    expect(errors).toEqual([]);
  });
});
