import { describe, expect, it } from 'vitest';
import { SpecError } from '../spec-error.js';
import { finderOptionsSchema, parseFinderOptions } from './options.js';

describe('parseFinderOptions', () => {
  it('applies the issue defaults', () => {
    expect(parseFinderOptions({})).toEqual({ startLr: 1e-7, endLr: 10, steps: 100, mode: 'exp', smooth: 0.98, diverge: 4, valLoss: false, adaptive: false, repeats: 1, trimEnd: 5 });
    expect(parseFinderOptions(undefined).steps).toBe(100);
  });

  it('keeps given values', () => {
    const o = parseFinderOptions({ startLr: 1e-5, endLr: 1, steps: 10, mode: 'linear', smooth: 0, diverge: 5, valLoss: true, adaptive: true, batchSize: 256, repeats: 3, trimStart: 0, trimEnd: 0 });
    expect(o).toEqual({ startLr: 1e-5, endLr: 1, steps: 10, mode: 'linear', smooth: 0, diverge: 5, valLoss: true, adaptive: true, batchSize: 256, repeats: 3, trimStart: 0, trimEnd: 0 });
  });

  it.each([
    [{ endLr: 1e-7 }, 'endLr: must be greater than startLr'],
    [{ startLr: 1, endLr: 0.5 }, 'endLr: must be greater than startLr'],
    [{ steps: 9 }, 'steps: must be an integer >= 10'],
    [{ steps: 10.5 }, 'steps: must be an integer >= 10'],
    [{ startLr: 0 }, 'startLr: must be a positive number'],
    [{ startLr: -1e-3 }, 'startLr: must be a positive number'],
    [{ endLr: -1 }, 'endLr: must be a positive number'],
    [{ endLr: Infinity }, 'endLr: must be a positive number'],
    [{ startLr: Number.NaN }, 'startLr: must be a positive number'],
    [{ smooth: 1 }, 'smooth: must be in [0, 1)'],
    [{ smooth: -0.1 }, 'smooth: must be in [0, 1)'],
    [{ diverge: 1 }, 'diverge: must be a number > 1'],
    [{ diverge: 0.5 }, 'diverge: must be a number > 1'],
    [{ repeats: 0 }, 'repeats: must be an integer >= 1'],
    [{ valLoss: 'yes' }, 'valLoss: must be true or false'],
    [{ adaptive: 1 }, 'adaptive: must be true or false'],
    [{ batchSize: 0 }, 'batchSize: must be an integer >= 1'],
    [{ batchSize: 12.5 }, 'batchSize: must be an integer >= 1'],
    [{ mode: 'log' }, "mode: must be 'exp' or 'linear'"],
    [{ steps: '100' }, 'steps: must be an integer >= 10'],
    [{ trimEnd: -1 }, 'trimEnd: must be an integer >= 0'],
    [{ stpes: 100 }, 'stpes: unknown field'],
    [42, 'options: must be an object'],
  ])('rejects %j with "%s"', (input, message) => {
    let err: unknown;
    try { parseFinderOptions(input); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(SpecError);
    expect((err as Error).message).toBe(message);
  });

  it('is a zod schema usable on its own', () => {
    expect(finderOptionsSchema.safeParse({ steps: 5 }).success).toBe(false);
  });
});
