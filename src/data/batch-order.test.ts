import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchOrder } from './batch-order.js';

/** All batches of the current epoch, starting at its beginning. */
function epochBatches(order: BatchOrder): Int32Array[] {
  const e = order.epoch;
  const out: Int32Array[] = [];
  do out.push(order.next());
  while (order.epoch === e);
  return out;
}

const sorted = (a: number[]): number[] => [...a].sort((p, q) => p - q);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('BatchOrder', () => {
  it('covers each index exactly once per epoch, keeping the partial last batch (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 200 }), fc.integer(), (n, b0, seed) => {
        const b = Math.min(b0, n);
        const order = new BatchOrder(n, b, seed);
        // ceil(n / b) steps: all full except possibly the last, which holds n − (steps−1)·b rows.
        const steps = Math.ceil(n / b);
        expect(order.stepsPerEpoch).toBe(steps);
        for (let e = 0; e < 3; e++) {
          const batches = epochBatches(order);
          expect(batches.length).toBe(steps);
          batches.slice(0, -1).forEach((x) => expect(x.length).toBe(b));
          expect(batches[steps - 1].length).toBe(n - (steps - 1) * b);
          expect(sorted(batches.flatMap((x) => Array.from(x)))).toEqual(range(n));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('with dropLast has floor(n/b) full batches and leaves out n mod b rows', () => {
    // n = 10, b = 4: floor(10/4) = 2 steps of 4, 2 rows left out each epoch.
    const order = new BatchOrder(10, 4, 1, { dropLast: true });
    expect(order.stepsPerEpoch).toBe(2);
    const batches = epochBatches(order);
    expect(batches.map((x) => x.length)).toEqual([4, 4]);
    expect(new Set(batches.flatMap((x) => Array.from(x))).size).toBe(8);
  });

  it('reshuffles between epochs and repeats for the same seed', () => {
    const a = new BatchOrder(100, 100, 5);
    const e0 = Array.from(a.next());
    const e1 = Array.from(a.next());
    expect(e1).not.toEqual(e0);
    expect(sorted(e0)).toEqual(sorted(e1));
    const b = new BatchOrder(100, 100, 5);
    expect(Array.from(b.next())).toEqual(e0);
    expect(Array.from(new BatchOrder(100, 100, 6).next())).not.toEqual(e0);
  });

  it('makes each epoch depend only on (seed, epoch), not on the batch size', () => {
    // Batch size 7 then 100 over the same epoch-1 permutation: the concatenated order is equal.
    const a = new BatchOrder(100, 7, 11);
    epochBatches(a);
    const b = new BatchOrder(100, 100, 11);
    b.next();
    expect(epochBatches(a).flatMap((x) => Array.from(x))).toEqual(Array.from(b.next()));
  });

  it('counts epoch and stepInEpoch as the position of the next batch', () => {
    const order = new BatchOrder(10, 4, 1); // 3 steps: 4 + 4 + 2
    expect([order.epoch, order.stepInEpoch]).toEqual([0, 0]);
    order.next();
    expect([order.epoch, order.stepInEpoch]).toEqual([0, 1]);
    order.next();
    order.next();
    expect([order.epoch, order.stepInEpoch]).toEqual([1, 0]);
  });

  it('setBatchSize waits for the next epoch when called mid-epoch, applies at once at a boundary', () => {
    const order = new BatchOrder(12, 4, 2);
    order.next();
    order.setBatchSize(6);
    expect(order.batchSize).toBe(4);
    expect(order.stepsPerEpoch).toBe(3);
    expect([order.next().length, order.next().length]).toEqual([4, 4]);
    // Epoch 1 runs at 6: 12 / 6 = 2 steps.
    expect(order.batchSize).toBe(6);
    expect(epochBatches(order).map((x) => x.length)).toEqual([6, 6]);
    order.setBatchSize(12); // at a boundary: this epoch
    expect(epochBatches(order).map((x) => x.length)).toEqual([12]);
  });

  it('resumes exactly from state() through a JSON round trip (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }), fc.integer(), fc.nat(50), fc.boolean(), (n, b0, seed, skip, change) => {
        const b = Math.min(b0, n);
        const a = new BatchOrder(n, b, seed);
        for (let i = 0; i < skip; i++) {
          a.next();
          if (change && i === 3) a.setBatchSize(Math.max(1, Math.floor(n / 2)));
        }
        const copy = new BatchOrder(n, 1, seed);
        copy.setState(JSON.parse(JSON.stringify(a.state())));
        for (let i = 0; i < 2 * Math.ceil(n / Math.min(b, Math.max(1, Math.floor(n / 2)))) + 3; i++) {
          expect([copy.epoch, copy.stepInEpoch, copy.batchSize]).toEqual([a.epoch, a.stepInEpoch, a.batchSize]);
          expect(Array.from(copy.next())).toEqual(Array.from(a.next()));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('rejects bad sizes and foreign states, naming the field', () => {
    expect(() => new BatchOrder(0, 1, 1)).toThrow(/^n: must be a positive integer/);
    expect(() => new BatchOrder(10, 0, 1)).toThrow(/^batchSize: must be a positive integer/);
    expect(() => new BatchOrder(10, 11, 1)).toThrow(/^batchSize: must be at most the 10 rows/);
    expect(() => new BatchOrder(10, 2, 1.5)).toThrow(/^seed: must be an integer/);
    const order = new BatchOrder(10, 2, 1);
    expect(() => order.setState({ ...order.state(), seed: 2 })).toThrow(/^state: belongs to a different order/);
    expect(() => order.setState({ ...order.state(), stepInEpoch: 5 })).toThrow(/^state\.stepInEpoch: must be an integer in \[0, 4\]/);
  });
});
